import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig, isRodeoError } from '../config/index.js';
import { BenchErrors } from './errors.js';
import { type StreamLimits, StreamReader } from './stream-reader.js';
import {
  BENCH_CODES,
  codePointText,
  concat,
  cutFractions,
  hostileResponse,
  nestedJsonText,
  splitAt,
  textResponse,
} from './testing/stream-arbitraries.js';

const enc = new TextEncoder();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Feeds every read; checks feed's contract as it goes. Returns the reader, never throws by itself. */
function feedAll(limits: StreamLimits, reads: Uint8Array[]): StreamReader {
  const r = new StreamReader(limits);
  let over = false;
  reads.forEach((bytes, i) => {
    const more = r.feed(bytes, (i + 1) * 1000);
    expect(typeof more).toBe('boolean');
    if (over) expect(more).toBe(false);
    if (!more) {
      expect(r.done || r.failure !== undefined).toBe(true);
      over = true;
    }
  });
  return r;
}

/**
 * What must hold after any input: named failure, bounded events and stored text, an answer that serialises.
 * Returns the answer (answer() is documented as call-once: it finishes the hashes of cut text).
 */
function checkInvariants(r: StreamReader, limits: StreamLimits): ReturnType<StreamReader['answer']> {
  if (r.failure !== undefined) {
    expect(isRodeoError(r.failure)).toBe(true);
    expect(BENCH_CODES).toContain(r.failure.code);
  }
  const { t, k, n } = r.events;
  expect(t.length).toBe(k.length);
  expect(n.length).toBe(k.length);
  expect(k.length).toBeLessThanOrEqual(limits.maxEvents);
  expect(k).toMatch(/^[okrctfude]*$/);
  const answer = r.answer();
  const stored =
    answer.content.length +
    answer.reasoning.length +
    answer.tools.calls.reduce((sum, c) => sum + c.argumentsRaw.length, 0);
  expect(stored).toBeLessThanOrEqual(limits.maxStoredChars);
  expect(answer.tools.calls.length).toBeLessThanOrEqual(limits.maxToolCalls);
  for (const cut of answer.cuts) {
    expect(cut.kept).toBeLessThanOrEqual(cut.chars);
    expect(cut.sha256).toMatch(/^[0-9a-f]{64}$/);
  }
  // what the validator does next with an answer: serialise it (ledger, report)
  expect(() => JSON.stringify({ answer, events: r.events, usage: r.usage })).not.toThrow();
  const u = r.usage ?? {};
  for (const v of [u.promptTokens, u.completionTokens, u.totalTokens, u.reasoningTokens])
    if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0 && v <= 10_000_000).toBe(true);
  return answer;
}

