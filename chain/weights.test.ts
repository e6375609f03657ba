import { describe, expect, it } from 'vitest';
import { ChainErrors } from './errors.js';
import {
  convertWeightsForEmit,
  normalizeMaxWeight,
  prepareWeights,
  processWeights,
  versionAsInt,
} from './weights.js';

describe('convertWeightsForEmit (the SDK convert_weights_and_uids_for_emit)', () => {
  it('max-upscales to 65535 and rounds half to even', () => {
    // max is 1, so the values are w * 65535: 65535, 32767.5, 16383.75.
    // 32767.5 is a tie between 32767 (odd) and 32768 (even): Python's round() gives 32768; 16383.75 -> 16384.
    // This is also the row the spec-218 runtime stored for these weights under chopsticks.
    expect(convertWeightsForEmit([2, 3, 4], [1, 0.5, 0.25])).toEqual({
      uids: [2, 3, 4],
      values: [65535, 32768, 16384],
    });
  });

  it('breaks exact ties towards the even integer, not upwards', () => {
    // 5 / 131070 * 65535 = 2.5 exactly (131070 = 2 * 65535): half to even gives 2, Math.round would give 3.
    expect(convertWeightsForEmit([0, 1], [131070, 5]).values).toEqual([65535, 2]);
    // 7 / 131070 * 65535 = 3.5: the even neighbour is 4. 9 -> 4.5 -> 4.
    expect(convertWeightsForEmit([0, 1], [131070, 7]).values).toEqual([65535, 4]);
    expect(convertWeightsForEmit([0, 1], [131070, 9]).values).toEqual([65535, 4]);
  });

  it('takes the weights as float32, as the SDK receives them', () => {
    // 0.04757 in double: 0.04757 * 65535 = 3117.49995 -> 3117. As float32 it is 0.04757000133395195, and
    // 0.04757000133395195 * 65535 = 3117.500037... -> 3118, which is what the SDK emits for a float32 array.
    expect(convertWeightsForEmit([0, 1], [1, 0.04757]).values).toEqual([65535, 3118]);
    // 0.15243 goes the other way: double 9989.50005 -> 9990, float32 9989.49991 -> 9989.
    expect(convertWeightsForEmit([0, 1], [1, 0.15243]).values).toEqual([65535, 9989]);
  });

  it('drops zeros, including weights that round to zero', () => {
    // 1e-6 * 65535 = 0.0655 rounds to 0 and is dropped with its uid.
    expect(convertWeightsForEmit([0, 1, 2, 3], [0, 2, 1e-6, 1])).toEqual({
      uids: [1, 3],
      values: [65535, 32768],
    });
  });

  it('gives nothing to emit for an all-zero vector', () => {
    expect(convertWeightsForEmit([0, 1], [0, 0])).toEqual({ uids: [], values: [] });
  });

  it('rejects negatives and length mismatches in the SDK order', () => {
    expect(() => convertWeightsForEmit([0, 1], [1, -1])).toThrow(/weight is negative/);
    expect(() => convertWeightsForEmit([0, -1], [1, 1])).toThrow(/uid is negative/);
    expect(() => convertWeightsForEmit([0, 1, 2], [1, 1])).toThrow(/3 uids but 2 weights/);
    // a negative weight is reported before the length mismatch, as in the SDK
    expect(() => convertWeightsForEmit([0, 1, 2], [-1, 1])).toThrow(/weight is negative/);
    expect(() => convertWeightsForEmit([], [])).toThrow(/no uids/);
    expect(() => convertWeightsForEmit([0], [Number.NaN])).toThrow(/not finite/);
    const err = (() => {
      try {
        convertWeightsForEmit([0, 70000], [1, 1]);
      } catch (e) {
        return e;
      }
    })();
    expect(ChainErrors.WEIGHTS_INVALID.is(err)).toBe(true);
  });
});

