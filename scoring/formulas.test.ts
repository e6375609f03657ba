import { describe, expect, it } from 'vitest';
import {
  chunkTps,
  continuity,
  lowerIsBetter,
  normalizeTps,
  normalizeTtft,
  scoreCost,
  scoreSpeed,
  scoreStreaming,
} from './janus-formulas.js';

/** Arrival times in seconds from a list of gaps in ms. */
const times = (gapsMs: number[]) => {
  const out = [0];
  for (const g of gapsMs) out.push(out[out.length - 1]! + g / 1000);
  return out;
};

describe('continuity (janus-bench formula)', () => {
  it('uniform 25 ms pacing scores 1.00', () => {
    const c = continuity(times(Array(199).fill(25)));
    expect(c.score).toBeCloseTo(1, 10);
    expect(c.gapCount).toBe(0);
    expect(c.maxGapMs).toBe(25);
  });

  it('two events 0.5 ms apart every 50 ms scores 0.50', () => {
    // deltas alternate 0.5 and 49.5: mean 25, std 24.5, cv 0.98 -> 1/1.98 = 0.505
    const gaps = Array.from({ length: 199 }, (_, i) => (i % 2 === 0 ? 0.5 : 49.5));
    const c = continuity(times(gaps));
    expect(c.score).toBeCloseTo(0.505, 2);
    expect(c.gapCount).toBe(0);
  });

  it('one 1 s stall in a 200-event 25 ms stream scores about 0.27', () => {
    const gaps = Array(199).fill(25);
    gaps[100] = 1000;
    const c = continuity(times(gaps));
    // mean 29.9, std ~69.1, cv ~2.31 -> 0.302; one gap over 3x mean -> x0.9 = 0.272
    expect(c.score).toBeCloseTo(0.272, 2);
    expect(c.gapCount).toBe(1);
    expect(c.maxGapMs).toBe(1000);
  });

  it('fewer than 3 events score a perfect 1.0 (the quirk rodeo-v1 works around)', () => {
    expect(continuity([]).score).toBe(1);
    expect(continuity([0, 5]).score).toBe(1);
  });

  it('bursts of 3 back-to-back pieces every 150 ms score 0.00', () => {
    const gaps = Array.from({ length: 200 }, (_, i) => (i % 3 === 2 ? 150 : 0.2));
    const c = continuity(times(gaps));
    expect(c.score).toBe(0);
    expect(c.gapCount).toBeGreaterThan(10);
  });
});

/** janus-bench's formulas as first written here (arrays of deltas and rates), the reference for the loops. */
function continuityReference(timestamps: readonly number[]) {
  if (timestamps.length < 3) return { score: 1, gapCount: 0, maxGapMs: 0, cv: 0 };
  const deltas: number[] = [];
  for (let i = 0; i + 1 < timestamps.length; i++) deltas.push((timestamps[i + 1]! - timestamps[i]!) * 1000);
  const mean = deltas.reduce((s, d) => s + d, 0) / deltas.length;
  const variance = deltas.reduce((s, d) => s + (d - mean) ** 2, 0) / deltas.length;
  const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  const gapCount = deltas.filter((d) => d > mean * 3).length;
  const score = (1 / (1 + cv)) * Math.max(0, 1 - gapCount * 0.1);
  return { score: Math.min(1, Math.max(0, score)), gapCount, maxGapMs: Math.trunc(Math.max(...deltas)), cv };
}
function chunkTpsReference(timestamps: readonly number[]) {
  if (timestamps.length < 2) return { avg: 0, peak: 0, min: 0, total: timestamps.length, timeMs: 0 };
  const total = timestamps[timestamps.length - 1]! - timestamps[0]!;
  const rates: number[] = [];
  for (let i = 0; i + 1 < timestamps.length; i++) {
    const d = timestamps[i + 1]! - timestamps[i]!;
    if (d > 0) rates.push(1 / d);
  }
  return {
    avg: total > 0 ? timestamps.length / total : 0,
    peak: rates.length ? Math.max(...rates) : 0,
    min: rates.length ? Math.min(...rates) : 0,
    total: timestamps.length,
    timeMs: Math.trunc(total * 1000),
  };
}

