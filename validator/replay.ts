import type { Ledger, LedgerRecord, SealData } from '../ledger/index.js';
import { SCORING_VERSIONS } from '../scoring/index.js';
import { type AnchorCheck, type AnchorCheckOptions, checkAnchors } from './anchor-check.js';
import { sameAccount } from './anchors.js';
import { deriveRound, type RoundInputs } from './derive.js';
import { firstDifference, sameJson } from './diff.js';
import { ValidatorErrors } from './errors.js';
import {
  type DisqualifyRecord,
  type MeasurementsRecord,
  RECORD,
  type RoundStart,
  type ScoresRecord,
  type StateRecord,
  type WeightsRecord,
  type WeightsTxRecord,
} from './record-types.js';
import { StreamedRound } from './replay-stream.js';
import { ReplayWorkers } from './replay-workers.js';
import { addRecord, emptyRound, type RoundRecords, roundInputs } from './round-records.js';
import { PrivateTaskFiles } from './round-tasks.js';
import { type SeedChain, type SeedCheck, SeedChecker } from './seed-check.js';

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
  /** The validator the ledger belongs to (its start records and seals), when it names one. */
  validator: string | undefined;
  /** With `workers`: the rounds worker threads scored (a round a worker could not score is scored here). */
  scoredByWorkers?: number;
  /** With `anchors`: what the check against the chain covered. */
  anchors?: AnchorCheck;
  /** Round seeds checked against their revealed secrets (and with `seeds`, their chain anchors on chain). */
  seeds: SeedCheck;
  ms: number;
}

export interface ReplayOptions {
  onRound?: (round: number) => void;
  /**
   * ss58 address of the validator the ledger must belong to (`rodeo replay --signer`): every start record
   * must name it and every seal must be signed by it. Unset: the validator the first start record names.
   */
  signer?: string;
  /**
   * Also check the ledger against the validator's anchors on chain (`rodeo replay --chain`): a ledger missing
   * anchored rounds, or differing from an anchored head, fails.
   */
  anchors?: Omit<AnchorCheckOptions, 'validator'>;
  /**
   * Also read each round-seed chain anchor the rounds used from the validator's commitment on chain, at the block
   * the ledger says it was committed (`rodeo replay --chain`).
   */
  seeds?: { chain: SeedChain };
  /**
   * The operator's private task files (`rodeo validator replay --private-tasks FILE`, one per version of the file
   * the ledger used): rounds that drew from one are found by the sha256 they recorded, and their tasks redrawn.
   */
  privateTasks?: readonly string[];
  /**
   * perf/replay's baseline only: replays as before the round memo, the compare fast path and scoring records as
   * they are read, to print both figures in one run. The result is the same either way.
   */
  baseline?: boolean;
  /**
   * Worker threads that score rounds while the ledger is read (`rodeo validator replay --workers N`); for hosts
   * with cores to spare. Unset or 0: everything on this thread. The result is the same either way.
   */
  workers?: number;
}

/** A round whose raw records are all read; it is settled once its derived records are read too. */
interface Pending {
  round: RoundRecords;
  inputs: RoundInputs;
  /** Its scores from a worker thread (with `workers`); undefined: scored on settling. */
  scores: Promise<ScoresRecord | undefined> | undefined;
  /** Its measurements as scored while they were read (no workers), and the seq of its scores record. */
  streamed: { round: StreamedRound; seq: number } | undefined;
}

