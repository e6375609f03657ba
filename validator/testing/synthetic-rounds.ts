import { createHash } from 'node:crypto';
import * as benchTesting from '../../bench/testing/index.js';
import { defaultConfig } from '../../config/index.js';
import { answerFromReference, generatePrivateTasks, type Task } from '../../datasets/index.js';
import type { Ledger, Signer } from '../../ledger/index.js';
import { SCORING_VERSION } from '../../scoring/index.js';
import { deriveRound } from '../derive.js';
import {
  type MeasurementsRecord,
  type MetagraphRecord,
  type PayoutTxRecord,
  RECORD,
  type RoundStart,
  type ScoringSettings,
  type StateRecord,
  type SubmissionRecord,
} from '../record-types.js';
import { canonicalSha256 } from '../reveal.js';

/** A miner of a synthetic round: how often it is right and how it streams. */
export interface SyntheticMiner {
  hotkey: string;
  uid: number;
  coldkey: string;
  accuracy: number;
  timing: benchTesting.SyntheticTiming;
  image: string;
  sourceCommit: string;
  commitBlock: number;
  /** Default http://synthetic-<uid>; a new one is what a miner re-commits to move its engine. */
  endpoint?: string;
  /** The manifest's implementation name (default synthetic-<uid>). */
  name?: string;
  /** Every request of the round fails with this error (a broken engine). */
  failure?: { code: string; message: string };
  /** Appended to every answer's content, so that no two miners send the same text (perf/replay). */
  answerSuffix?: string;
}

export function defaultSettings(): ScoringSettings {
  const c = defaultConfig();
  const v = c.validator;
  return {
    profile: c.scoring.profile,
    scoringVersion: SCORING_VERSION,
    weights: c.scoring.weights,
    emaAlpha: v.emaAlpha,
    crownMargin: v.crownMargin,
    policy: { championShare: v.championShare, qualityFloor: v.qualityFloor, burnUid: v.burnUid },
    pool: { perDayRao: 7_200_000_000, blocksPerDay: 7200, auditWindowBlocks: 10, championShare: 0.8 },
  };
}

const draw = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;

function manifestOf(m: SyntheticMiner) {
  return {
    v: 1,
    name: m.name ?? `synthetic-${m.uid}`,
    image: m.image,
    sourceUrl: 'https://example.com/engine',
    sourceCommit: m.sourceCommit,
    license: 'MIT',
    endpoint: m.endpoint ?? `http://synthetic-${m.uid}`,
    components: [],
  };
}

/** The raw records of a round in which every miner answers every task (right with its accuracy). */
export function syntheticRaw(
  round: number,
  block: number,
  miners: SyntheticMiner[],
  tasks: Task[],
  settings = defaultSettings(),
  validator = 'validator',
) {
  const blockHash = `0x${createHash('sha256').update(`block-${block}`).digest('hex')}`;
  const start: RoundStart = {
    round,
    netuid: 1,
    block,
    blockHash,
    seed: blockHash,
    validator,
    versionKey: '1000',
    settings,
    tasks: { suite: 'private/rotating', count: tasks.length },
  };
  const metagraph: MetagraphRecord = {
    block,
    blockHash,
    neurons: [
      {
        uid: 0,
        hotkey: 'owner',
        coldkey: 'owner-cold',
        stake: '0',
        validatorPermit: true,
        lastUpdate: 0,
        registeredAt: 0,
        axon: undefined,
      },
      ...miners.map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        coldkey: m.coldkey,
        stake: '0',
        validatorPermit: false,
        lastUpdate: 0,
        registeredAt: 1,
        axon: undefined,
      })),
    ],
    hyperparams: {
      tempo: 99,
      weightsSetRateLimit: 0,
      maxWeightsLimit: 65535,
      minAllowedWeights: 1,
      weightsVersionKey: '0',
      commitRevealWeightsEnabled: false,
      revealPeriodEpochs: 1,
    },
  };
  const entries: SubmissionRecord[] = miners.map((m) => {
    const manifest = manifestOf(m);
    const hash = canonicalSha256(manifest);
    return {
      hotkey: m.hotkey,
      uid: m.uid,
      commitBlock: m.commitBlock,
      commitIndex: 0,
      committedHash: hash,
      endpoint: manifest.endpoint,
      reveal: { ok: true, manifest, hash, error: undefined },
    };
  });
  const measurements: MeasurementsRecord[] = miners.map((m) => ({
    hotkey: m.hotkey,
    uid: m.uid,
    endpoint: m.endpoint ?? `http://synthetic-${m.uid}`,
    measurements: tasks.map((t) => {
      const right = draw(`${m.hotkey}:${t.id}`) < m.accuracy;
      const reference = answerFromReference(t);
      const answer =
        right && reference
          ? reference
          : {
              content: 'I am not sure.',
              reasoning: '',
              toolCalls: [],
              usage: undefined,
              finishReason: 'stop',
            };
      const content = answer.content + (m.answerSuffix ?? '');
      return benchTesting.syntheticMeasurement(t.id, { ...answer, content }, m.timing, m.failure);
    }),
  }));
  return {
    start,
    metagraph,
    submissions: { entries },
    tasks: { seed: blockHash, suite: 'private/rotating', tasks },
    measurements,
  };
}

