import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { weightsLanded } from '../localnet/mainnet-defaults.js';
import { RECORD, type RoundStart, type WeightsTxRecord } from '../validator/index.js';

const BIN = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));

/** Runs the rodeo CLI to its end, killed after `ms`; resolves with its exit code and output. */
function rodeo(args: string[], ms: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `rodeo devnet --mainnet-defaults`: commit-reveal on at version 4, reveal one epoch after the commit, the admin
 * freeze window, the weights rate limit and the stateful epoch scheduler. Its weights must land through
 * commit-reveal (never plain set_weights) and equal what the ledger committed for that round.
 */
describe('rodeo devnet --mainnet-defaults', () => {
  it('lands the weights through commit-reveal, as the ledger has them, and says which path ran', {
    timeout: 300_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'rodeo-devnet-mainnet-'));
    const run = await rodeo(
      [
        'devnet',
        '--mainnet-defaults',
        '--rounds',
        '2',
        '--miners',
        '2',
        '--tasks',
        '2',
        '--json',
        '--chain-port',
        '0',
        '--data',
        data,
      ],
      240_000,
    );
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      ok: boolean;
      problems: string[];
      weightsOnChain: { uid: number; value: number }[];
      weightsMatchLedger: boolean;
      ledger: string;
    };
    expect(summary.problems).toEqual([]);
    expect(summary.weightsMatchLedger).toBe(true);
    expect(summary.weightsOnChain.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(
      /weights path: (timelocked|hash) commit-reveal .*stateful epochs of 20 blocks/,
    );
    expect(run.stderr).toContain('CR version 4, weights rate limit 6 blocks (mainnet defaults)');
    expect(run.stderr).toMatch(
      /weights went through (timelocked|hash) commit-reveal \(latest on chain: round \d+\)/,
    );

    const ledger = await openLedger(summary.ledger);
    try {
      const results: WeightsTxRecord[] = [];
      for await (const rec of ledger.records<WeightsTxRecord>({ type: RECORD.weightsTx }))
        results.push(rec.data);
      const ok = results.filter((d) => d.phase === 'result' && d.ok).map((d) => d.mode);
      expect(ok).not.toContain('set');
      expect(ok.some((m) => m === 'commit' || m === 'timelock')).toBe(true);
      expect(ok).toContain('reveal');
      // rounds start where epochs fired: LastEpochBlock, tempo (20) blocks apart or a multiple of it
      const starts: number[] = [];
      for await (const rec of ledger.records<RoundStart>({ type: RECORD.start })) starts.push(rec.data.block);
      expect(starts.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < starts.length; i++) expect(((starts[i] ?? 0) - (starts[0] ?? 0)) % 20).toBe(0);
      const landed = await weightsLanded(ledger);
      expect(landed.path).toMatch(/commit-reveal$/);
      expect(landed.expired).toBe(0);
      // what the chain holds is exactly the emit vector the ledger recorded for the round that landed
      expect(landed.emit).toEqual(summary.weightsOnChain);
    } finally {
      await ledger.close();
    }
  });
});
