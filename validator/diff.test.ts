import { describe, expect, it } from 'vitest';
import { firstDifference, sameJson } from './diff.js';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('sameJson', () => {
  it('says same for values whose JSON is the same, whatever the key order or undefined members', () => {
    const a = { x: 1, y: [1, 'a', { z: null, w: true }], u: undefined };
    const b = { y: [1, 'a', { w: true, z: null }], x: 1 };
    expect(sameJson(a, b)).toBe(true);
    expect(sameJson(0, -0)).toBe(true);
    expect(firstDifference(plain(a), plain(b))).toBeUndefined();
  });

  it('says not same for any difference, and for values it does not judge (the caller then compares JSON)', () => {
    const cases: [unknown, unknown][] = [
      [{ x: 1 }, { x: 2 }],
      [{ x: 1 }, { x: 1, y: 0 }],
      [
        { x: 1, y: undefined },
        { x: 1, y: null },
      ],
      [
        [1, 2],
        [1, 2, 3],
      ],
      [[1], { 0: 1 }],
      ['1', 1],
      [Number.NaN, Number.NaN],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [[undefined], [undefined]],
      [{ toJSON: () => 1 }, { toJSON: () => 1 }],
      [new Date(0), new Date(0)],
    ];
    for (const [a, b] of cases) expect(sameJson(a, b), JSON.stringify([a, b])).toBe(false);
    // where the JSON forms differ, firstDifference names the place
    expect(firstDifference(plain({ x: [1, 2] }), plain({ x: [1, 3] }))?.path).toBe('$.x[1]');
  });
});
