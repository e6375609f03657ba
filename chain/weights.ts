import { ChainErrors } from './errors.js';

const U16_MAX = 65535;

export interface EmitWeights {
  uids: number[];
  values: number[];
}

/** Python's round() on a float: to nearest, ties to even. `x - floor(x)` is exact here, so ties are exact. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const frac = x - floor;
  if (frac > 0.5) return floor + 1;
  if (frac < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The Bittensor SDK's `convert_weights_and_uids_for_emit`, bit for bit: weights are taken as float32 (the SDK
 * receives a float32 array and `.tolist()`s it into doubles), max-upscaled in double precision, multiplied by
 * 65535 and rounded half to even; zeros are dropped. Negative weights or uids and a length mismatch are errors,
 * checked in the SDK's order; an all-zero vector gives nothing to emit.
 */
export function convertWeightsForEmit(uids: readonly number[], weights: readonly number[]): EmitWeights {
  if (weights.length === 0 || uids.length === 0) throw ChainErrors.WEIGHTS_INVALID('no uids or no weights');
  const w32 = weights.map((w) => Math.fround(w));
  if (w32.some((w) => !Number.isFinite(w))) throw ChainErrors.WEIGHTS_INVALID('a weight is not finite');
  if (w32.some((w) => w < 0)) throw ChainErrors.WEIGHTS_INVALID('a weight is negative');
  if (uids.some((u) => u < 0)) throw ChainErrors.WEIGHTS_INVALID('a uid is negative');
  if (uids.length !== weights.length) {
    throw ChainErrors.WEIGHTS_INVALID(`${uids.length} uids but ${weights.length} weights`);
  }
  if (uids.some((u) => !Number.isInteger(u) || u > U16_MAX)) {
    throw ChainErrors.WEIGHTS_INVALID('a uid is not an integer in 0..65535');
  }
  const max = Math.max(...w32);
  if (max === 0) return { uids: [], values: [] };
  const out: EmitWeights = { uids: [], values: [] };
  for (let i = 0; i < w32.length; i++) {
    const value = roundHalfEven((w32[i]! / max) * U16_MAX);
    if (value !== 0) {
      out.uids.push(uids[i]!);
      out.values.push(value);
    }
  }
  return out;
}

/**
 * The SDK's `normalize_max_weight`: scales to sum 1 while capping every share at `limit` (found by the same
 * cut-off search, in double precision).
 */
export function normalizeMaxWeight(x: readonly number[], limit: number): number[] {
  const epsilon = 1e-7;
  const n = x.length;
  const total = x.reduce((a, b) => a + b, 0);
  if (total === 0 || n * limit <= 1) return x.map(() => 1 / n);
  const values = [...x].sort((a, b) => a - b);
  const estimation = values.map((v) => v / total);
  if (Math.max(...estimation) <= limit) return x.map((v) => v / total);
  const cumsum: number[] = [];
  estimation.reduce((acc, e, i) => {
    cumsum[i] = acc + e;
    return cumsum[i]!;
  }, 0);
  const nValues = estimation.filter((e, i) => e / ((n - i - 1) * e + cumsum[i]! + epsilon) < limit).length;
  const cutoffScale = (limit * cumsum[nValues - 1]! - epsilon) / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * total;
  const capped = x.map((v) => Math.min(v, cutoff));
  const cappedTotal = capped.reduce((a, b) => a + b, 0);
  return capped.map((v) => v / cappedTotal);
}

/** numpy's default (linear) quantile of an unsorted list. */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface WeightLimits {
  /** Neurons on the subnet. */
  n: number;
  minAllowedWeights: number;
  /** u16 MaxWeightsLimit of the subnet (share of 65535). */
  maxWeightsLimit: number;
}

/**
 * The SDK's `process_weights_for_netuid`: keeps positive weights, falls back to uniform weights when too few
 * neurons or weights exist for MinAllowedWeights, drops the lowest `excludeQuantile` (of 65535) and caps each
 * share at MaxWeightsLimit. Returns float weights for `convertWeightsForEmit`.
 */
export function processWeights(
  uids: readonly number[],
  weights: readonly number[],
  limits: WeightLimits,
  excludeQuantile = 0,
): { uids: number[]; weights: number[] } {
  if (uids.length !== weights.length) {
    throw ChainErrors.WEIGHTS_INVALID(`${uids.length} uids but ${weights.length} weights`);
  }
  const limit = limits.maxWeightsLimit / U16_MAX;
  const nonZero = uids.map((uid, i) => ({ uid, w: Math.fround(weights[i]!) })).filter((e) => e.w > 0);
  const all = Array.from({ length: limits.n }, (_, uid) => uid);
  if (nonZero.length === 0 || limits.n < limits.minAllowedWeights) {
    return { uids: all, weights: all.map(() => 1 / limits.n) };
  }
  if (nonZero.length < limits.minAllowedWeights) {
    const padded = all.map(() => 1e-5);
    for (const e of nonZero) {
      if (e.uid >= limits.n) throw ChainErrors.WEIGHTS_INVALID(`uid ${e.uid} is not below n = ${limits.n}`);
      padded[e.uid]! += e.w;
    }
    return { uids: all, weights: normalizeMaxWeight(padded, limit) };
  }
  const maxExclude = Math.max(0, nonZero.length - limits.minAllowedWeights) / nonZero.length;
  const lowest = quantile(
    nonZero.map((e) => e.w),
    Math.min(excludeQuantile / U16_MAX, maxExclude),
  );
  const kept = nonZero.filter((e) => lowest <= e.w);
  return {
    uids: kept.map((e) => e.uid),
    weights: normalizeMaxWeight(
      kept.map((e) => e.w),
      limit,
    ),
  };
}

/** Scores -> what `set_weights` takes, within the subnet's MinAllowedWeights and MaxWeightsLimit. */
export function prepareWeights(
  uids: readonly number[],
  scores: readonly number[],
  limits: WeightLimits,
  excludeQuantile = 0,
): EmitWeights {
  const processed = processWeights(uids, scores, limits, excludeQuantile);
  return convertWeightsForEmit(processed.uids, processed.weights);
}

/** The SDK's `version_as_int`: "1.2.3" -> 1_002_003. */
export function versionAsInt(version: string): number {
  const parts = version.split(/[.-]/).slice(0, 3).map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 999)) {
    throw ChainErrors.WEIGHTS_INVALID(`version ${JSON.stringify(version)} is not major.minor.patch`);
  }
  return parts[0]! * 1_000_000 + parts[1]! * 1_000 + parts[2]!;
}
