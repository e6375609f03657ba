import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRodeoError } from '../config/index.js';
import { tempDirs } from './fixtures/temp.js';
import { canonicalJson, type Ledger, LedgerErrors, type LedgerRecord, openLedger } from './index.js';

const LEDGER_CODES = new Set(Object.values(LedgerErrors).map((e) => e.code));

const dirs = tempDirs();
let dir: string;
let ledger: Ledger;
beforeAll(async () => {
  dir = await dirs.make();
  ledger = await openLedger(dir);
});
afterAll(async () => {
  await ledger?.close();
  await dirs.cleanup();
});

async function readBack(seq: number): Promise<LedgerRecord> {
  const got: LedgerRecord[] = [];
  for await (const r of ledger.records({ fromSeq: seq, toSeq: seq })) got.push(r);
  expect(got.length).toBe(1);
  return got[0]!;
}

/** Any UTF-16 code unit: lone surrogates included, as a miner's JSON escapes can produce them. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** An array (or object) nested `depth` levels, built without recursion. */
function nested(depth: number, object: boolean): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = object ? { a: v } : [v];
  return v;
}

/** Values that JSON cannot hold, or that are hard to serialise (200,000 deep: the last test, fast-check cannot print it). */
const awkward = fc.oneof(
  fc.constantFrom(
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    10n,
    () => 1,
    Symbol('s'),
    new Date(0),
    new Map([[1, 2]]),
    new Set([1]),
    new Uint8Array([1, 2]),
    Object.create(null),
    [undefined, () => 1],
    { toJSON: () => 'replaced' },
    {
      toJSON() {
        throw new Error('toJSON throws');
      },
    },
    {
      get boom() {
        throw new Error('getter throws');
      },
    },
  ),
  fc.integer({ min: 1, max: 3000 }).chain((d) => fc.boolean().map((o) => nested(d, o))),
  fc.constant(null).map(() => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    return cyclic;
  }),
);

const jsonData = fc.jsonValue({ stringUnit: codeUnit, maxDepth: 5 });
const anyData = fc.oneof(
  { weight: 3, arbitrary: jsonData },
  {
    weight: 2,
    arbitrary: fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
      maxDepth: 3,
    }),
  },
  { weight: 2, arbitrary: awkward },
  { weight: 1, arbitrary: fc.tuple(jsonData, awkward).map(([a, b]) => ({ ok: a, bad: [b] })) },
);

const validType = fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/).filter((t) => t !== 'seal');
const anyType = fc.oneof(
  { weight: 4, arbitrary: validType },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string(), fc.constant('seal'), fc.constant('A'), fc.constant('x'.repeat(65))),
  },
);
/** Rounds relative to the head: mostly the same or later, sometimes behind, fractional or negative. */
const roundStep = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, -1e9, 2 ** 53) },
);
const roundAfter = (step: number) => (ledger.head()?.round ?? 0) + step;

/** The append's outcome; a refusal must be a LEDGER_* coded error (anything else fails the test). */
async function attempt<T>(write: () => Promise<T>): Promise<{ ok: T } | { code: string }> {
  try {
    return { ok: await write() };
  } catch (err) {
    expect(isRodeoError(err)).toBe(true);
    expect(LEDGER_CODES).toContain((err as { code: string }).code);
    return { code: (err as { code: string }).code };
  }
}

async function expectVerifies(): Promise<void> {
  const v = await ledger.verify();
  expect(v.firstError).toBeUndefined();
  expect(v.ok).toBe(true);
}

describe('ledger record encoding (property, real LevelDB)', () => {
  it('JSON data of any shape and string (lone surrogates included) appends and reads back equal', async () => {
    await fc.assert(
      fc.asyncProperty(validType, jsonData, async (type, data) => {
        const rec = await ledger.append(type, roundAfter(0), data);
        // equal as JSON (JSON has no -0: it reads back as 0)
        expect((await readBack(rec.seq)).data).toEqual(JSON.parse(JSON.stringify(data)));
        expect(canonicalJson((await readBack(rec.seq)).data)).toBe(canonicalJson(data));
      }),
      { numRuns: 150 },
    );
    await expectVerifies();
  });

  it('any data, type and round: appended and read back as its canonical JSON, or refused with a LEDGER_* code; never a partial write', async () => {
    await fc.assert(
      fc.asyncProperty(anyType, fc.oneof(roundStep), anyData, async (type, step, data) => {
        const before = ledger.head();
        const got = await attempt(() => ledger.append(type, roundAfter(step), data));
        if ('ok' in got) {
          expect(got.ok.seq).toBe((before?.seq ?? -1) + 1);
          // compared as canonical text: vitest's recursive equality overflows on the 3000-deep values
          expect(canonicalJson((await readBack(got.ok.seq)).data)).toBe(canonicalJson(data));
        } else {
          expect(ledger.head()).toEqual(before);
        }
        await expectVerifies();
      }),
      { numRuns: 150 },
    );
  });

  it('a batch with any mix of good and bad records lands whole or not at all', async () => {
    const input = fc.record({ type: anyType, step: roundStep, data: anyData });
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), async (inputs) => {
        const before = ledger.head();
        const base = before?.round ?? 0;
        const batch = inputs.map(({ type, step, data }) => ({ type, round: base + step, data }));
        const got = await attempt(() => ledger.appendBatch(batch));
        if ('ok' in got) {
          expect(got.ok.length).toBe(batch.length);
          expect(ledger.head()?.seq).toBe((before?.seq ?? -1) + batch.length);
          for (const [i, rec] of got.ok.entries())
            expect(canonicalJson((await readBack(rec.seq)).data)).toBe(canonicalJson(batch[i]!.data));
        } else {
          expect(ledger.head()).toEqual(before);
        }
        await expectVerifies();
      }),
      { numRuns: 60 },
    );
  });

  it('data nested 200,000 deep is refused by name, and the ledger still verifies after a reopen', async () => {
    for (const data of [
      nested(200_000, false),
      nested(200_000, true),
      { ok: 1, deep: nested(200_000, true) },
    ]) {
      const before = ledger.head();
      const got = await attempt(() => ledger.append('measurement', roundAfter(0), data));
      expect(got).toEqual({ code: LedgerErrors.INVALID_RECORD.code });
      expect(ledger.head()).toEqual(before);
    }
    await ledger.close();
    ledger = await openLedger(dir);
    await expectVerifies();
    expect((await ledger.verify()).records).toBe((ledger.head()?.seq ?? -1) + 1);
  });
});
