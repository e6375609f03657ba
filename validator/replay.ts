import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { SCORING_VERSION } from '../scoring/index.js';
import { deriveRound } from './derive.js';
import { firstDifference } from './diff.js';
import { ValidatorErrors } from './errors.js';
import {
  type DisqualifyRecord,
  RECORD,
  type StateRecord,
  type WeightsRecord,
  type WeightsTxRecord,
} from './records.js';
import { addRecord, emptyRound, type RoundRecords } from './round-records.js';

export interface ReplayFailure {
  round: number | null;
  seq: number;
  type: string | null;
  code: string;
  message: string;
}

export interface ReplayResult {
  ok: boolean;
  records: number;
  rounds: number;
  /** Rounds whose derived records were recomputed and matched. */
  replayedRounds: number;
  failure: ReplayFailure | undefined;
  ms: number;
}

/**
 * Verifies a ledger end to end: the hash chain and seals first, then every round's derived records are
 * recomputed from its raw records with the recorded scoring settings and compared with what was recorded,
 * and every weights extrinsic is checked against the derived weight vector. Names the first difference.
 */
export async function replayLedger(
  ledger: Ledger,
  options: { onRound?: (round: number) => void } = {},
): Promise<ReplayResult> {
  const t0 = performance.now();
  const verified = await ledger.verify();
  const done = (failure: ReplayFailure | undefined, replayedRounds: number): ReplayResult => ({
    ok: failure === undefined,
    records: verified.records,
    rounds: verified.rounds,
    replayedRounds,
    failure,
    ms: performance.now() - t0,
  });
  if (!verified.ok && verified.firstError) {
    const e = verified.firstError;
    return done({ round: e.round, seq: e.seq, type: e.type, code: e.code, message: e.reason }, 0);
  }

  const disqualified = new Map<string, string>();
  let previous: StateRecord | undefined;
  let current: RoundRecords | undefined;
  let replayed = 0;
  let derived: ReturnType<typeof deriveRound> | undefined;
  const emits = new Map<number, WeightsRecord['emit']>();

  const mismatch = (rec: LedgerRecord, path: string, detail: string): ReplayFailure => {
    const err = ValidatorErrors.REPLAY_MISMATCH(rec.round, rec.seq, rec.type, path, detail);
    return { round: rec.round, seq: rec.seq, type: rec.type, code: err.code, message: err.message };
  };

  for await (const rec of ledger.records()) {
    if (rec.type === RECORD.disqualify) {
      const d = rec.data as DisqualifyRecord;
      disqualified.set(d.hotkey, d.reason);
    }
    if (!current || current.round !== rec.round) {
      current = emptyRound(rec.round);
      derived = undefined;
    }
    addRecord(current, rec);

    if (rec.type === RECORD.scores) {
      const { start, metagraph, submissions, tasks } = current;
      if (!start || !metagraph || !submissions || !tasks) {
        const err = ValidatorErrors.REPLAY_INCOMPLETE(
          rec.round,
          'a raw record (start, metagraph, submissions or tasks) is missing before the scores',
        );
        return done(
          { round: rec.round, seq: rec.seq, type: rec.type, code: err.code, message: err.message },
          replayed,
        );
      }
      if (start.data.settings.scoringVersion !== SCORING_VERSION) {
        const err = ValidatorErrors.REPLAY_INCOMPLETE(
          rec.round,
          `scored with ${start.data.settings.scoringVersion}; this node replays ${SCORING_VERSION} (use the matching rodeo release)`,
        );
        return done(
          { round: rec.round, seq: rec.seq, type: rec.type, code: err.code, message: err.message },
          replayed,
        );
      }
      derived = deriveRound(
        {
          start: start.data,
          metagraph: metagraph.data,
          submissions: submissions.data,
          tasks: tasks.data,
          measurements: current.measurements.map((m) => m.data),
          disqualified: new Map(disqualified),
        },
        previous,
      );
    }
    const expected =
      rec.type === RECORD.scores
        ? derived?.scores
        : rec.type === RECORD.state
          ? derived?.state
          : rec.type === RECORD.weights
            ? derived?.weights
            : undefined;
    if (expected !== undefined) {
      const diff = firstDifference(
        JSON.parse(JSON.stringify(rec.data)),
        JSON.parse(JSON.stringify(expected)),
      );
      if (diff) return done(mismatch(rec, diff.path, diff.detail), replayed);
      if (rec.type === RECORD.weights) emits.set(rec.round, (rec.data as WeightsRecord).emit);
      if (rec.type === RECORD.state) {
        previous = derived!.state;
        replayed++;
        options.onRound?.(rec.round);
      }
    }
    if (rec.type === RECORD.weightsTx) {
      const tx = rec.data as WeightsTxRecord;
      const emit = emits.get(tx.forRound);
      if (tx.phase === 'intent' && tx.mode !== 'reveal' && emit) {
        const diff = firstDifference(emit, { uids: tx.uids, values: tx.values });
        if (diff)
          return done(
            mismatch(rec, diff.path, `weights sent differ from the derived vector: ${diff.detail}`),
            replayed,
          );
      }
    }
  }
  return done(undefined, replayed);
}
