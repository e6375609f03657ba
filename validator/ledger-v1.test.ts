import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { replayLedger } from './replay.js';

// written by the record format 1 code (ledger/fixtures/README.md)
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'ledger', 'fixtures', 'v1-ledger');
const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

describe('replay of a ledger written in record format 1', () => {
  it('recomputes every derived record of both rounds and finds them equal', async () => {
    const base = await mkdtemp(join(tmpdir(), 'rodeo-ledger-v1-'));
    made.push(base);
    const dir = join(base, 'ledger');
    await cp(FIXTURE, dir, { recursive: true });
    const ledger = await openLedger(dir, { create: false });
    try {
      const result = await replayLedger(ledger);
      expect(result.failure).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.replayedRounds).toBe(2);
    } finally {
      await ledger.close();
    }
  });
});
