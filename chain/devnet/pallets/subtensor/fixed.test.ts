import { describe, expect, it } from 'vitest';
import { topKNonZero } from './epoch.js';
import { isMaxLimited, maxUpscaleU16 } from './fixed.js';

describe('Subtensor fixed-point weight math', () => {
  it('max-upscales like vec_u16_max_upscale_to_u16 (I32F32, round half away from zero)', () => {
    expect(maxUpscaleU16([1000, 2000, 0])).toEqual([32768, 65535, 0]);
    expect(maxUpscaleU16([10, 20, 30])).toEqual([21845, 43690, 65535]);
    expect(maxUpscaleU16([65535, 100, 1])).toEqual([65535, 100, 1]);
    expect(maxUpscaleU16([40000, 1])).toEqual([65535, 2]);
    expect(maxUpscaleU16([0, 0])).toEqual([0, 0]);
    expect(maxUpscaleU16([])).toEqual([]);
  });

  it('checks the sum-normalized maximum against MaxWeightsLimit / 65535', () => {
    expect(isMaxLimited([65535, 65535], 32768)).toBe(true);
    expect(isMaxLimited([65535, 65534], 32767)).toBe(false);
    expect(isMaxLimited([65535, 1], 65534)).toBe(false);
    expect(isMaxLimited([0, 0], 1)).toBe(true);
  });

  it('keeps the top-k non-zero stakes as validator permits (ties drop the lower uid)', () => {
    expect(topKNonZero([0.5, 0, 0.5], 64)).toEqual([true, false, true]);
    expect(topKNonZero([0.1, 0.3, 0.3, 0.3], 2)).toEqual([false, false, true, true]);
  });
});
