import { cp } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recKey, tempDirs, withRawDb } from './fixtures/temp.js';
import { encodeRecord, GENESIS_HASH } from './format.js';
import { HashChainChecker } from './hash-chain.js';
import { LedgerErrors, type LedgerRecord, openLedger, type Signer, type VerifyResult } from './index.js';
import { pad } from './keys.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** Round 1 sealed (seqs 0..4, seal 5), round 2 sealed (seqs 6..8, seal 9), round 3 open (10..12). */
let pristine: string;
let alice: Signer;
beforeAll(async () => {
  await cryptoWaitReady();
  alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  pristine = await dirs.make();
  const ledger = await openLedger(pristine);
  for (const round of [1, 2, 3]) {
    await ledger.append('snapshot', round, { miners: 256, block: 1000 * round });
    const n = round === 1 ? 4 : 2;
    await ledger.appendBatch(
      Array.from({ length: n }, (_, i) => ({
        type: 'measurement',
        round,
        data: { miner: `m${i}`, events: { t: [120, 4800 + i, 9100], k: 'ccd', n: [3, 4, 0] }, content: 'ok' },
      })),
    );
    if (round < 3) await ledger.seal(round, alice);
  }
  await ledger.close();
});

async function copy(): Promise<string> {
  const dir = await dirs.make();
  await cp(pristine, dir, { recursive: true });
  return dir;
}

async function verifyDir(dir: string, round?: number): Promise<VerifyResult> {
  const ledger = await openLedger(dir);
  try {
    return await ledger.verify(round === undefined ? {} : { round });
  } finally {
    await ledger.close();
  }
}

