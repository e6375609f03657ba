import type { Measurement } from '../bench/index.js';
import type { Weights } from '../config/index.js';
import type { Task } from '../datasets/index.js';
import { groupScores, mean } from './groups.js';
import { SCORING_VERSION } from './profile.js';
import type { RunScores, TaskScore } from './types.js';

export interface ReportInput {
  runId: string;
  suite: string;
  targetUrl: string;
  model: string;
  startedAt: string;
  completedAt: string;
  seed: string | number;
  subset: number;
  /** A completed task passes on quality when its quality (0..1) is at least this (bench.passQuality). */
  passQuality: number;
  weights: Weights;
  tasks: Task[];
  measurements: Measurement[];
  scores: TaskScore[];
  run: RunScores;
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One janus-bench TaskResult (reference/janus.md 1.6) plus our fields. */
function taskResult(task: Task, m: Measurement, s: TaskScore) {
  const metrics = s.metrics;
  return {
    task_id: task.id,
    benchmark: task.benchmark,
    task_type: task.type,
    success: s.success,
    response_text: m.content || null,
    error: m.error?.message ?? null,
    latency_seconds: m.endUs / 1e6,
    streaming_metrics: {
      ttft_seconds: (metrics.ttftMs ?? metrics.durationMs) / 1000,
      max_gap_seconds: metrics.maxGapMs / 1000,
      total_chunks: metrics.dataEvents,
      keep_alive_count: metrics.keepAlives,
      total_duration_seconds: metrics.durationMs / 1000,
      avg_tps: metrics.chunkTps.avg,
      peak_tps: metrics.chunkTps.peak,
      min_tps: metrics.chunkTps.min,
      total_tokens: metrics.contentEvents,
      continuity_score: metrics.continuity.score,
      continuity_gap_count: metrics.continuity.gapCount,
      continuity_max_gap_seconds: metrics.continuity.maxGapMs / 1000,
      continuity_coefficient_of_variation: metrics.continuity.cv,
    },
    tokens_per_second: s.tps ?? null,
    prompt_tokens: m.usage?.promptTokens ?? null,
    completion_tokens: m.usage?.completionTokens ?? null,
    total_tokens: m.usage?.totalTokens ?? null,
    cost_usd: m.usage?.costUsd ?? null,
    sandbox_seconds: m.usage?.sandboxSeconds ?? null,
    quality_score: s.quality,
    speed_score: s.speed,
    cost_score: s.cost,
    streaming_score: s.streaming,
    multimodal_score: s.multimodal,
    judge_score: m.evidence?.judge?.score ?? null,
    judge_output: m.evidence?.judge ?? s.evaluation.details ?? null,
    metadata: { tool_calls: m.toolCalls, has_reasoning_content: m.reasoning.length > 0, ...task.metadata },
    timestamp: new Date(m.startedAt).toISOString(),
    rodeo: {
      category: task.category,
      difficulty: task.difficulty,
      dimensions: s.dimensions,
      error_code: m.error?.code ?? null,
      ttft_ms: metrics.ttftMs ?? null,
      first_content_ms: metrics.firstContentMs ?? null,
      counted_tokens: metrics.countedTokens,
      token_tps: metrics.tokenTps ?? null,
      reasoning_events: metrics.reasoningEvents,
      usage_rejected: m.usageRejected ?? [],
      stored_text_cuts: m.cuts ?? [],
      evaluation: s.evaluation.details ?? {},
    },
  };
}

/** The report JSON: every field of janus-bench's BenchmarkReport, plus a `rodeo` section of ours. */
export function buildReport(input: ReportInput) {
  const { scores, measurements, run } = input;
  const latencies = measurements.map((m) => m.endUs / 1e6);
  const ttfts = scores.map((s) => (s.metrics.ttftMs ?? s.metrics.durationMs) / 1000);
  const errors: Record<string, number> = {};
  for (const m of measurements) if (m.error) errors[m.error.code] = (errors[m.error.code] ?? 0) + 1;
  return {
    run_id: input.runId,
    suite: input.suite,
    target_url: input.targetUrl,
    model: input.model,
    started_at: input.startedAt,
    completed_at: input.completedAt,
    composite_score: run.composite,
    quality_score: run.dimensions.quality,
    speed_score: run.dimensions.speed,
    cost_score: run.dimensions.cost,
    streaming_score: run.dimensions.streaming,
    multimodal_score: run.dimensions.multimodal,
    total_tasks: scores.length,
    passed_tasks: scores.filter((s) => s.success).length,
    failed_tasks: scores.filter((s) => !s.success).length,
    avg_latency_seconds: mean(latencies),
    p50_latency_seconds: median(latencies),
    avg_ttft_seconds: ttfts.length ? mean(ttfts) : null,
    max_gap_seconds: scores.length ? Math.max(...scores.map((s) => s.metrics.maxGapMs / 1000)) : null,
    total_tokens: measurements.reduce((a, m) => a + (m.usage?.totalTokens ?? 0), 0),
    total_cost_usd: measurements.reduce((a, m) => a + (m.usage?.costUsd ?? 0), 0),
    results: input.tasks.map((t, i) => taskResult(t, measurements[i]!, scores[i]!)),
    weights: Object.fromEntries(
      Object.entries(input.weights).map(([k, v]) => [k, Math.round(v * 10000) / 100]),
    ),
    benchmark_scores: run.benchmarkScores,
    benchmark_metrics: run.benchmarkMetrics,
    rodeo: {
      profile: run.profile,
      scoring_version: SCORING_VERSION,
      seed: input.seed,
      subset_percent: input.subset,
      applied_weights: run.appliedWeights,
      by_category: groupScores(scores, (s) => s.category),
      by_task_type: groupScores(scores, (s) => s.type),
      errors_by_code: errors,
      /** Completed = answered without a transport error (janus-bench's passed_tasks); quality passes apart. */
      completed_tasks: scores.filter((s) => s.success).length,
      quality_pass: {
        threshold: input.passQuality,
        passed: scores.filter((s) => s.success && s.quality >= input.passQuality).length,
      },
    },
  };
}

export type BenchReport = ReturnType<typeof buildReport>;
