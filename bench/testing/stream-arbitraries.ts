/**
 * fast-check generators of what a hostile miner can send in an SSE response, for the property tests of
 * bench/ (stream reader, tool calls, measure). Test-only: fast-check is a devDependency, so nothing outside
 * *.test.ts imports this file (it is not exported from bench/testing/index.ts).
 */
import fc from 'fast-check';
import { BenchErrors } from '../errors.js';
import type { StreamLimits } from '../stream-reader.js';

/** Every code a bench failure may carry. */
export const BENCH_CODES: ReadonlySet<string> = new Set(Object.values(BenchErrors).map((f) => f.code));

const enc = new TextEncoder();

const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/**
 * JSON text nested `depth` levels deep: each level an array or an object member, following a short
 * pattern repeated to the depth; closed completely or cut off part way.
 */
export function nestedJsonText(depth: number, pattern: string[], leaf: string, closed = true): string {
  const opens: string[] = [];
  const closes: string[] = [];
  for (let i = 0; i < depth; i++) {
    const open = pattern[i % pattern.length]!;
    opens.push(open);
    closes.push(CLOSER[open[0]!]!);
  }
  closes.reverse();
  return opens.join('') + leaf + (closed ? closes.join('') : closes.slice(0, depth >> 1).join(''));
}

/** A depth-parameterised generator of nested JSON text, up to `maxDepth` levels (and the bounds' edges). */
export function deepJson(maxDepth: number, edges: number[] = []): fc.Arbitrary<string> {
  return fc
    .record({
      depth: fc.oneof(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom(1, maxDepth, ...edges)),
      pattern: fc.array(
        fc.oneof(
          fc.constant('['),
          fc.string({ maxLength: 3 }).map((k) => `{${JSON.stringify(k)}:`),
        ),
        { minLength: 1, maxLength: 5 },
      ),
      leaf: fc.oneof(fc.json({ maxDepth: 1 }), fc.constant('')),
      closed: fc.oneof(
        { weight: 4, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    })
    .map(({ depth, pattern, leaf, closed }) => nestedJsonText(depth, pattern, leaf, closed));
}

/** Any string of whole code points (no lone surrogates), control characters included. */
export const codePointText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

/** Any string, lone surrogates and control characters included. */
export const anyText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

const chunk = (delta: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }], ...extra });

/** A structured JSON value shaped like a chunk part, recursive through fc.letrec. */
const chunkish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'content',
        'reasoning',
        'reasoning_content',
        'tool_calls',
        'index',
        'function',
        'arguments',
        'error',
        'message',
        'usage',
        'x',
      ),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** What follows `data: ` on one line (never containing a line break itself unless raw). */
export function dataPayload(maxDepth: number, jsonDepthLimit: number): fc.Arbitrary<string> {
  const deep = deepJson(maxDepth, [jsonDepthLimit - 1, jsonDepthLimit, jsonDepthLimit + 1]);
  const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
  return fc.oneof(
    w(
      6,
      anyText(40).map((content) => chunk({ content })),
    ),
    w(
      3,
      anyText(40).map((r) => chunk({ reasoning_content: r })),
    ),
    w(
      3,
      fc
        .record({
          index: fc.oneof(fc.nat(6), fc.jsonValue({ maxDepth: 0 })),
          args: anyText(30),
          name: fc.string(),
        })
        .map(({ index, args, name }) =>
          chunk({ tool_calls: [{ index, id: 'c', function: { name, arguments: args } }] }),
        ),
    ),
    w(
      2,
      fc.jsonValue().map((usage) => JSON.stringify({ choices: [], usage })),
    ),
    w(
      2,
      chunkish.map((value) => chunk(value)),
    ),
    w(
      1,
      chunkish.map((value) => JSON.stringify(value)),
    ),
    w(1, fc.json()),
    w(1, deep),
    w(
      1,
      deep.map((d) => `{"error":${d}}`),
    ),
    w(
      1,
      deep.map((d) => `{"choices":[{"delta":{"content":${d}}}]}`),
    ),
    w(
      1,
      deep.map((d) => `{"choices":[],"usage":${d}}`),
    ),
    w(
      1,
      deep.map((d) => `{"choices":[{"delta":{"tool_calls":${d}}}]}`),
    ),
    w(
      1,
      deep.map((d) => chunk({ tool_calls: [{ index: 0, function: { arguments: d } }] })),
    ),
    w(1, fc.constantFrom('[DONE]', ' [DONE] ', '', 'null', '"x"', '1e999', '{"error":null}', '{"error":{}}')),
    w(1, anyText(60)),
  );
}

