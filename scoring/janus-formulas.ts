/**
 * janus-bench's formulas, exactly as janus-bench computes them (reference/janus.md 1.2-1.4), quirks
 * included. Times in seconds unless a name says ms. Pure functions.
 */

export interface ContinuityResult {
  score: number;
  gapCount: number;
  maxGapMs: number;
  cv: number;
}

/**
 * Continuity of content-event arrival times (seconds). Fewer than 3 events scores 1.0 (a janus quirk).
 * `count`: read only the first `count` times (stream-metrics passes a reused buffer). The deltas are summed,
 * compared and folded in janus-bench's order without being kept, so every result is the same double.
 */
export function continuity(timestamps: ArrayLike<number>, count = timestamps.length): ContinuityResult {
  if (count < 3) return { score: 1, gapCount: 0, maxGapMs: 0, cv: 0 };
  const n = count - 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (timestamps[i + 1]! - timestamps[i]!) * 1000;
  const mean = sum / n;
  let squares = 0;
  let gapCount = 0;
  let maxGap = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = (timestamps[i + 1]! - timestamps[i]!) * 1000;
    squares += (d - mean) ** 2;
    if (d > mean * 3) gapCount++;
    maxGap = Math.max(maxGap, d);
  }
  const variance = squares / n;
  const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  const score = (1 / (1 + cv)) * Math.max(0, 1 - gapCount * 0.1);
  return { score: Math.min(1, Math.max(0, score)), gapCount, maxGapMs: Math.trunc(maxGap), cv };
}

export interface TpsResult {
  avg: number;
  peak: number;
  min: number;
  total: number;
  timeMs: number;
}

/** Chunks per second over content-event times (seconds): janus-bench's `avg_tps`. `count` as for continuity. */
export function chunkTps(timestamps: ArrayLike<number>, count = timestamps.length): TpsResult {
  if (count < 2) return { avg: 0, peak: 0, min: 0, total: count, timeMs: 0 };
  const total = timestamps[count - 1]! - timestamps[0]!;
  let rates = 0;
  let peak = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < count; i++) {
    const d = timestamps[i + 1]! - timestamps[i]!;
    if (d > 0) {
      rates++;
      peak = Math.max(peak, 1 / d);
      min = Math.min(min, 1 / d);
    }
  }
  return {
    avg: total > 0 ? count / total : 0,
    peak: rates ? peak : 0,
    min: rates ? min : 0,
    total: count,
    timeMs: Math.trunc(total * 1000),
  };
}

/** janus piecewise "lower is better" curve: 1 up to the target, halving by 2x target, then a slow tail. */
export function lowerIsBetter(x: number, target: number, tailSlope = 0.1): number {
  if (x <= target) return 1;
  if (x <= target * 2) return 1 - 0.5 * ((x - target) / target);
  return Math.max(0, 0.5 - tailSlope * ((x - 2 * target) / target));
}

/** scorers/speed.py score_speed (targets 8 s latency, 2 s TTFT, 10 tok/s). */
export function scoreSpeed(latency: number, ttft: number | undefined, tps: number | undefined): number {
  const latencyScore = lowerIsBetter(latency, 8);
  const ttftScore = ttft === undefined ? undefined : lowerIsBetter(ttft, 2);
  const tpsScore = tps === undefined ? undefined : tps <= 0 ? 0 : tps >= 10 ? 1 : tps / 10;
  if (ttftScore === undefined && tpsScore === undefined) return latencyScore;
  if (ttftScore === undefined) return tpsScore!;
  if (tpsScore === undefined) return ttftScore;
  return 0.5 * ttftScore + 0.5 * tpsScore;
}

/** scorers/cost.py score_cost: weighted 0.5 tokens / 0.3 USD / 0.2 sandbox over what is present; nothing -> 0.5. */
export function scoreCost(totalTokens?: number, costUsd?: number, sandboxSeconds?: number): number {
  const parts: [number, number][] = [];
  if (totalTokens !== undefined) parts.push([lowerIsBetter(totalTokens, 1000), 0.5]);
  if (costUsd !== undefined) parts.push([lowerIsBetter(costUsd, 0.01), 0.3]);
  if (sandboxSeconds !== undefined) parts.push([lowerIsBetter(sandboxSeconds, 30), 0.2]);
  if (!parts.length) return 0.5;
  return parts.reduce((s, [v, w]) => s + v * w, 0) / parts.reduce((s, [, w]) => s + w, 0);
}

