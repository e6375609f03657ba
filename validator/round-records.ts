import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { MinerScorer, type RoundInputs } from './derive.js';
import {
  type DisqualifyRecord,
  type MeasurementsRecord,
  type MetagraphRecord,
  type PayoutTxRecord,
  RECORD,
  type RoundStart,
  type ScoresRecord,
  type SeedRevealRecord,
  type SkippedRecord,
  type StateRecord,
  type SubmissionsRecord,
  type TasksRecord,
  type WeightsRecord,
  type WeightsTxRecord,
} from './record-types.js';

/** A round's records as read back from the ledger (what is missing tells how far the round got). */
export interface RoundRecords {
  round: number;
  start: LedgerRecord<RoundStart> | undefined;
  metagraph: LedgerRecord<MetagraphRecord> | undefined;
  submissions: LedgerRecord<SubmissionsRecord> | undefined;
  tasks: LedgerRecord<TasksRecord> | undefined;
  /** The round's revealed seed secret (rounds seeded from a secret chain, once their weights are sent). */
  seedReveal: LedgerRecord<SeedRevealRecord> | undefined;
  measurements: LedgerRecord<MeasurementsRecord>[];
  scores: LedgerRecord<ScoresRecord> | undefined;
  state: LedgerRecord<StateRecord> | undefined;
  weights: LedgerRecord<WeightsRecord> | undefined;
  /** Extrinsics for this round, wherever they were recorded (a reveal or a payout retry may come later). */
  weightsTx: LedgerRecord<WeightsTxRecord>[];
  payoutTx: LedgerRecord<PayoutTxRecord>[];
  /** Set when the round was given up (sealed without finishing) after repeated failures. */
  skipped: LedgerRecord<SkippedRecord> | undefined;
  sealed: boolean;
}

export const emptyRound = (round: number): RoundRecords => ({
  round,
  start: undefined,
  metagraph: undefined,
  submissions: undefined,
  tasks: undefined,
  seedReveal: undefined,
  measurements: [],
  scores: undefined,
  state: undefined,
  weights: undefined,
  weightsTx: [],
  payoutTx: [],
  skipped: undefined,
  sealed: false,
});

const SLOTS = {
  [RECORD.start]: 'start',
  [RECORD.metagraph]: 'metagraph',
  [RECORD.submissions]: 'submissions',
  [RECORD.tasks]: 'tasks',
  [RECORD.seedReveal]: 'seedReveal',
  [RECORD.scores]: 'scores',
  [RECORD.state]: 'state',
  [RECORD.weights]: 'weights',
  [RECORD.skipped]: 'skipped',
} as const;

/** Files one record into a round; extrinsic records are filed by the round they are for. */
export function addRecord(r: RoundRecords, rec: LedgerRecord): void {
  const slot = SLOTS[rec.type as keyof typeof SLOTS];
  if (slot && rec.round === r.round) (r as unknown as Record<string, unknown>)[slot] = rec;
  else if (rec.type === RECORD.measurements && rec.round === r.round)
    r.measurements.push(rec as LedgerRecord<MeasurementsRecord>);
  else if (rec.type === 'seal' && rec.round === r.round) r.sealed = true;
  else if (rec.type === RECORD.weightsTx && (rec.data as WeightsTxRecord).forRound === r.round)
    r.weightsTx.push(rec as LedgerRecord<WeightsTxRecord>);
  else if (rec.type === RECORD.payoutTx && (rec.data as PayoutTxRecord).forRound === r.round)
    r.payoutTx.push(rec as LedgerRecord<PayoutTxRecord>);
}

/**
 * A round's records as the ledger holds them. With `measurements: false` the measurement records are left out
 * of `measurements` (read, not kept): the daemon scores them as it streams them (scoreRound), so a round's
 * measurements are never all in memory at once.
 */
export async function readRound(
  ledger: Ledger,
  round: number,
  opts: { measurements?: boolean } = {},
): Promise<RoundRecords> {
  const r = emptyRound(round);
  const summary = await ledger.roundSummary(round);
  if (!summary) return r;
  const keep = opts.measurements ?? true;
  for await (const rec of ledger.records({ round }))
    if (keep || rec.type !== RECORD.measurements) addRecord(r, rec);
  for (const type of [RECORD.weightsTx, RECORD.payoutTx]) {
    for await (const rec of ledger.records({ type, fromSeq: summary.toSeq + 1 })) addRecord(r, rec);
  }
  return r;
}

/**
 * The raw inputs of a round's derived records (what the round runner derives from, and replay re-derives
 * from), or undefined while a raw record is missing.
 */
export function roundInputs(
  r: RoundRecords,
  disqualified: ReadonlyMap<string, string>,
): RoundInputs | undefined {
  const { start, metagraph, submissions, tasks } = r;
  if (!start || !metagraph || !submissions || !tasks) return undefined;
  return {
    start: start.data,
    metagraph: metagraph.data,
    submissions: submissions.data,
    tasks: tasks.data,
    measurements: r.measurements.map((m) => m.data),
    disqualified: new Map(disqualified),
  };
}

/**
 * The round's scores, each miner's measurements record scored as it is read from the ledger and then let go,
 * in ledger order: equal to scoreMiners over the records readRound would give.
 */
export async function scoreRound(
  ledger: Ledger,
  round: number,
  inputs: Pick<RoundInputs, 'start' | 'tasks'>,
): Promise<ScoresRecord> {
  const scorer = new MinerScorer(inputs);
  for await (const rec of ledger.records<MeasurementsRecord>({ round, type: RECORD.measurements }))
    scorer.add(rec.data);
  return scorer.result();
}

/** Rounds that have a start record, in order. */
export async function startedRounds(ledger: Ledger): Promise<number[]> {
  const out: number[] = [];
  for await (const rec of ledger.records({ type: RECORD.start })) out.push(rec.round);
  return out;
}

/**
 * The most recent derived state strictly before `round`. Read by seeking from the end (rounds only ever grow
 * along the ledger), not by reading every state record ever written: a year of rounds costs the same as one.
 */
export async function previousState(ledger: Ledger, round: number): Promise<StateRecord | undefined> {
  const last = await ledger.lastRecord<StateRecord>(RECORD.state);
  if (last === undefined || last.round < round) return last?.data;
  // this round (or a later one) is already derived: look back round by round
  const before = (await ledger.rounds()).filter((r) => r < round);
  for (let i = before.length - 1; i >= 0; i--) {
    const rec = await ledger.lastRecord<StateRecord>(RECORD.state, before[i]);
    if (rec) return rec.data;
  }
  return undefined;
}

/** Every disqualification in the ledger, latest reason per hotkey. */
export async function disqualifications(ledger: Ledger): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const rec of ledger.records<DisqualifyRecord>({ type: RECORD.disqualify }))
    out.set(rec.data.hotkey, rec.data.reason);
  return out;
}

/** The round new out-of-round records (votes, admin actions, late extrinsics) belong to now. */
export function openRound(ledger: Ledger): number {
  const head = ledger.head();
  if (!head) return 0;
  return head.type === 'seal' ? head.round + 1 : head.round;
}
