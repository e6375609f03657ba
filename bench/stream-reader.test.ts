import { describe, expect, it } from 'vitest';
import { StreamReader } from './stream-reader.js';
import { sse } from './testing/sse-script.js';

const enc = new TextEncoder();
const limits = {
  maxLineBytes: 1024,
  maxEvents: 1000,
  maxStoredChars: 10_000,
  maxJsonDepth: 64,
  maxToolCalls: 64,
};

function feedAll(r: StreamReader, parts: string[], stepUs = 1000) {
  parts.forEach((p, i) => {
    r.feed(enc.encode(p), (i + 1) * stepUs);
  });
}

describe('StreamReader', () => {
  it('records kinds, times and text of every event', () => {
    const r = new StreamReader(limits);
    feedAll(r, [
      sse.role(),
      sse.comment(),
      sse.reasoning('thinking'),
      sse.content('Hel'),
      sse.content('lo'),
      sse.finish(),
      sse.usage(5, 2),
      sse.done(),
    ]);
    expect(r.events.k).toBe('okrccfud');
    expect(r.events.t).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    expect(r.events.n).toEqual([0, 0, 8, 3, 2, 0, 0, 0]);
    expect(r.answer().content).toBe('Hello');
    expect(r.answer().reasoning).toBe('thinking');
    expect(r.firstTokenUs).toBe(3000);
    expect(r.finishReason).toBe('stop');
    expect(r.usage).toEqual({ promptTokens: 5, completionTokens: 2, totalTokens: 7 });
    expect(r.done).toBe(true);
    expect(r.failure).toBeUndefined();
  });

  it('accepts `reasoning` as well as `reasoning_content`', () => {
    const r = new StreamReader(limits);
    feedAll(r, [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning: 'hmm' } }] })}\n\n`,
      sse.done(),
    ]);
    expect(r.answer().reasoning).toBe('hmm');
    expect(r.events.k).toBe('rd');
  });

  it('merges tool_calls deltas by index', () => {
    const r = new StreamReader(limits);
    feedAll(r, [
      sse.toolCall(0, { id: 'call_a', name: 'get_weather', arguments: '{"loc' }),
      sse.toolCall(1, { id: 'call_b', name: 'search', arguments: '' }),
      sse.toolCall(0, { arguments: 'ation":"Tokyo"}' }),
      sse.toolCall(1, { arguments: '{"q":"x"' }),
      sse.finish('tool_calls'),
      sse.done(),
    ]);
    expect(r.answer().tools.calls).toEqual([
      {
        index: 0,
        id: 'call_a',
        name: 'get_weather',
        argumentsRaw: '{"location":"Tokyo"}',
        arguments: { location: 'Tokyo' },
      },
      { index: 1, id: 'call_b', name: 'search', argumentsRaw: '{"q":"x"', arguments: undefined },
    ]);
    expect(r.events.k).toBe('ttttfd');
    expect(r.firstTokenUs).toBe(1000);
  });

  it('handles events split across reads and CRLF line endings', () => {
    const r = new StreamReader(limits);
    const raw = sse.content('abc').replaceAll('\n', '\r\n') + sse.done().replaceAll('\n', '\r\n');
    for (let i = 0; i < raw.length; i += 7) r.feed(enc.encode(raw.slice(i, i + 7)), i);
    expect(r.answer().content).toBe('abc');
    expect(r.done).toBe(true);
  });

  it('keeps multi-byte characters split across reads intact', () => {
    const r = new StreamReader(limits);
    const bytes = enc.encode(sse.content('héllo ✓') + sse.done());
    const cut = bytes.indexOf(0xc3) + 1;
    r.feed(bytes.slice(0, cut), 1);
    r.feed(bytes.slice(cut), 2);
    expect(r.answer().content).toBe('héllo ✓');
  });

  it('fails on an error event, invalid JSON, an over-long line and too many events', () => {
    const a = new StreamReader(limits);
    feedAll(a, [sse.content('x'), 'data: {"error":{"message":"upstream exploded","code":"boom"}}\n\n']);
    expect(a.failure?.code).toBe('BENCH_STREAM_ERROR_EVENT');
    expect(a.failure?.message).toContain('upstream exploded (boom)');

    const b = new StreamReader(limits);
    feedAll(b, ['data: {not json\n\n']);
    expect(b.failure?.code).toBe('BENCH_INVALID_JSON');

    const c = new StreamReader(limits);
    c.feed(enc.encode(`data: ${'x'.repeat(600)}`), 1);
    expect(c.failure).toBeUndefined();
    c.feed(enc.encode('y'.repeat(600)), 2);
    expect(c.failure?.code).toBe('BENCH_LINE_TOO_LONG');

    const d = new StreamReader({ ...limits, maxEvents: 3 });
    feedAll(d, [sse.comment(), sse.comment(), sse.comment(), sse.comment()]);
    expect(d.failure?.code).toBe('BENCH_TOO_MANY_EVENTS');
  });

  it('ignores everything after [DONE]', () => {
    const r = new StreamReader(limits);
    feedAll(r, [sse.content('a'), sse.done(), sse.content('b'), 'data: {oops\n\n']);
    expect(r.answer().content).toBe('a');
    expect(r.failure).toBeUndefined();
    expect(r.events.k).toBe('cd');
  });
});
