import { cp, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLines, tempDirs } from './fixtures/temp.js';
import { sha256Hex } from './format.js';
import { canonicalJson, openLedger } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, 'fixtures', 'v1-ledger');
const FIXTURE_EXPORT = join(here, 'fixtures', 'v1-ledger.ndjson');
const HEAD_HASH = 'df376ad430b7d281f4bd9f393b52de5f9a40df5ff255ba1bc267efea46816fb3';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

async function fixtureCopy(): Promise<string> {
  const dir = await dirs.make();
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('a ledger written in record format 1 (plain JSON lines)', () => {
  it('opens, verifies (hashes, links, seals, indexes) and keeps its head', async () => {
    const ledger = await openLedger(await fixtureCopy(), { create: false });
    try {
      expect(ledger.head()).toEqual({ seq: 25, round: 2, type: 'seal', hash: HEAD_HASH });
      const result = await ledger.verify();
      expect(result).toMatchObject({ ok: true, records: 26, rounds: 2, unsealed: [] });
      for (const round of [1, 2]) expect((await ledger.verify({ round })).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('reads every record with the hash it was written with, and exports the same bytes', async () => {
    const ledger = await openLedger(await fixtureCopy(), { create: false });
    try {
      const want = (await readFile(FIXTURE_EXPORT, 'utf8')).split('\n').filter((l) => l !== '');
      expect(await exportLines(ledger)).toEqual(want);
      let n = 0;
      for await (const rec of ledger.checkedRecords()) {
        const stored = JSON.parse(want[n]!) as { hash: string };
        const { hash, ...rest } = rec;
        expect(hash).toBe(stored.hash);
        expect(sha256Hex(canonicalJson(rest)!)).toBe(hash);
        n++;
      }
      expect(n).toBe(26);
    } finally {
      await ledger.close();
    }
  });
});
