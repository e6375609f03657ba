import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateTasks } from '../datasets/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { editStoredLines } from '../ledger/testing/index.js';
import { deriveRound } from './derive.js';
import { RECORD, type StateRecord } from './record-types.js';
import { replayLedger } from './replay.js';
import { writePoolStory } from './testing/pool-rounds.js';
import {
  defaultSettings,
  type SyntheticMiner,
  syntheticRaw,
  writeSyntheticRound,
} from './testing/synthetic-rounds.js';

let signer: ReturnType<Keyring['addFromUri']>;
let mallory: ReturnType<Keyring['addFromUri']>;
beforeAll(async () => {
  await cryptoWaitReady();
  signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  mallory = new Keyring({ type: 'sr25519' }).addFromUri('//Mallory');
});

const open: Ledger[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

const miners: SyntheticMiner[] = [1, 2, 3].map((uid) => ({
  hotkey: `hk${uid}`,
  uid,
  coldkey: `cold${uid}`,
  accuracy: [1, 0.6, 0.2][uid - 1]!,
  timing: { ttftMs: 100 + uid * 50, intervalMs: 20, charsPerEvent: 6 },
  image: `registry.example/e${uid}@sha256:${String(uid).repeat(64)}`,
  sourceCommit: String(uid).repeat(40),
  commitBlock: uid,
}));

async function ledgerWithRounds(rounds: number): Promise<{ dir: string; ledger: Ledger }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-replay-')), 'ledger');
  const ledger = await openLedger(dir);
  open.push(ledger);
  let state: StateRecord | undefined;
  for (let r = 1; r <= rounds; r++)
    state = await writeSyntheticRound(ledger, signer, r, miners, state, { tasksPerRound: 6 });
  return { dir, ledger };
}

describe('replay', () => {
  it('recomputes every derived record of every round and finds them equal', async () => {
    const { ledger } = await ledgerWithRounds(3);
    const result = await replayLedger(ledger);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.replayedRounds).toBe(3);
  });

  it('names the record when one byte of a stored Measurement is flipped', async () => {
    const { dir, ledger } = await ledgerWithRounds(2);
    let target = -1;
    for await (const rec of ledger.records({ type: RECORD.measurements, round: 2 })) {
      target = rec.seq;
      break;
    }
    await ledger.close();
    open.splice(0);
    // the stored value may be compact (record format 2): edit the line it holds, stored in the same format
    const flipped = await editStoredLines(dir, (line, seq) => {
      if (seq !== target) return undefined;
      const i = line.indexOf('"content":"') + 12;
      return line.slice(0, i) + (line[i] === 'x' ? 'y' : 'x') + line.slice(i + 1);
    });
    expect(flipped).toEqual([target]);
    const reopened = await openLedger(dir);
    open.push(reopened);
    const result = await replayLedger(reopened);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ seq: target, round: 2, type: RECORD.measurements });
  });

  it('names the derived record and field when a score was recorded that the raw data does not give', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-replay-')), 'ledger');
    const ledger = await openLedger(dir);
    open.push(ledger);
    const state = await writeSyntheticRound(ledger, signer, 1, miners, undefined, { tasksPerRound: 4 });
    // a dishonest validator writes round 2 with inflated averages for hk3; the chain of hashes is intact
    await writeSyntheticRound(
      ledger,
      signer,
      2,
      miners,
      {
        ...state,
        averages: state.averages.map((a) => (a.hotkey === 'hk3' ? { ...a, value: 99 } : a)),
      },
      { tasksPerRound: 4 },
    );
    const result = await replayLedger(ledger);
    expect(result.ok).toBe(false);
    expect(result.failure?.type).toBe(RECORD.state);
    expect(result.failure?.round).toBe(2);
    expect(result.failure?.message).toMatch(/averages/);
  });
});

