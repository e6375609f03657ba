import type { Measurement } from '../bench/index.js';
import type { Task } from '../datasets/index.js';
import { lowerIsBetter, normalizeTps, normalizeTtft } from './janus-formulas.js';
import { type StreamMetrics, streamMetrics, streamMetricsCounted } from './stream-metrics.js';
import type { TaskEvaluation, TaskScore } from './types.js';

/** At most this many tokens per content event on average for full streaming marks (anti-buffering). */
export const MAX_TOKENS_PER_EVENT = 4;
/** The streaming contract's longest allowed silence after the first token. */
export const MAX_SILENCE_MS = 2000;
/** Silence at which the gap factor reaches 0. */
export const ZERO_SILENCE_MS = 10_000;
/** Token budget for the cost curve when the task names none (janus-bench's target_tokens). */
export const DEFAULT_TOKEN_BUDGET = 1000;

/**
 * Streaming quality: continuity of content arrival (janus-bench's formula) times granularity (tokens per
 * event, so a batched answer cannot hide behind a short event list) times a gap factor (no silence longer
 * than 2 s after the first token, keep-alives excluded).
 */
export function rodeoStreaming(metrics: StreamMetrics): number {
  const events = metrics.contentEvents;
  const neededEvents = Math.ceil(metrics.contentTokens / MAX_TOKENS_PER_EVENT);
  const granularity = neededEvents === 0 ? 1 : Math.min(1, events / neededEvents);
  const silence = metrics.maxGapAfterFirstTokenMs;
  const gapFactor =
    silence <= MAX_SILENCE_MS
      ? 1
      : Math.max(0, 1 - (silence - MAX_SILENCE_MS) / (ZERO_SILENCE_MS - MAX_SILENCE_MS));
  return metrics.continuity.score * granularity * gapFactor;
}

/**
 * Our profile: janus-bench's shape with its quirks fixed. A failed task scores 0 on every dimension;
 * speed and cost use tokens we count ourselves (a miner's self-reported usage can inflate neither);
 * an image that does not decode scores 0 (the evaluator's multimodal score).
 */
export function scoreTaskRodeo(
  task: Task,
  m: Measurement,
  evaluation: TaskEvaluation,
  count?: (text: string) => number,
): TaskScore {
  const metrics = count ? streamMetricsCounted(m, count) : streamMetrics(m);
  // one object literal per outcome (keys in the order a spread of the common part gave): replay scores 7,680
  // answers a round, and a spread then 8 added members built each score several times over
  if (m.error) {
    return {
      taskId: task.id,
      benchmark: task.benchmark,
      category: task.category,
      type: task.type,
      difficulty: task.difficulty,
      dimensions: task.dimensions,
      metrics,
      evaluation,
      success: false,
      errorCode: m.error.code,
      quality: 0,
      speed: 0,
      cost: 0,
      streaming: 0,
      multimodal: 0,
      tps: undefined,
    };
  }
  const ttftScore = normalizeTtft(metrics.ttftMs);
  const tps = metrics.tokenTps;
  const budget =
    typeof task.expected.baseline_tokens === 'number' && task.expected.baseline_tokens > 0
      ? task.expected.baseline_tokens
      : DEFAULT_TOKEN_BUDGET;
  return {
    taskId: task.id,
    benchmark: task.benchmark,
    category: task.category,
    type: task.type,
    difficulty: task.difficulty,
    dimensions: task.dimensions,
    metrics,
    evaluation,
    success: true,
    errorCode: undefined,
    quality: evaluation.quality,
    speed: tps === undefined ? ttftScore : 0.5 * ttftScore + 0.5 * normalizeTps(tps),
    cost: evaluation.costEfficiency ?? lowerIsBetter(metrics.countedTokens, budget),
    streaming: rodeoStreaming(metrics),
    multimodal: evaluation.multimodal ?? 0,
    tps,
  };
}