/** Writes a whole synthetic round to the ledger the way the daemon does, and returns its derived state. */
export async function writeSyntheticRound(
  ledger: Ledger,
  signer: Signer,
  round: number,
  miners: SyntheticMiner[],
  previous: StateRecord | undefined,
  /**
   * `validator`: the hotkey the start record names (default: the signer's, as the daemon writes it);
   * `disqualified`: hotkeys the operator disqualified, with the reason; `payer`: record the round's payout
   * as sent by this validator (as a pool payer does), with a transaction hash.
   */
  options: {
    tasksPerRound?: number;
    settings?: ScoringSettings;
    validator?: string;
    disqualified?: ReadonlyMap<string, string>;
    payer?: boolean;
  } = {},
): Promise<StateRecord> {
  const block = round * 100;
  const tasks = generatePrivateTasks(`round-${round}`, options.tasksPerRound ?? 10);
  const raw = syntheticRaw(
    round,
    block,
    miners,
    tasks,
    options.settings,
    options.validator ?? signer.address,
  );
  await ledger.appendBatch<unknown>([
    { type: RECORD.start, round, data: raw.start },
    { type: RECORD.metagraph, round, data: raw.metagraph },
    { type: RECORD.submissions, round, data: raw.submissions },
    { type: RECORD.tasks, round, data: raw.tasks },
  ]);
  await ledger.appendBatch(raw.measurements.map((data) => ({ type: RECORD.measurements, round, data })));
  const out = deriveRound({ ...raw, disqualified: options.disqualified ?? new Map() }, previous);
  await ledger.appendBatch<unknown>([
    { type: RECORD.scores, round, data: out.scores },
    { type: RECORD.state, round, data: out.state },
    { type: RECORD.weights, round, data: out.weights },
  ]);
  await ledger.append(RECORD.weightsTx, round, {
    forRound: round,
    phase: 'intent',
    mode: 'set',
    uids: out.weights.emit.uids,
    values: out.weights.emit.values,
    head: block,
  });
  await ledger.append(RECORD.weightsTx, round, {
    forRound: round,
    phase: 'result',
    mode: 'set',
    ok: true,
    txHash: `0x${'ab'.repeat(32)}`,
    block: block + 1,
  });
  const payout = out.state.payout;
  if (payout && options.payer) {
    await ledger.append<PayoutTxRecord>(RECORD.payoutTx, round, { forRound: round, phase: 'intent', payout });
    await ledger.append<PayoutTxRecord>(RECORD.payoutTx, round, {
      forRound: round,
      phase: 'result',
      id: payout.id,
      ok: true,
      txHash: `0x${createHash('sha256').update(payout.id).digest('hex')}`,
      block: block + 2,
      found: 'sent',
      payer: signer.address,
      payers: [signer.address],
    });
  }
  await ledger.seal(round, signer);
  return out.state;
}
