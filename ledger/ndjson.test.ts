import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLines, tempDirs } from './fixtures/temp.js';
import { encodeRecord } from './format.js';
import { importNdjson, type Ledger, LedgerErrors, openLedger } from './index.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

let source: Ledger;
let all: string[];
beforeAll(async () => {
  await cryptoWaitReady();
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  source = await openLedger(await dirs.make());
  for (const round of [10, 11, 12]) {
    await source.append('snapshot', round, { block: round * 360 });
    await source.appendBatch(
      Array.from({ length: 5 }, (_, i) => ({
        type: 'measurement',
        round,
        data: { i, text: 'naïve “quotes” \n' },
      })),
    );
    await source.seal(round, alice);
  }
  all = await exportLines(source);
});
afterAll(() => source.close());

const fromLines = (lines: string[]) => Readable.from(lines.length ? [`${lines.join('\n')}\n`] : []);

async function refusal(lines: string[]): Promise<{ code?: string; message: string; dirEmpty: boolean }> {
  const dir = await dirs.make();
  const err = (await importNdjson(fromLines(lines), dir, { source: 'x.ndjson' }).then(
    () => ({ message: 'imported' }),
    (e: { code?: string; message: string }) => e,
  )) as { code?: string; message: string };
  const ledger = await openLedger(dir);
  const dirEmpty = ledger.head() === undefined;
  await ledger.close();
  return { ...(err.code ? { code: err.code } : {}), message: err.message, dirEmpty };
}

describe('ledger NDJSON export/import', () => {
  it('exports each record exactly as stored, hash recomputable from the line alone', () => {
    expect(all).toHaveLength(21);
    for (const line of all) {
      const m =
        /,"hash":"([0-9a-f]{64})",(?="prevHash":"[0-9a-f]{64}","round":\d+,"seq":\d+,"type":"[a-z0-9._-]+"\}$)/.exec(
          line,
        )!;
      const preimage = line.slice(0, m.index + 1) + line.slice(m.index + m[0].length);
      expect(createHash('sha256').update(preimage).digest('hex')).toBe(m[1]);
    }
  });

  it('round-trips a whole ledger: same lines, same head, verifies', async () => {
    const dir = await dirs.make();
    const result = await importNdjson(fromLines(all), dir);
    expect(result).toMatchObject({ records: 21, rounds: 3, head: source.head(), origin: { seq: 0 } });
    const copy = await openLedger(dir);
    expect(await exportLines(copy)).toEqual(all);
    expect(await copy.verify()).toMatchObject({ ok: true, records: 21, rounds: 3, unsealed: [] });
    expect(await copy.rounds()).toEqual([10, 11, 12]);
    await copy.close();
  });

  it('reads CRLF line ends and chunks that split UTF-8 characters', async () => {
    const bytes = Buffer.from(`${all.join('\r\n')}\r\n`, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    );
    const result = await importNdjson(Readable.from(chunks, { objectMode: false }), await dirs.make());
    expect(result).toMatchObject({ records: 21, head: source.head() });
  });

  it('imports a single round into an empty ledger as a partial chain anchored at its first prevHash', async () => {
    const round = await exportLines(source, { round: 11 });
    expect(round).toHaveLength(7);
    const dir = await dirs.make();
    const result = await importNdjson(fromLines(round), dir);
    const seal10 = JSON.parse(all[6]!) as { hash: string };
    expect(result.origin).toEqual({ seq: 7, prevHash: seal10.hash });
    const copy = await openLedger(dir);
    expect(await copy.verify()).toMatchObject({ ok: true, records: 7, rounds: 1, origin: { seq: 7 } });
    expect(await copy.verify({ round: 11 })).toMatchObject({ ok: true, records: 7 });
    expect((await copy.lastRecord('seal'))?.seq).toBe(13);
    // The partial ledger goes on like any other.
    expect((await copy.append('snapshot', 12, {})).seq).toBe(14);
    await copy.close();
  });

  it('refuses a broken file naming the line, and keeps nothing', async () => {
    const flipped = [...all];
    flipped[4] = flipped[4]!.replace('"i":3', '"i":4');
    expect(await refusal(flipped)).toMatchObject({ code: LedgerErrors.IMPORT_REFUSED.code, dirEmpty: true });
    expect((await refusal(flipped)).message).toMatch(
      /^x\.ndjson line 5: record seq 4 is corrupt: hash mismatch/,
    );

    const dropped = all.filter((_, i) => i !== 9);
    expect((await refusal(dropped)).message).toMatch(/^x\.ndjson line 10: .*record 9 is missing/);

    const swapped = [...all];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect((await refusal(swapped)).message).toMatch(/^x\.ndjson line 3: /);

    expect((await refusal([...all.slice(0, 5), '{"not":"a record"}'])).message).toMatch(
      /^x\.ndjson line 6: /,
    );
    expect((await refusal([...all.slice(0, 5), ''])).message).toMatch(/^x\.ndjson line 6: /);
    const notGenesis = encodeRecord({
      seq: 0,
      round: 1,
      type: 'x',
      at: 0,
      data: {},
      prevHash: 'ab'.repeat(32),
    });
    expect((await refusal([notGenesis.line])).message).toMatch(
      /^x\.ndjson line 1: seq 0 must have the genesis/,
    );
  });

  it('refuses a seal whose signature does not verify', async () => {
    // Re-hashed, so only the signature is wrong.
    const rec = JSON.parse(all[6]!) as Parameters<typeof encodeRecord>[0] & { data: { signature: string } };
    const sig = rec.data.signature;
    rec.data.signature = sig.slice(0, -2) + (sig.endsWith('00') ? '01' : '00');
    const forged = [...all.slice(0, 6), encodeRecord(rec).line];
    expect((await refusal(forged)).message).toMatch(
      /^x\.ndjson line 7: seal seq 6 of round 10 is bad: the signature/,
    );
  });

  it('refuses to import into a ledger that holds records, and an empty file', async () => {
    const err = await importNdjson(fromLines(all), source.dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(LedgerErrors.LOCKED.is(err)).toBe(true);
    const dir = await dirs.make();
    const first = await openLedger(dir);
    await first.append('x', 0, {});
    await first.close();
    const again = await openLedger(dir);
    expect(
      await again.importNdjson(fromLines(all)).then(
        () => '',
        (e: { code: string }) => e.code,
      ),
    ).toBe(LedgerErrors.IMPORT_NOT_EMPTY.code);
    await again.close();
    expect(await refusal([])).toMatchObject({ code: LedgerErrors.IMPORT_REFUSED.code });
  });
});