describe('continuity and chunk TPS without intermediate arrays', () => {
  it('give the very doubles of the array formulas, from a reused buffer too', () => {
    let x = 12345;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    const buffer = new Float64Array(512);
    for (let run = 0; run < 400; run++) {
      const n = Math.floor(next() * 80);
      const us: number[] = [];
      let at = Math.floor(next() * 300_000);
      for (let i = 0; i < n; i++) {
        // repeats, stalls, backward steps (a crafted ledger), and now and then a time that is not a number
        const r = next();
        at +=
          r < 0.2
            ? 0
            : r < 0.3
              ? -Math.floor(next() * 5000)
              : r < 0.35
                ? 2_000_000
                : Math.floor(next() * 40_000);
        us.push(run % 50 === 7 && i === 3 ? Number.NaN : at);
      }
      const seconds = us.map((t) => t / 1e6);
      buffer.fill(run); // stale values past the count must not be read
      buffer.set(seconds);
      expect(continuity(seconds)).toEqual(continuityReference(seconds));
      expect(continuity(buffer, n)).toEqual(continuityReference(seconds));
      expect(chunkTps(seconds)).toEqual(chunkTpsReference(seconds));
      expect(chunkTps(buffer, n)).toEqual(chunkTpsReference(seconds));
    }
  });
});

describe('janus-bench scorers', () => {
  it('chunk TPS counts content events per second between first and last', () => {
    const r = chunkTps(times(Array(10).fill(100)));
    expect(r.avg).toBeCloseTo(11 / 1.0, 10);
    expect(r.peak).toBeCloseTo(10, 10);
    expect(r.total).toBe(11);
  });

  it('lowerIsBetter: 1 to the target, 0.5 at twice the target, slow tail after', () => {
    expect(lowerIsBetter(1000, 1000)).toBe(1);
    expect(lowerIsBetter(1500, 1000)).toBe(0.75);
    expect(lowerIsBetter(2000, 1000)).toBe(0.5);
    expect(lowerIsBetter(3000, 1000)).toBeCloseTo(0.4, 10);
    expect(lowerIsBetter(10000, 1000)).toBe(0);
  });

  it('score_speed averages TTFT and TPS scores; latency only when neither is known', () => {
    expect(scoreSpeed(3, 1, 20)).toBe(1);
    expect(scoreSpeed(3, 3, 5)).toBeCloseTo(0.5 * 0.75 + 0.5 * 0.5, 10);
    expect(scoreSpeed(12, undefined, undefined)).toBe(0.75);
    expect(scoreSpeed(1, undefined, 0)).toBe(0);
  });

  it('score_cost weighs tokens 0.5, USD 0.3, sandbox 0.2 and defaults to 0.5', () => {
    expect(scoreCost()).toBe(0.5);
    expect(scoreCost(500)).toBe(1);
    expect(scoreCost(1500, 0.02)).toBeCloseTo((0.75 * 0.5 + 0.5 * 0.3) / 0.8, 10);
  });

  it('score_streaming with targets: ttft 0.3, tps 0.3, continuity 0.25, completion 0.15, reasoning bonus', () => {
    const s = {
      ttftSeconds: 0.8,
      firstTokenReceived: true,
      maxGapSeconds: 0.1,
      totalChunks: 60,
      avgTps: 12,
      continuityScore: 0.3,
      contentChunks: 40,
      hasReasoning: true,
    };
    const evaluation = {
      ttft_target_ms: 1000,
      tps_target: 10,
      continuity_target: 0.6,
      min_tokens: 50,
      check_reasoning_content: true,
    };
    const expected = (1 * 0.3 + 1 * 0.3 + 0.5 * 0.25 + 0.8 * 0.15 + 1 * 0.05) / 1.05;
    expect(scoreStreaming(s, evaluation, 'reasoning_response')).toBeCloseTo(expected, 10);
    expect(scoreStreaming(s, evaluation, 'long_response')).toBeCloseTo((0.3 + 0.3 + 0.125 + 0.12) / 1.0, 10);
  });

  it('score_streaming generic: 0.5 ttft + 0.4 gap + 0.1 chunk count', () => {
    const s = {
      ttftSeconds: 3,
      firstTokenReceived: true,
      maxGapSeconds: 5,
      totalChunks: 4,
      avgTps: 1,
      continuityScore: 1,
      contentChunks: 4,
      hasReasoning: false,
    };
    // ttft 3 s vs 2 s: 0.75; gap 5 s vs 2 s: 0.5 - 0.2*(1/2) = 0.4; 4 chunks: 0.5
    expect(scoreStreaming(s, undefined, 'chat')).toBeCloseTo(0.5 * 0.75 + 0.4 * 0.4 + 0.1 * 0.5, 10);
  });

  it('janus/intelligence normalizers', () => {
    expect(normalizeTtft(400)).toBe(1);
    expect(normalizeTtft(2750)).toBe(0.5);
    expect(normalizeTtft(undefined)).toBe(0);
    expect(normalizeTps(17.5)).toBe(0.5);
    expect(normalizeTps(4)).toBe(0);
    expect(normalizeTps(45)).toBe(1);
  });
});