describe('replay binds every seal to the validator', () => {
  const newLedger = async () => {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-replay-')), 'ledger'));
    open.push(ledger);
    return ledger;
  };

  it('refuses a ledger rewritten and resealed with another key, naming the round and both signers', async () => {
    // the attack: round 2 is rewritten (hk3 made the best miner) and sealed by a key that is not the
    // validator named in the start records; every hash, link and signature still checks
    const ledger = await newLedger();
    const state = await writeSyntheticRound(ledger, signer, 1, miners, undefined, { tasksPerRound: 4 });
    const rewritten = miners.map((m) => ({ ...m, accuracy: m.uid === 3 ? 1 : 0.1 }));
    await writeSyntheticRound(ledger, mallory, 2, rewritten, state, {
      tasksPerRound: 4,
      validator: signer.address,
    });
    expect((await ledger.verify()).ok).toBe(true);
    const result = await replayLedger(ledger);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ round: 2, type: 'seal', code: 'VALIDATOR_REPLAY_WRONG_SIGNER' });
    expect(result.failure?.message).toContain(`signed by ${mallory.address}`);
    expect(result.failure?.message).toContain(`expected ${signer.address}`);
  });

  it('refuses a ledger that switches to another validator part way', async () => {
    const ledger = await newLedger();
    const state = await writeSyntheticRound(ledger, signer, 1, miners, undefined, { tasksPerRound: 4 });
    await writeSyntheticRound(ledger, mallory, 2, miners, state, { tasksPerRound: 4 });
    const result = await replayLedger(ledger);
    expect(result.failure).toMatchObject({
      round: 2,
      type: RECORD.start,
      code: 'VALIDATOR_REPLAY_WRONG_SIGNER',
    });
    expect(result.failure?.message).toContain(mallory.address);
  });

  it('--signer pins the validator: a ledger wholly by another key fails, the right one passes', async () => {
    const ledger = await newLedger();
    const state = await writeSyntheticRound(ledger, mallory, 1, miners, undefined, { tasksPerRound: 4 });
    await writeSyntheticRound(ledger, mallory, 2, miners, state, { tasksPerRound: 4 });
    expect((await replayLedger(ledger)).ok).toBe(true);
    const pinned = await replayLedger(ledger, { signer: signer.address });
    expect(pinned.ok).toBe(false);
    expect(pinned.failure).toMatchObject({ round: 1, code: 'VALIDATOR_REPLAY_WRONG_SIGNER' });
    expect(pinned.failure?.message).toContain(`expected ${signer.address} (--signer)`);
    expect((await replayLedger(ledger, { signer: mallory.address })).ok).toBe(true);
  });
});

describe('replay refuses weights that do not follow from derived records', () => {
  /** Round 1 as the daemon writes it; round 2 by hand, with every hash and seal valid, sending all weight to uid 3. */
  async function tampered(variant: 'forRound-elsewhere' | 'no-weights-record' | 'no-derived-records') {
    const { ledger } = await ledgerWithRounds(1);
    const state = (await ledger.lastRecord<StateRecord>(RECORD.state))!.data;
    const round = 2;
    const raw = syntheticRaw(
      round,
      200,
      miners,
      generatePrivateTasks('round-2', 4),
      undefined,
      signer.address,
    );
    await ledger.appendBatch<unknown>([
      { type: RECORD.start, round, data: raw.start },
      { type: RECORD.metagraph, round, data: raw.metagraph },
      { type: RECORD.submissions, round, data: raw.submissions },
      { type: RECORD.tasks, round, data: raw.tasks },
      ...raw.measurements.map((data) => ({ type: RECORD.measurements, round, data })),
    ]);
    const out = deriveRound({ ...raw, disqualified: new Map() }, state);
    const derived = [
      { type: RECORD.scores, round, data: out.scores },
      { type: RECORD.state, round, data: out.state },
      ...(variant === 'no-weights-record' ? [] : [{ type: RECORD.weights, round, data: out.weights }]),
    ];
    if (variant !== 'no-derived-records') await ledger.appendBatch<unknown>(derived);
    const forRound = variant === 'forRound-elsewhere' ? 99 : round;
    await ledger.append(RECORD.weightsTx, round, {
      forRound,
      phase: 'intent',
      mode: 'set',
      uids: [3],
      values: [65535],
      head: 200,
    });
    await ledger.seal(round, signer);
    return replayLedger(ledger, { signer: signer.address });
  }

  it('an extrinsic naming a round that has no weights record', async () => {
    const r = await tampered('forRound-elsewhere');
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ round: 2, code: 'VALIDATOR_REPLAY_MISMATCH' });
    expect(r.failure?.message).toContain('round 99');
  });

  it('a scored round whose weights record was taken out', async () => {
    const r = await tampered('no-weights-record');
    expect(r.failure).toMatchObject({ round: 2, code: 'VALIDATOR_REPLAY_INCOMPLETE', type: 'seal' });
  });

  it('a sealed round with measurements but neither derived records nor a skip record', async () => {
    const r = await tampered('no-derived-records');
    expect(r.failure).toMatchObject({ round: 2, code: 'VALIDATOR_REPLAY_INCOMPLETE' });
    expect(r.failure?.message).toContain('neither derived records nor a skip record');
  });
});