describe('normalizeMaxWeight (the SDK normalize_max_weight)', () => {
  it('caps the largest share at the limit', () => {
    // x = [1, 1, 1, 7], limit 0.5: shares 0.1, 0.1, 0.1, 0.7. The cut-off search keeps the three small
    // values (0.1 / (0.1 * (3 - i) + cumsum) = 0.25 < 0.5) and caps the last: cutoff_scale =
    // (0.5 * 0.3 - 1e-7) / (1 - 0.5 * 1) = 0.2999998, cutoff = 2.999998, so y = [1, 1, 1, 2.999998] / 5.999998.
    const y = normalizeMaxWeight([1, 1, 1, 7], 0.5);
    expect(y[3]).toBeCloseTo(2.999998 / 5.999998, 12);
    expect(y[0]).toBeCloseTo(1 / 5.999998, 12);
    expect(y[3]!).toBeLessThan(0.5);
    expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('only normalizes when no share exceeds the limit, and is uniform when the limit cannot be met', () => {
    expect(normalizeMaxWeight([1, 3], 0.9)).toEqual([0.25, 0.75]);
    // 2 values * limit 0.4 <= 1: no vector can satisfy it, the SDK returns uniform weights
    expect(normalizeMaxWeight([1, 3], 0.4)).toEqual([0.5, 0.5]);
  });
});

describe('processWeights (the SDK process_weights_for_netuid)', () => {
  const limits = { n: 4, minAllowedWeights: 2, maxWeightsLimit: 65535 };

  it('keeps positive weights and sum-normalizes them', () => {
    expect(processWeights([0, 1, 2, 3], [0, 1, 3, 0], limits)).toEqual({
      uids: [1, 2],
      weights: [0.25, 0.75],
    });
  });

  it('falls back to uniform weights when nothing is positive or the subnet is smaller than MinAllowedWeights', () => {
    expect(processWeights([0, 1], [0, 0], limits)).toEqual({
      uids: [0, 1, 2, 3],
      weights: [0.25, 0.25, 0.25, 0.25],
    });
    expect(processWeights([0], [1], { ...limits, n: 1 })).toEqual({ uids: [0], weights: [1] });
  });

  it('pads every uid with 1e-5 when fewer weights than MinAllowedWeights are positive', () => {
    // one positive weight (uid 2 = 1) < 2: [1e-5, 1e-5, 1 + 1e-5, 1e-5] normalized
    const out = processWeights([0, 1, 2, 3], [0, 0, 1, 0], limits);
    expect(out.uids).toEqual([0, 1, 2, 3]);
    const total = 1 + 4e-5;
    expect(out.weights[2]).toBeCloseTo((1 + 1e-5) / total, 12);
    expect(out.weights[0]).toBeCloseTo(1e-5 / total, 12);
  });

  it('prepareWeights gives what set_weights takes within MaxWeightsLimit', () => {
    // limit l = 32767/65535 = 0.49999237: cutoff = (l * 0.3 - 1e-7) / (1 - l) * 10 = 2.9999064, so the shares are
    // [1, 1, 1, 2.9999064] / 5.9999064 (max share 0.49999220 <= l, as the chain checks); max-upscaled,
    // 1 / 2.9999064 * 65535 = 21845.68 -> 21846.
    const out = prepareWeights([0, 1, 2, 3], [1, 1, 1, 7], {
      n: 4,
      minAllowedWeights: 1,
      maxWeightsLimit: 32767,
    });
    expect(out.uids).toEqual([0, 1, 2, 3]);
    expect(out.values[3]).toBe(65535);
    expect(out.values[0]).toBe(21846);
  });
});

describe('versionAsInt', () => {
  it('is major * 1e6 + minor * 1e3 + patch', () => {
    expect(versionAsInt('1.2.3')).toBe(1_002_003);
    expect(versionAsInt('0.1.0')).toBe(1_000);
    expect(() => versionAsInt('1.2')).toThrow(/major.minor.patch/);
  });
});
