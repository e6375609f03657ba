import { spawn } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recKey, tempDirs, withRawDb } from '../ledger/fixtures/temp.js';
import { openLedger } from '../ledger/index.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function rodeo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/rodeo.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let ledgerDir: string;
beforeAll(async () => {
  await cryptoWaitReady();
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  ledgerDir = await dirs.make();
  const ledger = await openLedger(ledgerDir);
  for (const round of [1, 2]) {
    await ledger.appendBatch([0, 1, 2].map((i) => ({ type: 'measurement', round, data: { i } })));
    await ledger.seal(round, alice);
  }
  await ledger.close();
});

describe('rodeo ledger', { timeout: 120_000 }, () => {
  it('exports a round, imports it into a new ledger, verifies and describes it', async () => {
    const exported = await rodeo('ledger', 'export', '--ledger', ledgerDir, '--round', '2');
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(4);
    const file = join(await dirs.make(), '..', 'round-2.ndjson');
    await writeFile(file, exported.stdout);

    const copy = await dirs.make();
    const imported = await rodeo('ledger', 'import', '--ledger', copy, file);
    expect(imported.stdout).toContain('imported 4 records in 1 rounds');
    const verified = await rodeo('ledger', 'verify', '--ledger', copy, '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, records: 4, origin: { seq: 4 } });
    const info = await rodeo('ledger', 'info', '--ledger', copy, '--json');
    expect(JSON.parse(info.stdout)).toMatchObject({ records: 4, rounds: [{ round: 2, sealed: true }] });

    const broken = (await readFile(file, 'utf8')).replace('"i":1', '"i":9');
    await writeFile(file, broken);
    const refused = await rodeo('ledger', 'import', '--ledger', await dirs.make(), file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`LEDGER_IMPORT_REFUSED: ${file} line 2: record seq 5 is corrupt`);
  });

  it('verify exits 1 naming the bad record', async () => {
    const copy = await dirs.make();
    await cp(ledgerDir, copy, { recursive: true });
    await withRawDb(copy, async (db) =>
      db.put(recKey(2), (await db.get(recKey(2)))!.replace('"i":2', '"i":3')),
    );
    const verified = await rodeo('ledger', 'verify', '--ledger', copy);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('FAILED at record seq 2 (round 1, measurement)');
    expect(verified.stdout).toContain('LEDGER_CORRUPT_RECORD: record seq 2 is corrupt: hash mismatch');
  });
});