describe('replay across scoring versions', () => {
  async function story(version: string) {
    const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-replay-v-')), 'ledger');
    const ledger = await openLedger(dir);
    open.push(ledger);
    const settings = { ...defaultSettings(), scoringVersion: version };
    const { states } = await writePoolStory(
      ledger,
      signer,
      { holder: 'hk1', challenger: 'hk2', copycat: 'hk3' },
      { settings, maxRounds: 12 },
    );
    return { ledger, events: states.flatMap((s) => s.poolEvents as unknown[]) };
  }

  it('replays rounds of scoring 1 (pool events as sentences) and of scoring 2 (kind and sentence)', async () => {
    const v1 = await story('rodeo-scoring/1');
    expect(v1.events.length).toBeGreaterThan(0);
    expect(v1.events.every((e) => typeof e === 'string')).toBe(true);
    expect((await replayLedger(v1.ledger)).ok).toBe(true);
    const v2 = await story('rodeo-scoring/2');
    expect(v2.events).toContainEqual(
      expect.objectContaining({ kind: 'claim-opened', text: expect.stringContaining('opened') }),
    );
    expect(v2.events).toContainEqual(
      expect.objectContaining({ kind: 'claim-paid', text: expect.stringContaining('paying') }),
    );
    expect((await replayLedger(v2.ledger)).ok).toBe(true);
  });

  it('refuses a round scored with a version it does not know, naming both', async () => {
    const { ledger } = await story('rodeo-scoring/9');
    const result = await replayLedger(ledger);
    expect(result.failure).toMatchObject({ round: 1, code: 'VALIDATOR_REPLAY_INCOMPLETE' });
    expect(result.failure!.message).toMatch(/rodeo-scoring\/9.*rodeo-scoring\/1 and rodeo-scoring\/2/);
  });
});

describe('replay with worker threads scoring rounds', () => {
  it('gives the same result as on one thread, every round scored by a worker', async () => {
    const { ledger } = await ledgerWithRounds(4);
    const alone = await replayLedger(ledger);
    const pooled = await replayLedger(ledger, { workers: 2 });
    expect(pooled.ok).toBe(true);
    expect(pooled.scoredByWorkers).toBe(4);
    expect({ ...pooled, ms: 0, scoredByWorkers: undefined }).toEqual({ ...alone, ms: 0 });
  }, 120_000); // each worker loads the scoring code (and tsx, from the sources) before its first round

  it('names the same first difference as on one thread when a later round differs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-replay-')), 'ledger');
    const ledger = await openLedger(dir);
    open.push(ledger);
    let state = await writeSyntheticRound(ledger, signer, 1, miners, undefined, { tasksPerRound: 4 });
    state = await writeSyntheticRound(ledger, signer, 2, miners, state, { tasksPerRound: 4 });
    // round 3 derived from inflated averages; rounds 4 and 5 honest on top of it
    state = await writeSyntheticRound(
      ledger,
      signer,
      3,
      miners,
      { ...state, averages: state.averages.map((a) => (a.hotkey === 'hk3' ? { ...a, value: 99 } : a)) },
      { tasksPerRound: 4 },
    );
    state = await writeSyntheticRound(ledger, signer, 4, miners, state, { tasksPerRound: 4 });
    await writeSyntheticRound(ledger, signer, 5, miners, state, { tasksPerRound: 4 });
    const alone = await replayLedger(ledger);
    expect(alone.failure).toMatchObject({ round: 3, type: RECORD.state });
    // two workers: rounds 3 and 4 are scored at once, and round 3 still comes first
    const pooled = await replayLedger(ledger, { workers: 2 });
    expect(pooled.failure).toEqual(alone.failure);
    expect(pooled.replayedRounds).toBe(alone.replayedRounds);
  }, 120_000);
});
