import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLines, recKey, tempDirs, withRawDb } from './fixtures/temp.js';
import { encodeRecord } from './format.js';
import { canonicalJson, GENESIS_HASH, LedgerErrors, type LedgerRecord, openLedger } from './index.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Three rounds, types interleaved: round r holds seqs 4r..4r+3. */
async function filled(dir: string) {
  const ledger = await openLedger(dir);
  for (const round of [3, 4, 5]) {
    await ledger.append('snapshot', round, { round, miners: ['a', 'b'] });
    await ledger.appendBatch([
      { type: 'measurement', round, data: { miner: 'a', t: [1, 2, 3] } },
      { type: 'measurement', round, data: { miner: 'b', t: [4, 5] } },
      { type: 'score', round, data: { a: 0.5, b: 0.25 } },
    ]);
  }
  return ledger;
}

describe('ledger record format', () => {
  it('matches the test vector of ledger/README.md', () => {
    const rec = encodeRecord({
      seq: 0,
      round: 120,
      type: 'metagraph',
      at: 1760000000000,
      data: { uids: [0, 1], block: 43200 },
      prevHash: GENESIS_HASH,
    });
    expect(rec.line).toBe(
      '{"at":1760000000000,"data":{"block":43200,"uids":[0,1]},"hash":"b384bc0039c5403fdd65930edbc8bd59f3970f2acdb277616e082af8641aec30","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","round":120,"seq":0,"type":"metagraph"}',
    );
    expect(rec.hash).toBe('b384bc0039c5403fdd65930edbc8bd59f3970f2acdb277616e082af8641aec30');
  });
});

