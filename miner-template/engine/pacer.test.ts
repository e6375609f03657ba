import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { burstyScript } from '../../localnet/scripts.js';
import type { EngineEvent, PacedEvent } from '../types.js';
import { pace } from './pacer.js';

const OPTIONS = { mode: 'paced' as const, intervalMs: 25, bufferMs: 200, keepAliveMs: 100 };

/** A bursty upstream in real time; records when each content event was produced. */
async function* bursty(text: string, produced: number[]): AsyncGenerator<EngineEvent> {
  for (const ev of burstyScript(text, { gapMs: [2, 120], seed: 11 }).events) {
    if (ev.delayMs) await sleep(ev.delayMs);
    produced.push(performance.now());
    yield { type: 'content', text: ev.content! };
  }
  yield { type: 'finish', reason: 'stop' };
}

/** Robust spread of the gaps between consecutive times: interquartile range over median (a stall of the shared machine moves one gap, not the quartiles). */
function gapSpread(times: number[]): number {
  const d = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  const q = (p: number) => d[Math.floor(p * (d.length - 1))]!;
  return (q(0.75) - q(0.25)) / q(0.5);
}

describe('pace (real time)', () => {
  it('delivers the whole text with more regular spacing than the upstream produced it', async () => {
    const text = Array.from({ length: 80 }, (_, i) => `token${i}`).join(' ');
    const produced: number[] = [];
    const sent: { at: number; event: PacedEvent }[] = [];
    for await (const event of pace(bursty(text, produced), OPTIONS))
      sent.push({ at: performance.now(), event });
    const content = sent.filter((s) => s.event.type === 'content');
    expect(content.map((s) => (s.event as { text: string }).text).join('')).toBe(text);
    expect(content.length).toBeGreaterThan(produced.length);
    // Statistical, not a deadline: the paced gaps vary much less than the upstream's.
    expect(gapSpread(content.map((s) => s.at))).toBeLessThan(gapSpread(produced) / 3);
    expect(sent.at(-1)!.event).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('sends keep-alives while the upstream is silent, and none once content flows', async () => {
    async function* late(): AsyncGenerator<EngineEvent> {
      await sleep(350);
      yield { type: 'content', text: 'at last' };
    }
    const kinds: string[] = [];
    for await (const event of pace(late(), OPTIONS)) kinds.push(event.type);
    const first = kinds.indexOf('content');
    expect(kinds.slice(0, first).length).toBeGreaterThanOrEqual(2);
    expect(kinds.slice(0, first).every((k) => k === 'keepalive')).toBe(true);
    expect(kinds.slice(first)).not.toContain('keepalive');
  });

  it('throws the source error after delivering what came before it', async () => {
    async function* failing(): AsyncGenerator<EngineEvent> {
      yield { type: 'content', text: 'some text first' };
      throw new Error('boom');
    }
    let text = '';
    await expect(
      (async () => {
        for await (const event of pace(failing(), OPTIONS)) if (event.type === 'content') text += event.text;
      })(),
    ).rejects.toThrow('boom');
    expect(text).toBe('some text first');
  });
});
