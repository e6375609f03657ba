import type { Measurement } from '../bench/index.js';
import type { Task } from '../datasets/index.js';
import { scoreCost, scoreSpeed, scoreStreaming } from './janus-formulas.js';
import { streamMetrics, streamMetricsCounted } from './stream-metrics.js';
import type { TaskEvaluation, TaskScore } from './types.js';

/**
 * janus-bench's per-task scores (scorers/composite.py compute_task_scores), quirks included: a failed task
 * still earns streaming (continuity 1.0 with < 3 chunks), cost 0.5 without usage, multimodal 1.0 without an
 * image, so its numbers compare with janus-bench's.
 */
export function scoreTaskJanus(
  task: Task,
  m: Measurement,
  evaluation: TaskEvaluation,
  count?: (text: string) => number,
): TaskScore {
  const metrics = count ? streamMetricsCounted(m, count) : streamMetrics(m);
  const latency = m.endUs / 1e6;
  const firstTokenReceived = metrics.ttftMs !== undefined;
  const ttftSeconds = firstTokenReceived ? metrics.ttftMs! / 1000 : latency;
  const usageTokens = m.usage?.completionTokens || m.usage?.totalTokens;
  const tps = latency > 0 ? (usageTokens ? usageTokens / latency : metrics.chunkTps.avg) : undefined;
  return {
    taskId: task.id,
    benchmark: task.benchmark,
    category: task.category,
    type: task.type,
    difficulty: task.difficulty,
    success: m.error === undefined,
    errorCode: m.error?.code,
    dimensions: task.dimensions,
    quality: evaluation.quality,
    speed: scoreSpeed(latency, ttftSeconds, tps),
    cost:
      evaluation.costEfficiency ?? scoreCost(m.usage?.totalTokens, m.usage?.costUsd, m.usage?.sandboxSeconds),
    streaming: scoreStreaming(
      {
        ttftSeconds,
        firstTokenReceived,
        maxGapSeconds: metrics.maxGapMs / 1000,
        totalChunks: metrics.dataEvents,
        avgTps: metrics.chunkTps.avg,
        continuityScore: metrics.continuity.score,
        contentChunks: metrics.contentEvents,
        hasReasoning: m.reasoning.length > 0,
      },
      task.evaluation,
      task.type,
    ),
    multimodal: evaluation.multimodal ?? 1,
    tps,
    metrics,
    evaluation,
  };
}
