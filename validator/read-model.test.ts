import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { type LedgerRecord, openLedger } from '../ledger/index.js';
import { ReadModel } from './read-model.js';
import { RECORD, type SubmissionRecord, type SubmissionsRecord } from './record-types.js';
import { writePoolStory } from './testing/pool-rounds.js';

const manifest = { v: 1, name: 'turbo-engine', components: [] };

const entry = (hotkey: string, uid: number, reveal: SubmissionRecord['reveal']): SubmissionRecord => ({
  hotkey,
  uid,
  commitBlock: 1,
  commitIndex: 0,
  committedHash: 'a'.repeat(64),
  endpoint: 'http://miner.example:8080',
  reveal,
});

const record = (type: string, data: unknown): LedgerRecord => ({
  seq: 1,
  round: 1,
  type,
  at: 0,
  data,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

describe('ReadModel miner detail', () => {
  it('serves a manifest only from a reveal that passed; an older ledger that kept an invalid one serves none', () => {
    const model = new ReadModel();
    // the read model shows rounds that have a start record; the miner page reads only its block
    model.apply(record(RECORD.start, { round: 1, block: 10 }));
    model.apply(
      record(RECORD.submissions, {
        entries: [
          entry('valid', 1, { ok: true, manifest, hash: 'a'.repeat(64), error: undefined }),
          // written before only schema-valid manifests were stored: the served object was kept on failure
          entry('legacy', 2, {
            ok: false,
            manifest: { name: 'internal-admin', token: 'XYZ' },
            hash: 'b'.repeat(64),
            error: 'serves a manifest that is not valid',
          }),
        ],
      } satisfies SubmissionsRecord),
    );
    expect(model.miner('valid')).toMatchObject({ name: 'turbo-engine', manifest });
    const legacy = model.miner('legacy')!;
    expect(legacy.manifest).toBeUndefined();
    expect(legacy.name).toBe('unrevealed');
    expect(JSON.stringify(legacy)).not.toContain('XYZ');
  });
});

describe('ReadModel prize pool', () => {
  it('lists an accrual row for every rise of the balance chart, beside the claim and the payout', async () => {
    await cryptoWaitReady();
    const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const dir = mkdtempSync(join(tmpdir(), 'rodeo-read-model-'));
    const ledger = await openLedger(join(dir, 'ledger'));
    try {
      const story = await writePoolStory(ledger, signer, {
        holder: 'holder',
        challenger: 'challenger',
        copycat: 'copycat',
      });
      expect(story.payoutRound).toBeGreaterThan(0);
      const pool = (await ReadModel.load(ledger)).pool();
      const chart = new Map(pool.history.map((p) => [p.round, p.balanceRao]));
      expect(pool.history.at(-1)!.balanceRao).toBeGreaterThan(0);

      // the last row of each round shows the balance the chart shows for that round
      const lastOfRound = new Map(pool.events.map((e) => [e.round, e]));
      for (const [round, e] of lastOfRound) expect(e.balanceRao, `round ${round}`).toBe(chart.get(round));

      // every round in which the chart rises is covered by an accrual row, and the rows add up
      const accruals = pool.events.filter((e) => e.kind === 'accrual');
      for (const p of pool.history) {
        const before = chart.get(p.round - 1) ?? 0;
        if (p.balanceRao > before)
          expect(accruals.some((e) => e.fromRound <= p.round && p.round <= e.round)).toBe(true);
      }
      // one row per reign, not one per round
      expect(accruals.length).toBeLessThan(pool.history.length);
      expect(accruals.map((e) => e.detail).join('\n')).toMatch(
        /while holder held #1[\s\S]*while challenger held #1/,
      );

      const payout = pool.events.find((e) => e.kind === 'payout')!;
      expect(payout.round).toBe(story.payoutRound);
      expect(payout.balanceRao).toBe(0);
      const paid = story.states[story.payoutRound - 1]!.payout!.totalRao;
      const peak = pool.events.find((e) => e.kind === 'accrual' && e.round === story.payoutRound);
      expect(peak?.balanceRao).toBe(paid);
      const kinds = pool.events.map((e) => e.kind);
      expect(kinds.indexOf('claim')).toBeGreaterThan(kinds.indexOf('accrual'));
      expect(kinds.lastIndexOf('accrual')).toBeGreaterThan(kinds.indexOf('payout'));
    } finally {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
