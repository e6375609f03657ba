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
import { RECORD, type TasksRecord } from './record-types.js';
import { replayLedger } from './replay.js';
import { type SyntheticMiner, syntheticRaw, writeSyntheticRound } from './testing/synthetic-rounds.js';

// replay scores a round's measurements records as it reads them (replay-stream.ts); perf's baseline option
// replays the way it did before (every record kept until the round's scores record): both must agree

let signer: ReturnType<Keyring['addFromUri']>;
beforeAll(async () => {
  await cryptoWaitReady();
  signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
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

async function newLedger(): Promise<{ dir: string; ledger: Ledger }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-replay-stream-')), 'ledger');
  const ledger = await openLedger(dir);
  open.push(ledger);
  return { dir, ledger };
}

describe('replay scoring measurements as it reads them', () => {
  it('scores with the tasks record in force at the scores record when a second one follows the measurements', async () => {
    const { ledger } = await newLedger();
    const tasks = generatePrivateTasks('round-1', 4);
    const raw = syntheticRaw(1, 100, miners, tasks, undefined, signer.address);
    // a crafted round: a second tasks record after the measurements (a token budget of 1: every cost score
    // changes), and derived records computed from it, as replay without streaming computes them
    const later: TasksRecord = {
      ...raw.tasks,
      tasks: tasks.map((t) => ({ ...t, expected: { ...t.expected, baseline_tokens: 1 } })),
    };
    await ledger.appendBatch<unknown>([
      { type: RECORD.start, round: 1, data: raw.start },
      { type: RECORD.metagraph, round: 1, data: raw.metagraph },
      { type: RECORD.submissions, round: 1, data: raw.submissions },
      { type: RECORD.tasks, round: 1, data: raw.tasks },
      ...raw.measurements.map((data) => ({ type: RECORD.measurements, round: 1, data })),
      { type: RECORD.tasks, round: 1, data: later },
    ]);
    const out = deriveRound({ ...raw, tasks: later, disqualified: new Map() }, undefined);
    const first = deriveRound({ ...raw, disqualified: new Map() }, undefined);
    expect(out.scores).not.toEqual(first.scores);
    await ledger.appendBatch<unknown>([
      { type: RECORD.scores, round: 1, data: out.scores },
      { type: RECORD.state, round: 1, data: out.state },
      { type: RECORD.weights, round: 1, data: out.weights },
    ]);
    await ledger.seal(1, signer);
    await writeSyntheticRound(ledger, signer, 2, miners, out.state, { tasksPerRound: 4 });

    const before = await replayLedger(ledger, { baseline: true });
    expect(before.ok).toBe(true);
    const now = await replayLedger(ledger);
    expect(now.failure).toBeUndefined();
    expect({ ...now, ms: 0 }).toEqual({ ...before, ms: 0 });
    const pooled = await replayLedger(ledger, { workers: 1 });
    expect({ ...pooled, ms: 0, scoredByWorkers: undefined }).toEqual({ ...before, ms: 0 });
    expect(pooled.scoredByWorkers).toBe(1); // round 2; round 1 is scored on this thread
  }, 120_000); // a worker loads the scoring code (and tsx, from the sources) before its first round

  it('scores a round from the measurements records before its scores record, not one recorded after it', async () => {
    const { ledger } = await newLedger();
    const tasks = generatePrivateTasks('round-1', 4);
    const raw = syntheticRaw(1, 100, miners, tasks, undefined, signer.address);
    const [first, second, third] = raw.measurements;
    await ledger.appendBatch<unknown>([
      { type: RECORD.start, round: 1, data: raw.start },
      { type: RECORD.metagraph, round: 1, data: raw.metagraph },
      { type: RECORD.submissions, round: 1, data: raw.submissions },
      { type: RECORD.tasks, round: 1, data: raw.tasks },
      { type: RECORD.measurements, round: 1, data: first },
      { type: RECORD.measurements, round: 1, data: second },
    ]);
    const out = deriveRound({ ...raw, measurements: [first!, second!], disqualified: new Map() }, undefined);
    // a crafted round: hk3's measurements recorded after the derived records
    await ledger.appendBatch<unknown>([
      { type: RECORD.scores, round: 1, data: out.scores },
      { type: RECORD.state, round: 1, data: out.state },
      { type: RECORD.weights, round: 1, data: out.weights },
      { type: RECORD.measurements, round: 1, data: third },
    ]);
    await ledger.seal(1, signer);
    await writeSyntheticRound(ledger, signer, 2, miners, out.state, { tasksPerRound: 4 });

    const before = await replayLedger(ledger, { baseline: true });
    expect(before.failure).toBeUndefined();
    expect({ ...(await replayLedger(ledger)), ms: 0 }).toEqual({ ...before, ms: 0 });
    const pooled = await replayLedger(ledger, { workers: 1 });
    expect({ ...pooled, ms: 0, scoredByWorkers: undefined }).toEqual({ ...before, ms: 0 });
    expect(pooled.scoredByWorkers).toBe(2);
  }, 120_000);

  it('fails on an answer to an unknown task where replay always did, ahead of a damaged record after it', async () => {
    const { dir, ledger } = await newLedger();
    const tasks = generatePrivateTasks('round-1', 4);
    const raw = syntheticRaw(1, 100, miners, tasks, undefined, signer.address);
    const out = deriveRound({ ...raw, disqualified: new Map() }, undefined);
    // hk2's first answer names a task the round does not have: scoring it throws
    raw.measurements[1]!.measurements[0]!.taskId = 'no-such-task';
    await ledger.appendBatch<unknown>([
      { type: RECORD.start, round: 1, data: raw.start },
      { type: RECORD.metagraph, round: 1, data: raw.metagraph },
      { type: RECORD.submissions, round: 1, data: raw.submissions },
      { type: RECORD.tasks, round: 1, data: raw.tasks },
      ...raw.measurements.map((data) => ({ type: RECORD.measurements, round: 1, data })),
      { type: RECORD.scores, round: 1, data: out.scores },
      { type: RECORD.state, round: 1, data: out.state },
      { type: RECORD.weights, round: 1, data: out.weights },
    ]);
    await ledger.seal(1, signer);
    await writeSyntheticRound(ledger, signer, 2, miners, out.state, { tasksPerRound: 4 });
    let target = -1;
    for await (const rec of ledger.records({ type: RECORD.metagraph, round: 2 })) target = rec.seq;
    await ledger.close();
    open.splice(0);
    // round 2's metagraph record no longer matches its hash
    const edited = await editStoredLines(dir, (line, seq) =>
      seq === target ? line.replace('"tempo":99', '"tempo":98') : undefined,
    );
    expect(edited).toEqual([target]);
    const reopened = await openLedger(dir);
    open.push(reopened);

    // replay settles round 1 (and throws its scoring error) before it reports the damaged record
    const before = await replayLedger(reopened, { baseline: true }).catch((err: Error) => err);
    expect(before).toBeInstanceOf(Error);
    expect((before as Error).message).toContain('no-such-task');
    const now = await replayLedger(reopened).catch((err: Error) => err);
    expect(now).toBeInstanceOf(Error);
    expect((now as Error).message).toBe((before as Error).message);
    // a worker that cannot score the round leaves it to this thread, which fails the same way
    const pooled = await replayLedger(reopened, { workers: 1 }).catch((err: Error) => err);
    expect(pooled).toBeInstanceOf(Error);
    expect((pooled as Error).message).toBe((before as Error).message);
  }, 120_000);
});
