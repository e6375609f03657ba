import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_USAGE_TOKENS, parseUsage } from './usage.js';

const TOKEN_FIELDS = ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const;
const KEY_OF: Record<string, string> = {
  prompt_tokens: 'promptTokens',
  completion_tokens: 'completionTokens',
  total_tokens: 'totalTokens',
  'completion_tokens_details.reasoning_tokens': 'reasoningTokens',
  cost_usd: 'costUsd',
  sandbox_seconds: 'sandboxSeconds',
};

/** Numbers a miner might send: edges of every range the reader checks, and anything else JSON can carry. */
const number = fc.oneof(
  fc.integer({ min: -10, max: 2 * MAX_USAGE_TOKENS }),
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    MAX_USAGE_TOKENS,
    MAX_USAGE_TOKENS + 1,
    1000,
    1000.0001,
    86_400,
    86_401,
    Number.MIN_VALUE,
  ),
  fc.double(),
);
const anyValue = fc.oneof(
  number,
  fc.string({ maxLength: 8 }),
  fc.constantFrom('NaN', '12', 'Infinity', true, false, null, undefined),
  fc.anything({ maxDepth: 2 }),
);
const usageObject = fc.record(
  {
    prompt_tokens: anyValue,
    completion_tokens: anyValue,
    total_tokens: anyValue,
    completion_tokens_details: fc.oneof(
      fc.record({ reasoning_tokens: anyValue }, { requiredKeys: [] }),
      anyValue,
    ),
    cost_usd: anyValue,
    sandbox_seconds: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

/** What the miner sent for a wire name (dotted names read the nested details object). */
function sent(raw: Record<string, unknown>, wire: string): unknown {
  if (!wire.includes('.')) return raw[wire];
  const details = raw.completion_tokens_details;
  return typeof details === 'object' && details !== null
    ? (details as Record<string, unknown>).reasoning_tokens
    : undefined;
}

describe('parseUsage (property)', () => {
  it('never throws on anything at all, and keeps nothing from a non-object', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseUsage(raw);
        expect(Array.isArray(parsed.rejected)).toBe(true);
        if (typeof raw !== 'object' || raw === null)
          expect(parsed).toEqual({ usage: undefined, rejected: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps only sane values, exactly as sent, and names every dropped present field in `rejected`', () => {
    fc.assert(
      fc.property(usageObject, (raw) => {
        const { usage, rejected } = parseUsage(raw);
        const kept = (usage ?? {}) as Record<string, number>;
        if (usage !== undefined) expect(Object.keys(usage).length).toBeGreaterThan(0);
        for (const [wire, key] of Object.entries(KEY_OF)) {
          const value = sent(raw, wire);
          const present = value !== undefined && value !== null;
          if (key in kept) {
            expect(kept[key]).toBe(value);
            expect(rejected).not.toContain(wire);
          } else {
            expect(rejected.includes(wire)).toBe(present);
          }
        }
        for (const wire of TOKEN_FIELDS) {
          const v = kept[KEY_OF[wire]!];
          if (v !== undefined) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(10_000_000);
          }
        }
        if (kept.reasoningTokens !== undefined) {
          expect(Number.isInteger(kept.reasoningTokens)).toBe(true);
          expect(kept.reasoningTokens).toBeGreaterThanOrEqual(0);
          expect(kept.reasoningTokens).toBeLessThanOrEqual(10_000_000);
        }
        if (kept.costUsd !== undefined) {
          expect(Number.isFinite(kept.costUsd)).toBe(true);
          expect(kept.costUsd).toBeGreaterThanOrEqual(0);
          expect(kept.costUsd).toBeLessThanOrEqual(1000);
        }
        if (kept.sandboxSeconds !== undefined) {
          expect(Number.isFinite(kept.sandboxSeconds)).toBe(true);
          expect(kept.sandboxSeconds).toBeGreaterThanOrEqual(0);
          expect(kept.sandboxSeconds).toBeLessThanOrEqual(86_400);
        }
        // only known wire names are ever named, each once
        expect(new Set(rejected).size).toBe(rejected.length);
        for (const wire of rejected) expect(Object.keys(KEY_OF)).toContain(wire);
      }),
      { numRuns: 500 },
    );
  });

  it('reads usage out of arbitrary JSON text without throwing', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        parseUsage(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});
