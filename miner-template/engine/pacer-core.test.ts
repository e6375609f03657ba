import { describe, expect, it } from 'vitest';
import { burstyScript } from '../../localnet/scripts.js';
import type { EngineEvent, PacedEvent } from '../types.js';
import { cutPiece, PacerCore, type PacerOptions } from './pacer-core.js';

const OPTIONS: PacerOptions = { mode: 'paced', intervalMs: 25, bufferMs: 300, keepAliveMs: 1000 };

type Input = { at: number; event?: EngineEvent; end?: true; error?: unknown };

/** Drives the core on a virtual clock: inputs at their times, polls at every wake-up. */
function simulate(options: PacerOptions, inputs: Input[]) {
  const core = new PacerCore(options, 0);
  const out: { at: number; event: PacedEvent }[] = [];
  let i = 0;
  let wakeAt: number | undefined = 0;
  let error: unknown;
  for (let step = 0; step < 100_000; step++) {
    const nextInput = i < inputs.length ? inputs[i]!.at : Number.POSITIVE_INFINITY;
    const now = Math.min(nextInput, wakeAt ?? Number.POSITIVE_INFINITY);
    if (!Number.isFinite(now)) throw new Error('simulation stuck: nothing to wait for');
    while (i < inputs.length && inputs[i]!.at <= now) {
      const input = inputs[i++]!;
      if (input.event) core.push(input.event);
      if (input.end) core.end(input.error);
    }
    const r = core.poll(now);
    for (const event of r.out) out.push({ at: now, event });
    if (r.done) {
      error = r.error;
      return { out, error };
    }
    wakeAt = r.wakeAt;
  }
  throw new Error('simulation did not finish');
}

/** janus-bench continuity: 1/(1+cv) of content gaps, minus 0.1 per gap above 3× the mean. */
function continuity(times: number[]): number {
  if (times.length < 3) return 1;
  const d = times.slice(1).map((t, i) => t - times[i]!);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  const gaps = d.filter((x) => x > 3 * mean).length;
  return Math.max(0, Math.min(1, (1 / (1 + std / mean)) * Math.max(0, 1 - 0.1 * gaps)));
}

/** A bursty upstream as timed inputs (the scripted upstream's own timing model). */
function burstyInputs(text: string, seed: number, extra: Partial<Parameters<typeof burstyScript>[1]> = {}) {
  const script = burstyScript(text, { seed, firstDelayMs: 200, ...extra });
  let at = 0;
  const inputs: Input[] = [];
  for (const ev of script.events) {
    at += ev.delayMs ?? 0;
    if (ev.reasoning) inputs.push({ at, event: { type: 'reasoning', text: ev.reasoning } });
    if (ev.content) inputs.push({ at, event: { type: 'content', text: ev.content } });
  }
  inputs.push({ at, event: { type: 'finish', reason: 'stop' } });
  inputs.push({ at, end: true });
  return inputs;
}

const contentOf = (out: { at: number; event: PacedEvent }[]) =>
  out.filter(
    (o): o is { at: number; event: { type: 'content'; text: string } } => o.event.type === 'content',
  );

const TEXT = Array.from({ length: 120 }, (_, i) => `word${i} is here,`).join(' ');

describe('cutPiece', () => {
  it('cuts after the space closest to the size, within half to one and a half of it', () => {
    expect(cutPiece('hello world again', 6)).toBe('hello ');
    expect(cutPiece('hello world again', 8)).toBe('hello ');
    expect(cutPiece('hello world again', 10)).toBe('hello world ');
    expect(cutPiece('abcdefghijkl', 5)).toBe('abcde');
    expect(cutPiece('short', 50)).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    expect(cutPiece('a😀b', 2)).toBe('a😀');
    expect(cutPiece('😀😀', 1)).toBe('😀');
  });
});