async function* withoutLines<D>(
  records: AsyncIterable<LedgerRecord<D>>,
): AsyncGenerator<{ record: LedgerRecord<D>; line: string | undefined }> {
  for await (const record of records) yield { record, line: undefined };
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/**
 * The first difference between a recorded derived record and the recomputed one: the same JSON (checked without
 * serializing) is no difference; otherwise both are compared member by member in their JSON form.
 */
function recordDifference(recorded: unknown, recomputed: unknown, fast: boolean) {
  if (fast && sameJson(recorded, recomputed)) return undefined;
  return firstDifference(plain(recorded), plain(recomputed));
}

/**
 * Verifies a ledger end to end in one pass: every record's hash, link and seal as it is read; every seal signed
 * by the validator its round's start record names, and one validator for the whole ledger; every round's
 * derived records recomputed from its raw records with the recorded scoring settings and compared with what
 * was recorded; every weights extrinsic checked against the derived weight vector; every round's seed checked
 * against its revealed secret and the validator's committed chain (seed-check.ts). Names the first difference.
 */
export async function replayLedger(ledger: Ledger, options: ReplayOptions = {}): Promise<ReplayResult> {
  const pool = options.workers ? new ReplayWorkers(options.workers) : undefined;
  try {
    const result = await replayWith(ledger, options, pool);
    return pool ? { ...result, scoredByWorkers: pool.scored } : result;
  } finally {
    await pool?.close();
  }
}

async function replayWith(
  ledger: Ledger,
  options: ReplayOptions,
  pool: ReplayWorkers | undefined,
): Promise<ReplayResult> {
  const t0 = performance.now();
  const disqualified = new Map<string, string>();
  const emits = new Map<number, WeightsRecord['emit']>();
  const intents: LedgerRecord<WeightsTxRecord>[] = [];
  const rounds = new Set<number>();
  let records = 0;
  let replayed = 0;
  let previous: StateRecord | undefined;
  let current: RoundRecords | undefined;
  /** The current round's measurements scored as they are read (on this thread or a worker; not perf's baseline). */
  let streamed: StreamedRound | undefined;
  const stream = !options.baseline;
  // with workers, each record comes with its stored line, which is what a worker is handed
  const entries = pool ? ledger.checkedRecordLines() : withoutLines(ledger.checkedRecords());
  /** Rounds read and being scored, oldest first; all but the last have their derived records read. */
  const queue: Pending[] = [];
  const seeds = new SeedChecker(new PrivateTaskFiles(options.privateTasks ?? []));

  const failure = (rec: LedgerRecord, err: { code: string; message: string }): ReplayFailure => ({
    round: rec.round,
    seq: rec.seq,
    type: rec.type,
    code: err.code,
    message: err.message,
  });

  /** Compares a finished round's recorded derived records with the recomputed ones. */
  const settle = async (p: Pending): Promise<ReplayFailure | undefined> => {
    const scores = p.scores ? await p.scores : await p.streamed?.round.scores(ledger, p.streamed.seq);
    const derived = deriveRound(p.inputs, previous, {
      memo: !options.baseline,
      ...(scores ? { scores } : {}),
    });
    // ledgers written before the state kept first commitments have none to compare (the rest still is)
    const legacy = p.round.state && !('priority' in p.round.state.data);
    for (const [rec, expected] of [
      [p.round.scores, derived.scores],
      [p.round.state, legacy ? { ...derived.state, priority: undefined } : derived.state],
      [p.round.weights, derived.weights],
    ] as const) {
      if (!rec) continue;
      const diff = recordDifference(rec.data, expected, !options.baseline);
      if (diff)
        return failure(
          rec,
          ValidatorErrors.REPLAY_MISMATCH(rec.round, rec.seq, rec.type, diff.path, diff.detail),
        );
    }
    if (p.round.state) {
      previous = derived.state;
      replayed++;
      options.onRound?.(p.round.round);
    }
    return undefined;
  };

  /**
   * A sealed round is either scored (scores, state and weights, written as one batch) or skipped: anything
   * else is a ledger with derived records taken out, whose weights would go unchecked.
   */
  const unsettledSeal = (rec: LedgerRecord, round: RoundRecords) => {
    if (rec.type !== 'seal' || !round.start) return undefined;
    if (!round.scores && !round.skipped)
      return ValidatorErrors.REPLAY_INCOMPLETE(
        rec.round,
        'it is sealed with neither derived records nor a skip record',
      );
    if (round.scores && (!round.state || !round.weights))
      return ValidatorErrors.REPLAY_INCOMPLETE(
        rec.round,
        'its scores record has no state or weights record beside it',
      );
    return undefined;
  };

  const pinned = options.signer !== undefined;
  /** The ledger's validator: pinned by --signer, else the first one a start record (or seal) names. */
  let validator = options.signer;
  const expected = (whose: string) => `${validator} (${pinned ? '--signer' : whose})`;
  /** A start record naming another validator, or a seal by a key other than the round's validator. */
  const wrongSigner = (rec: LedgerRecord, round: RoundRecords) => {
    if (rec.type === RECORD.start) {
      const named = (rec.data as RoundStart).validator;
      validator ??= named;
      if (sameAccount(named, validator)) return undefined;
      const what = 'the start record names validator';
      return ValidatorErrors.REPLAY_WRONG_SIGNER(
        rec.round,
        rec.seq,
        what,
        named,
        expected('the validator the ledger names before'),
      );
    }
    if (rec.type !== 'seal') return undefined;
    const signer = (rec.data as SealData).signer;
    validator ??= signer;
    if (sameAccount(signer, validator)) return undefined;
    const whose = round.start
      ? `the validator named in round ${rec.round}'s start record`
      : 'the validator the ledger names before';
    return ValidatorErrors.REPLAY_WRONG_SIGNER(
      rec.round,
      rec.seq,
      'the seal is signed by',
      signer,
      expected(whose),
    );
  };

  let anchors: AnchorCheck | undefined;
  /** Settles the oldest rounds, in order, until `keep` are left; the first failure ends it. */
  const settleUntil = async (keep: number): Promise<ReplayFailure | undefined> => {
    while (queue.length > keep) {
      const f = await settle(queue.shift()!);
      if (f) return f;
    }
    return undefined;
  };

  const finish = (f: ReplayFailure | undefined): ReplayResult => ({
    ok: f === undefined,
    records,
    rounds: rounds.size,
    replayedRounds: replayed,
    failure: f,
    validator,
    seeds: seeds.summary,
    ...(anchors ? { anchors } : {}),
    ms: performance.now() - t0,
  });

  try {
    for await (const { record: rec, line } of entries) {
      records++;
      rounds.add(rec.round);
      if (rec.type === RECORD.disqualify) {
        const d = rec.data as DisqualifyRecord;
        disqualified.set(d.hotkey, d.reason);
      }
      if (!current || current.round !== rec.round) {
        current = emptyRound(rec.round);
        streamed = stream ? new StreamedRound(rec.round, true, pool) : undefined;
      }
      // a measurements record scored as it is read leaves memory now, not with its round
      const scored =
        rec.type === RECORD.measurements &&
        streamed?.add(current, rec as LedgerRecord<MeasurementsRecord>, line) === true;
      if (!scored) addRecord(current, rec);
      const wrong = wrongSigner(rec, current) ?? unsettledSeal(rec, current);
      if (wrong) {
        // a round before it that already differs is the first failure
        const f = await settleUntil(0);
        return finish(f ?? failure(rec, wrong));
      }
      const badSeed = seeds.observe(rec);
      if (badSeed) {
        const f = await settleUntil(0);
        return finish(f ?? badSeed);
      }
      if (rec.type === RECORD.weights) emits.set(rec.round, (rec.data as WeightsRecord).emit);
      if (rec.type === RECORD.weightsTx && (rec.data as WeightsTxRecord).phase === 'intent') {
        intents.push(rec as LedgerRecord<WeightsTxRecord>);
      }
      if (rec.type !== RECORD.scores) continue;

      const inputs = roundInputs(current, disqualified);
      // a round before the last read one that differs comes first (as without workers, the last is left)
      const earlier =
        inputs && SCORING_VERSIONS.includes(inputs.start.settings.scoringVersion)
          ? undefined
          : await settleUntil(1);
      if (earlier) return finish(earlier);
      if (!inputs) {
        return finish(
          failure(
            rec,
            ValidatorErrors.REPLAY_INCOMPLETE(
              rec.round,
              'a raw record (start, metagraph, submissions or tasks) is missing before the scores',
            ),
          ),
        );
      }
      if (!SCORING_VERSIONS.includes(inputs.start.settings.scoringVersion)) {
        const why = `scored with ${inputs.start.settings.scoringVersion}; this node replays ${SCORING_VERSIONS.join(' and ')} (use the matching rodeo release)`;
        return finish(failure(rec, ValidatorErrors.REPLAY_INCOMPLETE(rec.round, why)));
      }
      // the rounds before this one are complete: keep one per worker scoring, settle the rest
      const f = await settleUntil(Math.max(0, (options.workers ?? 0) - 1));
      if (f) return finish(f);
      if (streamed?.streaming) {
        streamed.request(rec.seq, current);
        queue.push({
          round: current,
          inputs,
          scores: undefined,
          streamed: { round: streamed, seq: rec.seq },
        });
      } else queue.push({ round: current, inputs, scores: pool?.score(inputs), streamed: undefined });
    }
  } catch (err) {
    // a record that does not check: report it unless a round before it already differs
    const f = await settleUntil(0);
    if (f) return finish(f);
    const verified = await ledger.verify();
    const e = verified.firstError;
    if (!e) throw err;
    return finish({ round: e.round, seq: e.seq, type: e.type, code: e.code, message: e.reason });
  }
  const f = await settleUntil(0);
  if (f) return finish(f);
  for (const rec of intents) {
    const tx = rec.data;
    if (tx.phase !== 'intent' || tx.mode === 'reveal') continue;
    const emit = emits.get(tx.forRound);
    // every weights extrinsic follows from a derived weights record of a round recorded before it
    if (!emit || tx.forRound > rec.round)
      return finish(
        failure(
          rec,
          ValidatorErrors.REPLAY_MISMATCH(
            rec.round,
            rec.seq,
            rec.type,
            'forRound',
            `weights sent for round ${tx.forRound}, which has no derived weights record before this one`,
          ),
        ),
      );
    const diff = firstDifference(emit, { uids: tx.uids, values: tx.values });
    if (diff) {
      const err = ValidatorErrors.REPLAY_MISMATCH(
        rec.round,
        rec.seq,
        rec.type,
        diff.path,
        `weights sent differ from the derived vector: ${diff.detail}`,
      );
      return finish(failure(rec, err));
    }
  }
  if (options.seeds && validator !== undefined) {
    const f = await seeds.checkChain(options.seeds.chain, validator);
    if (f) return finish(f);
  }
  if (options.anchors && validator !== undefined) {
    const checked = await checkAnchors(ledger, { ...options.anchors, validator });
    anchors = checked.check;
    return finish(checked.failure);
  }
  return finish(undefined);
}
