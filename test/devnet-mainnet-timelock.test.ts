import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { RECORD, type WeightsTxRecord } from '../validator/index.js';

const BIN = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));
const ROUNDS = 5;
/** One round more than checked: the devnet stops before the last round's reveal epoch comes. */
const RUN_ROUNDS = ROUNDS + 1;

/** Runs the rodeo CLI to its end (SIGKILL after `ms`); resolves with its exit code and output. */
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
 * The issue's check on `rodeo devnet --mainnet-defaults` (commit-reveal v4, stateful epochs, the devnet's own
 * drand beacon): five rounds, each one's weights committed with commit_timelocked_weights and revealed by the
 * devnet's runtime at the commit's drand round, which the validator confirms from the chain; the weights on
 * chain at the end are the ledger's. The run has one round more, whose commit is revealed only after the devnet
 * has stopped (its reveal epoch is the next one), so it is checked as committed only.
 */
describe(`rodeo devnet --mainnet-defaults, ${ROUNDS} rounds of timelocked commit-reveal`, () => {
  it('every round is committed timelocked and revealed by the chain, and the chain holds the ledger’s weights', {
    timeout: 480_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'rodeo-devnet-tlock-'));
    try {
      const run = await rodeo(
        [
          'devnet',
          '--mainnet-defaults',
          '--rounds',
          String(RUN_ROUNDS),
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
        420_000,
      );
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        problems: string[];
        weightsMatchLedger: boolean;
        weightsOnChain: unknown[];
        ledger: string;
      };
      expect(summary.problems).toEqual([]);
      expect(summary.weightsMatchLedger).toBe(true);
      expect(summary.weightsOnChain.length).toBeGreaterThan(0);
      expect(run.stderr).toContain('weights path: timelocked commit-reveal');
      expect(run.stderr).toMatch(/weights went through timelocked commit-reveal/);

      const ledger = await openLedger(summary.ledger);
      try {
        const byRound = new Map<number, WeightsTxRecord[]>();
        for await (const rec of ledger.records<WeightsTxRecord>({ type: RECORD.weightsTx }))
          byRound.set(rec.data.forRound, [...(byRound.get(rec.data.forRound) ?? []), rec.data]);
        for (let round = 1; round <= ROUNDS; round++) {
          const txs = byRound.get(round) ?? [];
          expect(
            txs.map((d) => `${d.phase}:${d.mode}${d.phase === 'result' ? `:${d.ok}` : ''}`),
            `round ${round}`,
          ).toEqual(['intent:timelock', 'result:timelock:true', 'result:reveal:true']);
          const committed = txs[1] as Extract<WeightsTxRecord, { ok: true }>;
          const revealed = txs[2] as Extract<WeightsTxRecord, { ok: true }>;
          expect(revealed.txHash, `round ${round}: revealed by the chain, not by a reveal_weights`).toBe('');
          // the round was picked for 3 blocks into the next epoch: the chain cannot have revealed it sooner
          expect(revealed.block, `round ${round}`).toBeGreaterThanOrEqual(committed.block + 4);
        }
        expect((byRound.get(RUN_ROUNDS) ?? []).slice(0, 2).map((d) => `${d.phase}:${d.mode}`)).toEqual([
          'intent:timelock',
          'result:timelock',
        ]);
      } finally {
        await ledger.close();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