describe('StreamReader (property)', () => {
  it('arbitrary bytes, SSE lines, JSON (nested up to 3000 levels), invalid UTF-8 and long lines, read in arbitrary pieces: never throws, every failure is a BENCH_* code, stored text stays under the cap', () => {
    fc.assert(
      fc.property(hostileResponse, ({ limits, reads }) => {
        const r = feedAll(limits, reads);
        checkInvariants(r, limits);
      }),
      { numRuns: 200 },
    );
  });

  it('SSE text (valid UTF-8, lines under the cap) split into reads differently records the same outcome', () => {
    fc.assert(
      fc.property(textResponse, cutFractions, cutFractions, ({ limits, bytes }, one, other) => {
        const a = feedAll(limits, splitAt(bytes, one));
        const b = feedAll(limits, splitAt(bytes, other));
        // same failure (or none) and same answer, whatever the read boundaries
        expect(b.failure?.code).toBe(a.failure?.code);
        expect(b.done).toBe(a.done);
        expect(b.events.k).toBe(a.events.k);
        expect(checkInvariants(b, limits)).toEqual(checkInvariants(a, limits));
      }),
      { numRuns: 100 },
    );
  });

  it('well-formed streams: stored text is a prefix of what was sent, and a cut records the length and sha256 of the whole text', () => {
    // whole code points (a surrogate pair split across deltas has its own test below)
    const delta = fc.oneof(
      codePointText(60).map((content) => ({ content })),
      codePointText(60).map((reasoning_content) => ({ reasoning_content })),
      fc
        .record({ index: fc.nat(3), args: codePointText(40) })
        .map(({ index, args }) => ({ tool_calls: [{ index, function: { arguments: args } }] })),
    );
    fc.assert(
      fc.property(
        fc.array(delta, { maxLength: 30 }),
        fc.integer({ min: 1, max: 400 }),
        cutFractions,
        (deltas, maxStoredChars, cuts) => {
          const limits = { ...defaultConfig().bench, maxStoredChars };
          const text = deltas
            .map((d) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: d }] })}\n\n`)
            .join('');
          const bytes = enc.encode(`${text}data: [DONE]\n\n`);
          const r = feedAll(limits, splitAt(bytes, cuts));
          expect(r.failure).toBeUndefined();
          expect(r.done).toBe(true);
          const answer = checkInvariants(r, limits);

          const whole = { content: '', reasoning: '' } as Record<string, string>;
          for (const d of deltas) {
            if ('content' in d) whole.content += d.content;
            if ('reasoning_content' in d) whole.reasoning += d.reasoning_content;
            if ('tool_calls' in d) {
              const call = d.tool_calls[0]!;
              const field = `tool_calls[${call.index}].arguments`;
              whole[field] = (whole[field] ?? '') + call.function.arguments;
            }
          }
          const stored: Record<string, string> = { content: answer.content, reasoning: answer.reasoning };
          for (const c of answer.tools.calls) stored[`tool_calls[${c.index}].arguments`] = c.argumentsRaw;
          const cuts2 = new Map(answer.cuts.map((c) => [c.field, c]));
          const total = Object.values(whole).reduce((s, w) => s + w.length, 0);
          if (total <= maxStoredChars) expect(answer.cuts).toEqual([]);
          for (const [field, full] of Object.entries(whole)) {
            const kept = stored[field] ?? '';
            expect(full.startsWith(kept)).toBe(true);
            const cut = cuts2.get(field);
            if (cut === undefined) expect(kept).toBe(full);
            else expect(cut).toEqual({ field, chars: full.length, kept: kept.length, sha256: sha256(full) });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('StreamReader: JSON nested 200,000 deep, read in arbitrary pieces', () => {
  const deep = nestedJsonText(200_000, ['[', '{"a":'], '0');
  const limits = { ...defaultConfig().bench, maxLineBytes: 4 * 1024 * 1024 };
  const cases: [string, string, string | undefined][] = [
    ['in error', `{"error":${deep}}`, BenchErrors.JSON_TOO_DEEP.code],
    ['in content', `{"choices":[{"delta":{"content":${deep}}}]}`, BenchErrors.JSON_TOO_DEEP.code],
    ['in usage', `{"choices":[],"usage":${deep}}`, BenchErrors.JSON_TOO_DEEP.code],
    ['as the whole line', deep, BenchErrors.JSON_TOO_DEEP.code],
    // inside a string the line is shallow; the arguments are too deep once merged (no failure while reading)
    [
      'in tool-call arguments',
      JSON.stringify({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: deep } }] } }] }),
      undefined,
    ],
  ];
  for (const [name, line, code] of cases) {
    it(name, () => {
      const bytes = concat([enc.encode(`data: ${line}\n\n`), enc.encode('data: [DONE]\n\n')]);
      fc.assert(
        fc.property(cutFractions, (cuts) => {
          const r = feedAll(limits, splitAt(bytes, cuts));
          expect(r.failure?.code).toBe(code);
          const { tools, cuts: textCuts } = checkInvariants(r, limits);
          if (code === undefined) {
            expect(tools.tooDeep).toBe(0);
            expect(tools.calls[0]!.arguments).toBeUndefined();
            expect(textCuts).toEqual([
              {
                field: 'tool_calls[0].arguments',
                chars: deep.length,
                kept: limits.maxStoredChars,
                sha256: sha256(deep),
              },
            ]);
          }
        }),
        { numRuns: 5 },
      );
    });
  }
});

/**
 * Regression (found by the property above with lone surrogates allowed): a surrogate pair split across two
 * deltas must hash as the one code point the whole text encodes to, not as two U+FFFD.
 */
describe('StreamReader: a surrogate pair split across deltas', () => {
  it('a cut records the sha256 of the whole text even when a surrogate pair is split across deltas', () => {
    const limits = { ...defaultConfig().bench, maxStoredChars: 1 };
    const line = (content: string) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;
    const r = feedAll(limits, [enc.encode(line('\ud800') + line('\udc00') + 'data: [DONE]\n\n')]);
    const { cuts } = checkInvariants(r, limits);
    expect(cuts).toEqual([{ field: 'content', chars: 2, kept: 1, sha256: sha256('\ud800\udc00') }]);
  });
});