export interface StreamingInputs {
  ttftSeconds: number;
  firstTokenReceived: boolean;
  maxGapSeconds: number;
  totalChunks: number;
  avgTps: number;
  continuityScore: number;
  /** janus `metrics.total_tokens`: the number of content chunks. */
  contentChunks: number;
  hasReasoning: boolean;
}

/** scorers/streaming.py score_streaming: targeted when the task has an `evaluation` dict, generic otherwise. */
export function scoreStreaming(
  s: StreamingInputs,
  evaluation: Record<string, unknown> | undefined,
  taskType: string,
): number {
  if (evaluation && Object.keys(evaluation).length > 0) return streamingWithTargets(s, evaluation, taskType);
  const ttftScore = lowerIsBetter(s.ttftSeconds, 2, 0.2);
  const gapScore = lowerIsBetter(s.maxGapSeconds, 2, 0.2);
  const chunkScore = s.totalChunks >= 10 ? 1 : s.totalChunks >= 5 ? 0.8 : s.totalChunks >= 2 ? 0.5 : 0.2;
  return 0.5 * ttftScore + 0.4 * gapScore + 0.1 * chunkScore;
}

const numOr = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function streamingWithTargets(
  s: StreamingInputs,
  evaluation: Record<string, unknown>,
  taskType: string,
): number {
  const ttftTarget = numOr(evaluation.ttft_target_ms, 1000);
  const tpsTarget = numOr(evaluation.tps_target, 10);
  const continuityTarget = numOr(evaluation.continuity_target, 0.5);
  const minTokens = numOr(evaluation.min_tokens, 10);
  const parts: [number, number][] = [];
  const ttftMs = s.firstTokenReceived ? Math.trunc(s.ttftSeconds * 1000) : undefined;
  const ttftScore =
    ttftMs === undefined
      ? 0
      : ttftMs <= ttftTarget
        ? 1
        : ttftMs <= ttftTarget * 2
          ? 0.7
          : ttftMs <= ttftTarget * 3
            ? 0.4
            : 0.1;
  parts.push([ttftScore, 0.3]);
  const tpsScore =
    tpsTarget <= 0
      ? 0
      : s.avgTps >= tpsTarget
        ? 1
        : s.avgTps >= tpsTarget * 0.5
          ? 0.7
          : Math.max(0.1, s.avgTps / tpsTarget);
  parts.push([tpsScore, 0.3]);
  const contScore =
    continuityTarget <= 0
      ? 0
      : s.continuityScore >= continuityTarget
        ? 1
        : s.continuityScore / continuityTarget;
  parts.push([contScore, 0.25]);
  const completion = minTokens <= 0 || s.contentChunks >= minTokens ? 1 : s.contentChunks / minTokens;
  parts.push([completion, 0.15]);
  if (taskType === 'reasoning_response' && evaluation.check_reasoning_content === true && s.hasReasoning) {
    parts.push([1, 0.05]);
  }
  return parts.reduce((a, [v, w]) => a + v * w, 0) / parts.reduce((a, [, w]) => a + w, 0);
}

/** janus_scoring.normalize_ttft: 1 at <= 500 ms, 0 at >= 5000 ms, linear between; no TTFT -> 0. */
export function normalizeTtft(ttftMs: number | undefined, targetMs = 500, ceilingMs = 5000): number {
  if (ttftMs === undefined) return 0;
  if (ttftMs <= targetMs) return 1;
  if (ttftMs >= ceilingMs) return 0;
  return Math.max(0, 1 - (ttftMs - targetMs) / (ceilingMs - targetMs));
}

/** janus_scoring.normalize_tps: 0 at <= 5, 1 at >= 30, linear between; none -> 0. */
export function normalizeTps(tps: number | undefined, target = 30, min = 5): number {
  if (tps === undefined || tps <= min) return 0;
  if (tps >= target) return 1;
  return Math.max(0, (tps - min) / (target - min));
}