describe('PacerCore', () => {
  it('turns bursty upstream content into evenly spaced events without losing or reordering text', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const inputs = burstyInputs(TEXT, seed);
      const { out } = simulate(OPTIONS, inputs);
      const content = contentOf(out);
      expect(content.map((c) => c.event.text).join('')).toBe(TEXT);
      const arrivals = inputs.filter((i) => i.event?.type === 'content').map((i) => i.at);
      const paced = continuity(content.map((c) => c.at));
      expect(paced).toBeGreaterThan(0.97);
      expect(paced - continuity(arrivals)).toBeGreaterThan(0.2);
      // Time to first content is the upstream's: the first piece leaves when it arrives.
      expect(content[0]!.at).toBe(arrivals[0]);
      // The tail drains in about bufferMs once the upstream is done.
      expect(content.at(-1)!.at).toBeLessThanOrEqual(
        arrivals.at(-1)! + OPTIONS.bufferMs + 2 * OPTIONS.intervalMs,
      );
      expect(out.at(-1)!.event).toEqual({ type: 'finish', reason: 'stop' });
    }
  });

  it('rides out an upstream stall of twice bufferMs without a gap', () => {
    const inputs: Input[] = [];
    let at = 0;
    for (let i = 0; i < 40; i++) {
      at += i === 20 ? 600 : 100;
      inputs.push({ at, event: { type: 'content', text: 'abcd efgh ijkl mnop qrst ' } });
    }
    inputs.push({ at, end: true });
    const times = contentOf(simulate(OPTIONS, inputs).out).map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBe(OPTIONS.intervalMs);
  });

  it('sends reasoning and start the moment they arrive, ahead of buffered content', () => {
    const inputs: Input[] = [
      { at: 10, event: { type: 'start', model: 'm' } },
      { at: 20, event: { type: 'content', text: 'a'.repeat(200) } },
      { at: 33, event: { type: 'reasoning', text: 'late thought' } },
      { at: 33, end: true },
    ];
    const { out } = simulate(OPTIONS, inputs);
    expect(out[0]).toEqual({ at: 10, event: { type: 'start', model: 'm' } });
    expect(out.find((o) => o.event.type === 'reasoning')!.at).toBe(33);
  });

  it('keeps tool calls, finish and usage behind the content that preceded them', () => {
    const inputs: Input[] = [
      { at: 0, event: { type: 'content', text: 'Let me check the weather for you now.' } },
      { at: 1, event: { type: 'tool_call', delta: { index: 0, id: 'c1', name: 'get_weather' } } },
      { at: 2, event: { type: 'tool_call', delta: { index: 0, arguments: '{"city":"Paris"}' } } },
      { at: 3, event: { type: 'finish', reason: 'tool_calls' } },
      { at: 3, event: { type: 'usage', usage: { promptTokens: 5, completionTokens: 9 } } },
      { at: 3, end: true },
    ];
    const { out } = simulate(OPTIONS, inputs);
    const kinds = out.map((o) => o.event.type);
    const lastContent = kinds.lastIndexOf('content');
    expect(kinds.slice(lastContent + 1)).toEqual(['tool_call', 'tool_call', 'finish', 'usage']);
    expect(out[lastContent + 1]!.at).toBe(out[lastContent]!.at);
  });

  it('sends a keep-alive after every keepAliveMs of silence', () => {
    const { out } = simulate(OPTIONS, [
      { at: 3500, event: { type: 'content', text: 'hi' } },
      { at: 3500, end: true },
    ]);
    expect(out.filter((o) => o.event.type === 'keepalive').map((o) => o.at)).toEqual([1000, 2000, 3000]);
  });

  it('delivers buffered content before a failure of the source', () => {
    const failure = new Error('upstream broke');
    const { out, error } = simulate(OPTIONS, [
      { at: 0, event: { type: 'content', text: 'partial answer that was already received' } },
      { at: 5, end: true, error: failure },
    ]);
    expect(error).toBe(failure);
    expect(
      contentOf(out)
        .map((c) => c.event.text)
        .join(''),
    ).toBe('partial answer that was already received');
  });

  it('in passthrough mode forwards every delta whole, when it arrives', () => {
    const inputs = burstyInputs(TEXT, 7);
    const { out } = simulate({ ...OPTIONS, mode: 'passthrough' }, inputs);
    const sent = contentOf(out).map((c) => [c.at, c.event.text]);
    const received = inputs
      .filter((i) => i.event?.type === 'content')
      .map((i) => [i.at, (i.event as { text: string }).text]);
    expect(sent).toEqual(received);
  });
});