describe('ledger verify catches tampering and names the record', () => {
  it('the pristine ledger verifies', async () => {
    expect(await verifyDir(pristine)).toMatchObject({ ok: true, records: 13, rounds: 3, unsealed: [3] });
    for (const round of [1, 2, 3]) expect((await verifyDir(pristine, round)).ok).toBe(true);
  });

  it('a flipped byte anywhere in a stored record is caught and named', async () => {
    const dir = await copy();
    const seq = 7; // a measurement of round 2
    const original = await withRawDb(dir, async (db) => (await db.get(recKey(seq)))!);
    // Every 4th byte (each check reopens LevelDB twice), from the first to the closing brace.
    const positions = Array.from({ length: Math.ceil(original.length / 4) }, (_, k) => k * 4);
    positions.push(original.length - 1);
    for (const i of positions) {
      const bytes = Buffer.from(original, 'utf8');
      bytes[i]! ^= 0x01;
      await withRawDb(dir, (db) => db.put(recKey(seq), bytes.toString('utf8')));
      const full = await verifyDir(dir);
      expect(full.ok, `byte ${i}`).toBe(false);
      expect(full.firstError, `byte ${i}`).toMatchObject({ seq, code: LedgerErrors.CORRUPT_RECORD.code });
      if (i % 32 === 0) expect((await verifyDir(dir, 2)).firstError?.seq, `byte ${i}`).toBe(seq);
    }
    await withRawDb(dir, (db) => db.put(recKey(seq), original));
    expect((await verifyDir(dir)).ok).toBe(true);
  });

  it('the chain check refuses every single-byte flip of every stored line', async () => {
    const lines: string[] = [];
    await withRawDb(pristine, async (db) => {
      for await (const v of db.values({ gte: '!rec!', lt: '!rec"' })) lines.push(v);
    });
    // A checker that has accepted the lines of seq's round before it (rounds start at 0, 6 and 10).
    const upTo = (seq: number) => {
      const start = [10, 6, 0].find((s) => s <= seq)!;
      const prevHash = start === 0 ? GENESIS_HASH : (JSON.parse(lines[start - 1]!) as LedgerRecord).hash;
      const checker = new HashChainChecker({ seq: start, prevHash });
      for (const line of lines.slice(start, seq)) checker.check(line);
      return checker;
    };
    for (const [seq, line] of lines.entries()) {
      expect(upTo(seq).check(line, seq).seq).toBe(seq);
      for (let i = 0; i < line.length; i++) {
        const flipped = line.slice(0, i) + String.fromCharCode(line.charCodeAt(i) ^ 0x01) + line.slice(i + 1);
        expect(() => upTo(seq).check(flipped, seq), `seq ${seq} byte ${i}`).toThrow();
      }
    }
  });

  it('names the round and type of a corrupted record', async () => {
    const dir = await copy();
    await withRawDb(dir, async (db) => db.put(recKey(7), (await db.get(recKey(7)))!.replace('"ok"', '"OK"')));
    expect((await verifyDir(dir)).firstError).toMatchObject({ seq: 7, round: 2, type: 'measurement' });
  });

  it('checkedRecords reads the chain or a round and stops at the first bad record', async () => {
    const read = async (dir: string, round?: number) => {
      const ledger = await openLedger(dir);
      const seqs: number[] = [];
      try {
        for await (const r of ledger.checkedRecords(round === undefined ? {} : { round })) seqs.push(r.seq);
        return seqs;
      } catch (err) {
        return { seqs, err: err as { code: string; message: string } };
      } finally {
        await ledger.close();
      }
    };
    expect(await read(pristine)).toEqual([...Array(13).keys()]);
    expect(await read(pristine, 2)).toEqual([6, 7, 8, 9]);
    const dir = await copy();
    await withRawDb(dir, async (db) => db.put(recKey(7), (await db.get(recKey(7)))!.replace('"ok"', '"OK"')));
    for (const round of [undefined, 2]) {
      const r = (await read(dir, round)) as { seqs: number[]; err: { code: string; message: string } };
      expect(r.seqs.at(-1)).toBe(6);
      expect(r.err.code).toBe(LedgerErrors.CORRUPT_RECORD.code);
      expect(r.err.message).toContain('record seq 7');
    }
    expect(await read(dir, 3)).toEqual([10, 11, 12]);
  });

  it('a deleted record breaks the link at the next one', async () => {
    const dir = await copy();
    await withRawDb(dir, (db) => db.del(recKey(3)));
    const r = await verifyDir(dir);
    expect(r.firstError).toMatchObject({ seq: 4, code: LedgerErrors.BROKEN_LINK.code });
    expect(r.firstError?.reason).toContain('record 3 is missing');
    expect((await verifyDir(dir, 1)).firstError?.seq).toBe(4);
  });

  it('swapped records are caught', async () => {
    const dir = await copy();
    await withRawDb(dir, async (db) => {
      const [a, b] = await db.getMany([recKey(2), recKey(3)]);
      await db.batch([
        { type: 'put', key: recKey(2), value: b! },
        { type: 'put', key: recKey(3), value: a! },
      ]);
    });
    expect((await verifyDir(dir)).firstError).toMatchObject({
      seq: 2,
      code: LedgerErrors.CORRUPT_RECORD.code,
    });
  });

  it('index entries that are missing or wrong are caught', async () => {
    const typeEntry = await copy();
    await withRawDb(typeEntry, (db) => db.del(`!type!measurement!${pad(8)}`));
    expect((await verifyDir(typeEntry)).firstError).toMatchObject({
      seq: 8,
      code: LedgerErrors.BAD_INDEX.code,
    });
    expect((await verifyDir(typeEntry, 2)).firstError).toMatchObject({
      seq: 8,
      code: LedgerErrors.BAD_INDEX.code,
    });

    const foreignType = await copy();
    await withRawDb(foreignType, (db) => db.put(`!type!score!${pad(8)}`, ''));
    expect((await verifyDir(foreignType)).firstError).toMatchObject({
      seq: 8,
      code: LedgerErrors.BAD_INDEX.code,
    });

    const roundEntry = await copy();
    await withRawDb(roundEntry, (db) => db.del(`!round!${pad(2)}!${pad(8)}`));
    expect((await verifyDir(roundEntry)).firstError).toMatchObject({
      seq: 8,
      code: LedgerErrors.BAD_INDEX.code,
    });

    const byteCount = await copy();
    await withRawDb(byteCount, (db) => db.put(`!round!${pad(2)}!${pad(8)}`, '1'));
    expect((await verifyDir(byteCount)).firstError).toMatchObject({
      seq: 8,
      code: LedgerErrors.BAD_INDEX.code,
    });
  });

  it('rewritten history with recomputed hashes fails at the seal, even with lastHash updated', async () => {
    const dir = await copy();
    await withRawDb(dir, async (db) => {
      const records: LedgerRecord[] = [];
      for await (const v of db.values({ gte: '!rec!', lt: '!rec"' }))
        records.push(JSON.parse(v) as LedgerRecord);
      (records[7]!.data as { content: string }).content = 'forged';
      let prevHash = records[6]!.hash;
      for (const r of records.slice(7)) {
        if (r.type === 'seal') (r.data as { lastHash: string }).lastHash = prevHash;
        const line = encodeRecord({ ...r, prevHash });
        prevHash = line.hash;
        await db.put(recKey(r.seq), line.line);
        await db.put(`!round!${pad(r.round)}!${pad(r.seq)}`, String(Buffer.byteLength(line.line)));
      }
      const head = records.at(-1)!;
      await db.put(
        '!meta!head',
        JSON.stringify({ hash: prevHash, round: head.round, seq: head.seq, type: head.type }),
      );
    });
    const r = await verifyDir(dir);
    expect(r.firstError).toMatchObject({ seq: 9, round: 2, type: 'seal', code: LedgerErrors.BAD_SEAL.code });
    expect(r.firstError?.reason).toContain('signature');
  });
});
