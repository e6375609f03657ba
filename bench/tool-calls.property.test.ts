import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../config/index.js';
import { anyText, codePointText, deepJson, nestedJsonText } from './testing/stream-arbitraries.js';
import { ToolCallMerger } from './tool-calls.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const limits = fc.record({
  maxToolCalls: fc.integer({ min: 1, max: 8 }),
  maxJsonDepth: fc.integer({ min: 1, max: 100 }),
  budget: fc.integer({ min: 0, max: 400 }),
});

/** Argument fragments: text, JSON objects, deep JSON (to 3000 levels). */
const fragment = fc.oneof(
  anyText(30),
  codePointText(30),
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ v })),
  deepJson(3000, [63, 64, 65]),
);

/** One tool_calls delta as a miner may send it: well-formed, or any JSON value in any field. */
const delta = fc.oneof(
  fc.record(
    {
      index: fc.oneof(fc.nat(10), fc.jsonValue({ maxDepth: 0 }), fc.constantFrom(-1, 0.5, 1e308, 2 ** 53)),
      id: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 1 })),
      type: fc.constant('function'),
      function: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 1 })),
            arguments: fc.oneof(fragment, fc.jsonValue({ maxDepth: 2 })),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('ToolCallMerger (property)', () => {
  it('arbitrary deltas never throw; calls, stored arguments and depth stay within the limits', () => {
    fc.assert(
      fc.property(limits, fc.array(fc.array(delta, { maxLength: 6 }), { maxLength: 10 }), (l, batches) => {
        const budget = { left: l.budget };
        const merger = new ToolCallMerger(l, budget);
        let argChars = 0;
        for (const batch of batches) {
          const chars = merger.add(batch);
          expect(Number.isInteger(chars) && chars >= 0).toBe(true);
          argChars += chars;
          expect(merger.size).toBeLessThanOrEqual(l.maxToolCalls);
        }
        const { calls, cuts, tooDeep } = merger.result();
        expect(calls.length).toBe(merger.size);
        expect(calls.map((c) => c.index)).toEqual([...calls.map((c) => c.index)].sort((a, b) => a - b));
        const stored = calls.reduce((n, c) => n + c.argumentsRaw.length, 0);
        expect(stored).toBeLessThanOrEqual(l.budget);
        expect(stored).toBeLessThanOrEqual(argChars);
        expect(budget.left).toBe(l.budget - stored);
        for (const c of calls) {
          expect(Number.isInteger(c.index)).toBe(true);
          expect(c.name.length).toBeLessThanOrEqual(256);
          if (c.id !== undefined) expect(c.id.length).toBeLessThanOrEqual(256);
          if (c.arguments !== undefined) {
            expect(typeof c.arguments === 'object' && !Array.isArray(c.arguments)).toBe(true);
            // what the ledger does next: a recursive serialisation, safe because the depth was bounded
            const text = JSON.stringify(c.arguments);
            expect(jsonDepth(text, l.maxJsonDepth)).toBeLessThanOrEqual(l.maxJsonDepth);
          }
        }
        if (tooDeep !== undefined) {
          const call = calls.find((c) => c.index === tooDeep)!;
          expect(call.arguments).toBeUndefined();
          expect(jsonDepth(call.argumentsRaw, l.maxJsonDepth)).toBeGreaterThan(l.maxJsonDepth);
          // the first such call, in index order
          for (const c of calls.filter((c) => c.index < tooDeep))
            expect(jsonDepth(c.argumentsRaw, l.maxJsonDepth)).toBeLessThanOrEqual(l.maxJsonDepth);
        } else {
          for (const c of calls)
            expect(jsonDepth(c.argumentsRaw, l.maxJsonDepth)).toBeLessThanOrEqual(l.maxJsonDepth);
        }
        for (const cut of cuts) {
          expect(calls.map((c) => `tool_calls[${c.index}].arguments`)).toContain(cut.field);
          expect(cut.kept).toBeLessThanOrEqual(cut.chars);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('well-formed deltas merge by index: arguments concatenated in order, a cut hashes the whole text', () => {
    const piece = fc.record({
      index: fc.nat(4),
      args: fragment,
      name: fc.option(fc.string({ maxLength: 10 })),
    });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.integer({ min: 0, max: 300 }), (pieces, room) => {
        const merger = new ToolCallMerger({ maxToolCalls: 8, maxJsonDepth: 64 }, { left: room });
        const whole = new Map<number, string>();
        const names = new Map<number, string>();
        for (const p of pieces) {
          merger.add([
            { index: p.index, function: { arguments: p.args, ...(p.name ? { name: p.name } : {}) } },
          ]);
          whole.set(p.index, (whole.get(p.index) ?? '') + p.args);
          if (p.name) names.set(p.index, p.name);
        }
        const { calls, cuts } = merger.result();
        expect(calls.map((c) => c.index)).toEqual([...whole.keys()].sort((a, b) => a - b));
        for (const c of calls) {
          const full = whole.get(c.index)!;
          expect(c.name).toBe(names.get(c.index) ?? '');
          expect(full.startsWith(c.argumentsRaw)).toBe(true);
          const cut = cuts.find((x) => x.field === `tool_calls[${c.index}].arguments`);
          if (cut === undefined) expect(c.argumentsRaw).toBe(full);
          else
            expect(cut).toMatchObject({
              chars: full.length,
              kept: c.argumentsRaw.length,
              sha256: sha256(full),
            });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('arguments nested 200,000 deep, streamed in arbitrary pieces, are refused by index, never parsed', () => {
    const deep = nestedJsonText(200_000, ['{"a":', '['], '1');
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (fractions) => {
        const cuts = [...new Set(fractions.map((f) => Math.floor(f * deep.length)))].sort((a, b) => a - b);
        const merger = new ToolCallMerger({ maxToolCalls: 4, maxJsonDepth: 64 }, { left: 10 * deep.length });
        merger.add([{ index: 1, function: { name: 'ok', arguments: '{"x":1}' } }]);
        let from = 0;
        for (const c of [...cuts, deep.length]) {
          merger.add([{ index: 2, function: { arguments: deep.slice(from, c) } }]);
          from = Math.max(from, c);
        }
        const { calls, tooDeep } = merger.result();
        expect(tooDeep).toBe(2);
        expect(calls[0]!.arguments).toEqual({ x: 1 });
        expect(calls[1]!.arguments).toBeUndefined();
        expect(calls[1]!.argumentsRaw).toBe(deep);
      }),
      { numRuns: 10 },
    );
  });
});
