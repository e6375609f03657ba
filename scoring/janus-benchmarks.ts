import { mean } from './groups.js';
import type { TaskScore } from './types.js';

export interface BenchmarkResult {
  score: number;
  metrics?: Record<string, unknown>;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(Math.trunc(sorted.length * p), sorted.length - 1)];
};
const detail = (s: TaskScore, key: string): unknown => s.evaluation.details?.[key];
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** scorers/composite.py _build_benchmark_results: per janus_* benchmark, its score and metrics. */
export function janusBenchmarkResults(scores: TaskScore[]): Record<string, BenchmarkResult> {
  const by = (name: string) => scores.filter((s) => s.benchmark === name);
  const out: Record<string, BenchmarkResult> = {};

  const research = by('janus_research');
  if (research.length) {
    const valid = research.filter((s) => s.success);
    const byType: Record<string, number[]> = {};
    for (const s of valid) {
      const type = String(detail(s, 'research_task_type') ?? 'unknown');
      byType[type] = [...(byType[type] ?? []), s.quality];
    }
    const metrics: Record<string, unknown> = {
      avg_latency_ms: mean(research.map((s) => s.metrics.durationMs)),
    };
    if (valid.length) {
      metrics.search_usage_rate =
        valid.filter((s) => detail(s, 'search_used') === true).length / valid.length;
      metrics.citation_rate = valid.filter((s) => detail(s, 'citation_used') === true).length / valid.length;
      metrics.by_task_type = Object.fromEntries(
        Object.entries(byType).map(([t, xs]) => [t, { count: xs.length, avg_score: mean(xs) }]),
      );
    }
    out.janus_research = { score: mean(research.map((s) => s.quality)), metrics };
  }

  const tools = by('janus_tool_use');
  if (tools.length) out.janus_tool_use = { score: mean(tools.map((s) => s.quality)) };

  const multimodal = by('janus_multimodal');
  if (multimodal.length) out.janus_multimodal = { score: mean(multimodal.map((s) => s.multimodal)) };

  const streaming = by('janus_streaming');
  if (streaming.length) {
    const ttfts = streaming.filter((s) => s.metrics.ttftMs !== undefined).map((s) => s.metrics.ttftMs!);
    const metrics: Record<string, unknown> = {};
    if (ttfts.length) {
      metrics.avg_ttft_ms = mean(ttfts);
      metrics.p90_ttft_ms = percentile(ttfts, 0.9);
      metrics.p95_ttft_ms = percentile(ttfts, 0.95);
      metrics.p99_ttft_ms = percentile(ttfts, 0.99);
    }
    metrics.avg_tps = mean(streaming.map((s) => s.metrics.chunkTps.avg));
    metrics.avg_continuity = mean(streaming.map((s) => s.metrics.continuity.score));
    metrics.continuity_score = metrics.avg_continuity;
    const regular = streaming.filter((s) => s.metrics.durationMs > 0);
    if (regular.length) {
      metrics.chunk_regularity = mean(
        regular.map((s) => Math.max(0, 1 - s.metrics.maxGapMs / s.metrics.durationMs)),
      );
    }
    metrics.samples = ttfts.length;
    out.janus_streaming = { score: mean(streaming.map((s) => s.streaming)), metrics };
  }

  const cost = by('janus_cost');
  if (cost.length) {
    const metrics: Record<string, unknown> = {};
    const withDetails = cost.filter((s) => detail(s, 'total_tokens') !== undefined);
    if (withDetails.length) {
      const n = withDetails.length;
      const sum = (key: string) => withDetails.reduce((a, s) => a + num(detail(s, key)), 0);
      const baseline = sum('baseline_tokens');
      metrics.avg_input_tokens = sum('input_tokens') / n;
      metrics.avg_output_tokens = sum('output_tokens') / n;
      metrics.avg_total_tokens = sum('total_tokens') / n;
      metrics.avg_quality_score = sum('quality_score') / n;
      metrics.avg_efficiency_score = mean(withDetails.map((s) => s.cost));
      metrics.baseline_tokens = baseline;
      metrics.samples = n;
      if (baseline > 0) metrics.token_savings_pct = ((baseline - sum('output_tokens')) / baseline) * 100;
    }
    out.janus_cost = { score: mean(cost.map((s) => s.cost)), metrics };
  }
  return out;
}
