import { describe, expect, it } from 'vitest';
import { cosine, stakeWeightedMean, yumaTrust } from './consensus.js';

const v = (entries: Record<number, number>) =>
  new Map(Object.entries(entries).map(([k, x]) => [Number(k), x]));

describe('devnet consensus figures', () => {
  it('cosine: 1 for the same direction at any scale, 0 for disjoint vectors and for an empty one', () => {
    expect(cosine(v({ 1: 0.5, 2: 0.5 }), v({ 1: 10, 2: 10 }))).toBeCloseTo(1, 12);
    expect(cosine(v({ 1: 1 }), v({ 2: 1 }))).toBe(0);
    expect(cosine(v({}), v({ 2: 1 }))).toBe(0);
    expect(cosine(v({ 1: 3, 2: 4 }), v({ 1: 4, 2: 3 }))).toBeCloseTo(24 / 25, 12);
  });

  it('stake-weighted mean of the normalized rows', () => {
    const mean = stakeWeightedMean([v({ 1: 2, 2: 2 }), v({ 1: 1 })], [3, 1]);
    expect(mean.get(1)).toBeCloseTo(0.75 * 0.5 + 0.25, 12);
    expect(mean.get(2)).toBeCloseTo(0.75 * 0.5, 12);
  });

  it('Yuma: validators that agree keep trust 1; the one that over-weights a uid is clipped to the stake median', () => {
    const agree = yumaTrust([v({ 1: 0.6, 2: 0.4 }), v({ 1: 0.6, 2: 0.4 }), v({ 1: 0.6, 2: 0.4 })], [1, 1, 1]);
    expect(agree.trust.map((t) => Number(t.toFixed(12)))).toEqual([1, 1, 1]);
    // the third gives uid 2 everything: consensus is the level two of three validators reach (0.5 for both uids)
    const outlier = yumaTrust([v({ 1: 0.6, 2: 0.4 }), v({ 1: 0.5, 2: 0.5 }), v({ 2: 1 })], [1, 1, 1]);
    expect(outlier.consensus.get(1)).toBeCloseTo(0.5, 12);
    expect(outlier.consensus.get(2)).toBeCloseTo(0.5, 12);
    expect(outlier.trust[0]).toBeCloseTo(0.5 + 0.4, 12);
    expect(outlier.trust[1]).toBeCloseTo(1, 12);
    expect(outlier.trust[2]).toBeCloseTo(0.5, 12);
  });

  it('Yuma: a validator holding more than kappa of the stake sets consensus alone', () => {
    const { trust } = yumaTrust([v({ 1: 1 }), v({ 2: 1 })], [0.7, 0.3]);
    expect(trust).toEqual([1, 0]);
  });
});
