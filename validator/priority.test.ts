import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateTasks } from '../datasets/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { deriveRound } from './derive.js';
import { decideEligibility } from './eligibility.js';
import { advancePriority } from './priority.js';
import type { StateRecord } from './record-types.js';
import { replayLedger } from './replay.js';
import { type SyntheticMiner, syntheticRaw, writeSyntheticRound } from './testing/synthetic-rounds.js';

let signer: ReturnType<Keyring['addFromUri']>;
beforeAll(async () => {
  await cryptoWaitReady();
  signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
});
const open: Ledger[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

const fast = { ttftMs: 120, intervalMs: 20, charsPerEvent: 8 };
const champion: SyntheticMiner = {
  hotkey: 'champ',
  uid: 1,
  coldkey: 'champ-cold',
  accuracy: 1,
  timing: fast,
  image: `registry.example/engine@sha256:${'a'.repeat(64)}`,
  sourceCommit: 'a'.repeat(40),
  commitBlock: 10,
};
// the same image, committed after the champion's first commitment but before its re-commit
const copycat: SyntheticMiner = {
  ...champion,
  hotkey: 'copy',
  uid: 2,
  coldkey: 'copy-cold',
  sourceCommit: 'c'.repeat(40),
  commitBlock: 150,
};
const honest: SyntheticMiner = {
  hotkey: 'honest',
  uid: 3,
  coldkey: 'honest-cold',
  accuracy: 0.5,
  timing: fast,
  image: `registry.example/other@sha256:${'b'.repeat(64)}`,
  sourceCommit: 'b'.repeat(40),
  commitBlock: 20,
};
/** Round 3 on: the champion re-committed at block 250 to move its engine to a new endpoint. */
const moved: SyntheticMiner = { ...champion, commitBlock: 250, endpoint: 'http://champion-moved.example' };

const weightOf = (out: { uids: number[]; weights: number[] }, uid: number) =>
  out.weights[out.uids.indexOf(uid)] ?? 0;

describe('priority that cannot be stolen', () => {
  it('a champion that re-commits a new endpoint stays champion; its copycat stays at zero; replay is exact', async () => {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-priority-')), 'ledger'));
    open.push(ledger);
    let state: StateRecord | undefined;
    const rounds: SyntheticMiner[][] = [
      [champion, honest],
      [champion, copycat, honest],
      [moved, copycat, honest],
      [moved, copycat, honest],
    ];
    for (const [i, miners] of rounds.entries()) {
      state = await writeSyntheticRound(ledger, signer, i + 1, miners, state, { tasksPerRound: 6 });
      expect(state.champion?.hotkey).toBe('champ');
      const copy = state.eligibility.find((e) => e.hotkey === 'copy');
      if (copy) {
        expect(copy.eligible).toBe(false);
        expect(copy.reason).toMatch(/^copy of champ's submission \(same image digest\)/);
      }
      expect(state.averages.some((a) => a.hotkey === 'copy')).toBe(false);
    }
    // the first commitment of the champion's image is kept through its re-commit
    expect(state!.priority).toContainEqual({
      identity: `image digest:sha256:${'a'.repeat(64)}`,
      hotkey: 'champ',
      block: 10,
      index: 0,
    });
    const result = await replayLedger(ledger);
    expect(result.failure).toBeUndefined();
    expect(result.replayedRounds).toBe(4);
  });

  it('without the recorded first commitments the same round hands the crown to the copycat (the attack)', () => {
    const tasks = generatePrivateTasks('priority', 6);
    let state: StateRecord | undefined;
    for (const [i, miners] of [
      [champion, copycat, honest],
      [moved, copycat, honest],
    ].entries()) {
      const raw = syntheticRaw(i + 1, (i + 2) * 100, miners, tasks);
      const withHistory = deriveRound({ ...raw, disqualified: new Map() }, state);
      if (i === 1) {
        expect(withHistory.state.champion?.hotkey).toBe('champ');
        expect(weightOf(withHistory.weights, copycat.uid)).toBe(0);
        // the latest commitment alone: the champion looks later than a copy of its own image
        const latestOnly = decideEligibility(raw.metagraph.neurons, raw.submissions.entries, new Map());
        expect(latestOnly.find((e) => e.hotkey === 'champ')?.reason).toMatch(/^copy of copy's submission/);
        const naive = deriveRound({ ...raw, disqualified: new Map() }, { ...state!, priority: undefined });
        expect(naive.state.champion?.hotkey).toBe('copy');
      }
      state = withHistory.state;
    }
  });

  it("a copy stays a copy while the original's own submission fails a round", () => {
    const tasks = generatePrivateTasks('priority-down', 4);
    const first = deriveRound(
      { ...syntheticRaw(1, 100, [champion, honest], tasks), disqualified: new Map() },
      undefined,
    );
    const raw = syntheticRaw(2, 200, [moved, copycat, honest], tasks);
    raw.submissions.entries[0]!.reveal = {
      ok: false,
      manifest: undefined,
      hash: undefined,
      error: 'timeout',
    };
    const e = decideEligibility(
      raw.metagraph.neurons,
      raw.submissions.entries,
      new Map(),
      first.state.priority,
    );
    expect(e.find((x) => x.hotkey === 'champ')?.reason).toBe('reveal failed: timeout');
    expect(e.find((x) => x.hotkey === 'copy')).toMatchObject({ eligible: false });
    expect(e.find((x) => x.hotkey === 'copy')?.reason).toMatch(/^copy of champ's submission/);
    // and the champion's entry survives the failed round
    const next = advancePriority(first.state.priority, raw.metagraph.neurons, raw.submissions.entries, e);
    expect(next.find((p) => p.identity.startsWith('image digest'))).toMatchObject({
      hotkey: 'champ',
      block: 10,
    });
  });

  it('an entry never moves later, yields only to a strictly earlier commitment, and goes with its hotkey', () => {
    const tasks = generatePrivateTasks('priority-table', 2);
    const raw = syntheticRaw(1, 100, [champion, honest], tasks);
    const elig = decideEligibility(raw.metagraph.neurons, raw.submissions.entries, new Map());
    const p1 = advancePriority(undefined, raw.metagraph.neurons, raw.submissions.entries, elig);
    expect(p1.map((p) => [p.identity.split(':')[0], p.hotkey, p.block])).toEqual([
      ['image digest', 'champ', 10],
      ['image digest', 'honest', 20],
      ['source commit', 'champ', 10],
      ['source commit', 'honest', 20],
    ]);
    // re-committed later: unchanged
    const later = syntheticRaw(2, 300, [moved, honest], tasks);
    const elig2 = decideEligibility(later.metagraph.neurons, later.submissions.entries, new Map(), p1);
    expect(advancePriority(p1, later.metagraph.neurons, later.submissions.entries, elig2)).toEqual(p1);
    // the honest miner deregistered: its entries go, the champion's stay
    const alone = syntheticRaw(3, 400, [moved], tasks);
    const elig3 = decideEligibility(alone.metagraph.neurons, alone.submissions.entries, new Map(), p1);
    expect(
      advancePriority(p1, alone.metagraph.neurons, alone.submissions.entries, elig3).map((p) => p.hotkey),
    ).toEqual(['champ', 'champ']);
  });
});