describe('ledger: append, iterate, indexes', () => {
  it('chains records from the genesis hash, each hash recomputable from the stored bytes', async () => {
    const ledger = await filled(await dirs.make());
    const all = await collect(ledger.records());
    expect(all.map((r) => r.seq)).toEqual([...Array(12).keys()]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    for (const r of all) {
      const { hash, ...rest } = r;
      expect(createHash('sha256').update(canonicalJson(rest)!).digest('hex')).toBe(hash);
    }
    expect(ledger.head()).toEqual({ seq: 11, round: 5, type: 'score', hash: all[11]!.hash });
    await ledger.close();
  });

  it('answers by round, by type, by both and by seq range, in order, and knows rounds and bytes', async () => {
    const ledger = await filled(await dirs.make());
    const seqs = async (q: Parameters<typeof ledger.records>[0]) =>
      (await collect(ledger.records(q))).map((r) => r.seq);
    expect(await seqs({ round: 4 })).toEqual([4, 5, 6, 7]);
    expect(await seqs({ type: 'measurement' })).toEqual([1, 2, 5, 6, 9, 10]);
    expect(await seqs({ type: 'measurement', round: 5 })).toEqual([9, 10]);
    expect(await seqs({ fromSeq: 6, toSeq: 9 })).toEqual([6, 7, 8, 9]);
    expect(await seqs({ round: 4, fromSeq: 6 })).toEqual([6, 7]);
    expect(await seqs({ round: 99 })).toEqual([]);
    expect(await seqs({ type: 'nothing' })).toEqual([]);
    expect(await ledger.rounds()).toEqual([3, 4, 5]);
    expect((await ledger.lastRecord('measurement'))?.seq).toBe(10);
    expect((await ledger.lastRecord<{ miner: string }>('measurement', 3))?.data.miner).toBe('b');
    expect(await ledger.lastRecord('score', 99)).toBeUndefined();

    const lines = await exportLines(ledger, { round: 4 });
    const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l), 0);
    expect(await ledger.countBytes(4)).toBe(bytes);
    expect(await ledger.countBytes(99)).toBe(0);
    const info = await ledger.info();
    expect(info.records).toBe(12);
    expect(info.rounds.map((r) => [r.round, r.fromSeq, r.toSeq, r.records, r.sealed])).toEqual([
      [3, 0, 3, 4, false],
      [4, 4, 7, 4, false],
      [5, 8, 11, 4, false],
    ]);
    expect(info.bytes).toBe(info.rounds.reduce((s, r) => s + r.bytes, 0));
    expect(info.diskBytes).toBeGreaterThan(0);
    await ledger.close();
  });

  it('keeps the head across reopen and continues the chain', async () => {
    const dir = await dirs.make();
    const first = await filled(dir);
    const head = first.head()!;
    await first.close();
    const again = await openLedger(dir);
    expect(again.head()).toEqual(head);
    const next = await again.append('score', 5, { late: true });
    expect(next.seq).toBe(head.seq + 1);
    expect(next.prevHash).toBe(head.hash);
    expect((await again.verify()).ok).toBe(true);
    await again.close();
  });

  it('serializes concurrent appends into one chain', async () => {
    const ledger = await openLedger(await dirs.make());
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? ledger.append('x', 1, { i })
          : ledger.appendBatch([
              { type: 'y', round: 1, data: { i } },
              { type: 'y', round: 1, data: { i } },
            ]),
      ),
    );
    expect(results.flat().map((r: LedgerRecord) => r.seq)).toEqual([...Array(60).keys()]);
    expect(await ledger.verify()).toMatchObject({ ok: true, records: 60 });
    await ledger.close();
  });

  it('refuses bad input without writing anything of the batch', async () => {
    const ledger = await filled(await dirs.make());
    const head = ledger.head();
    const refused = async (p: Promise<unknown>, code: string) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as { code?: string }).code).toBe(code);
    };
    const ok = { type: 'score', round: 5, data: {} };
    await refused(
      ledger.appendBatch([ok, { type: 'Bad Type', round: 5, data: {} }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(
      ledger.appendBatch([ok, { type: 'score', round: 4, data: {} }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(
      ledger.appendBatch([ok, { type: 'score', round: -1, data: {} }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(
      ledger.appendBatch([ok, { type: 'score', round: 5, data: { n: Number.NaN } }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(
      ledger.appendBatch([ok, { type: 'score', round: 5, data: { n: 1n } }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(
      ledger.appendBatch([ok, { type: 'score', round: 5, data: undefined }]),
      LedgerErrors.INVALID_RECORD.code,
    );
    await refused(ledger.append('seal', 5, {}), LedgerErrors.INVALID_RECORD.code);
    expect(ledger.head()).toEqual(head);
    expect((await collect(ledger.records())).length).toBe(12);
    await ledger.close();
  });

  it('stores undefined members the way JSON does: left out, and still verifiable', async () => {
    const ledger = await openLedger(await dirs.make());
    const rec = await ledger.append('m', 0, { a: undefined, b: [undefined, 1], c: 'é\u2028' });
    const [stored] = await collect(ledger.records());
    expect(stored!.data).toEqual({ b: [null, 1], c: 'é\u2028' });
    expect(stored!.hash).toBe(rec.hash);
    expect((await ledger.verify()).ok).toBe(true);
    await ledger.close();
  });

  it('refuses to open a ledger whose head pointer disagrees with the records', async () => {
    const dir = await dirs.make();
    await (await filled(dir)).close();
    await withRawDb(dir, (db) => db.del(recKey(11)));
    const err = await openLedger(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(LedgerErrors.INCONSISTENT.is(err)).toBe(true);
    expect((err as Error).message).toContain('head says seq 11');
  });

  it('says when there is no ledger to read', async () => {
    const dir = await dirs.make();
    const err = await openLedger(dir, { create: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(LedgerErrors.NOT_FOUND.is(err)).toBe(true);
  });
});

describe('ledger: append listeners', () => {
  it('hears every appended record in order, before the append resolves, until removed', async () => {
    const ledger = await openLedger(await dirs.make());
    const heard: string[] = [];
    const stop = ledger.onAppend(async (rec) => {
      await new Promise((r) => setTimeout(r, 2));
      heard.push(`${rec.seq}:${rec.type}`);
    });
    await ledger.append('snapshot', 1, {});
    expect(heard).toEqual(['0:snapshot']);
    await Promise.all([
      ledger.appendBatch([
        { type: 'measurement', round: 1, data: {} },
        { type: 'score', round: 1, data: {} },
      ]),
      ledger.append('weights', 1, {}),
    ]);
    expect(heard).toEqual(['0:snapshot', '1:measurement', '2:score', '3:weights']);
    stop();
    await ledger.append('later', 1, {});
    expect(heard).toHaveLength(4);
    expect((await collect(ledger.records())).map((r) => r.type)).toEqual([
      'snapshot',
      'measurement',
      'score',
      'weights',
      'later',
    ]);
    await ledger.close();
  });
});