/** One piece of a response: an SSE line or block, raw bytes, invalid UTF-8, or a line near the length cap. */
export function streamSegment(limits: StreamLimits): fc.Arbitrary<Uint8Array> {
  const payload = dataPayload(3000, limits.maxJsonDepth);
  const eol = fc.constantFrom('\n\n', '\r\n\r\n', '\r\r', '\n', '');
  const text = (s: fc.Arbitrary<string>) => s.map((t) => enc.encode(t));
  return fc.oneof(
    { weight: 16, arbitrary: text(fc.tuple(payload, eol).map(([p, e]) => `data: ${p}${e}`)) },
    {
      weight: 1,
      arbitrary: text(fc.tuple(anyText(20), eol).map(([p, e]) => `event: error\ndata: ${p}${e}`)),
    },
    { weight: 1, arbitrary: text(anyText(20).map((t) => `: ${t}\n`)) },
    { weight: 1, arbitrary: text(anyText(20)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          [0xff],
          [0xc3],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xe2, 0x82],
          [0xc0, 0xaf],
        )
        .map((b) => Uint8Array.from(b)),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: Math.max(0, limits.maxLineBytes - 8), max: limits.maxLineBytes * 2 })
        .map((n) => enc.encode(`data: {"choices":[{"delta":{"content":"${'a'.repeat(n)}"}}]}\n\n`)),
    },
  );
}

/** Limits of every size, biased towards ones a real chunk fits in (depth >= 4, lines of kilobytes). */
export const streamLimits: fc.Arbitrary<StreamLimits> = fc.record({
  maxLineBytes: fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 16, max: 256 }) },
    { weight: 4, arbitrary: fc.integer({ min: 4096, max: 1 << 16 }) },
  ),
  maxEvents: fc.integer({ min: 1, max: 64 }),
  maxStoredChars: fc.integer({ min: 1, max: 160 }),
  maxJsonDepth: fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 4, arbitrary: fc.integer({ min: 5, max: 100 }) },
  ),
  maxToolCalls: fc.integer({ min: 1, max: 8 }),
});

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cut points as fractions of the length: the same bytes, delivered in arbitrary reads. */
export const cutFractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 24 });

export function splitAt(bytes: Uint8Array, fractions: number[]): Uint8Array[] {
  const cuts = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    if (c < from) continue;
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

/**
 * A response of SSE text only (valid UTF-8, lines far under the cap): its outcome must not depend on how the
 * bytes are split into reads. (Over-long lines and invalid UTF-8 are checked per read before that read is
 * parsed, so which failure wins, or whether bytes after [DONE] in the same read still fail the stream,
 * depends on the read boundaries.)
 */
export const textResponse = streamLimits.chain((limits) => {
  const eol = fc.constantFrom('\n\n', '\r\n\r\n', '\r\r', '\n');
  const line = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(dataPayload(3000, limits.maxJsonDepth), eol).map(([p, e]) => `data: ${p}${e}`),
    },
    { weight: 1, arbitrary: fc.tuple(anyText(20), eol).map(([p, e]) => `event: error\ndata: ${p}${e}`) },
    { weight: 1, arbitrary: anyText(20).map((t) => `: ${t}\n`) },
  );
  return fc
    .record({ lines: fc.array(line, { maxLength: 12 }), done: fc.boolean() })
    .map(({ lines, done }) => ({
      limits: { ...limits, maxLineBytes: 1 << 22 },
      bytes: enc.encode(lines.join('') + (done ? 'data: [DONE]\n\n' : '')),
    }));
});

/** A response: limits, then segments drawn against those limits, joined and cut into reads. */
export const hostileResponse = streamLimits.chain((limits) =>
  fc
    .record({
      segments: fc.array(streamSegment(limits), { maxLength: 12 }),
      done: fc.boolean(),
      cuts: cutFractions,
    })
    .map(({ segments, done, cuts }) => {
      const bytes = concat(done ? [...segments, enc.encode('data: [DONE]\n\n')] : segments);
      return { limits, bytes, reads: splitAt(bytes, cuts) };
    }),
);
