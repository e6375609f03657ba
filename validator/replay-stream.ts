import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { SCORING_VERSIONS } from '../scoring/index.js';
import {
  type MeasurementsRecord,
  RECORD,
  type RoundStart,
  type ScoresRecord,
  type TasksRecord,
} from './record-types.js';
import type { ReplayWorkers, StreamedJob } from './replay-workers.js';
import type { RoundRecords } from './round-records.js';
import { MinerScorer } from './score-miners.js';

/**
 * A round's measurements scored as replay reads them, one miner's record at a time, so that each record leaves
 * memory once scored instead of waiting (and being copied from GC space to GC space) until the round's scores
 * record: what the round runner does when it derives (scoreRound). The result is scoreMiners over the records
 * replay would have kept, in ledger order:
 *   - a record is streamed only once the round's start and tasks records are read, with a scoring version this
 *     node replays, and only while no record of the round was kept instead (then every later one is kept too);
 *   - a scoring error is kept and thrown when the scores are asked for, where scoreMiners would have thrown it;
 *   - each scores record is scored from the records before it, as replay's inputs were taken at that record;
 *   - a start or tasks record read again after streaming began, or a record kept after it (no daemon writes
 *     such a round; a crafted ledger could), makes `scores` read the round's measurements records before its
 *     scores record again, checked, and score them with the start and tasks records then in force.
 * With worker threads, each record's stored line goes to the worker scoring the round (which parses it: the
 * same JSON, the same data); a round the worker could not score, or a crafted one as above, is scored here.
 */
type Requested =
  | { kind: 'local'; scores: ScoresRecord }
  | { kind: 'error'; thrown: unknown }
  | { kind: 'worker'; scores: Promise<ScoresRecord | undefined>; inputs: ScoringInputs }
  | { kind: 'reread'; inputs: ScoringInputs };
type ScoringInputs = { start: RoundStart; tasks: TasksRecord };

export class StreamedRound {
  private scorer: MinerScorer | undefined;
  private job: StreamedJob | undefined;
  private start: LedgerRecord<RoundStart> | undefined;
  private tasks: LedgerRecord<TasksRecord> | undefined;
  private error: { thrown: unknown } | undefined;
  /** The scores as of each of the round's scores records (by its seq): one, unless the round is crafted. */
  private readonly requested = new Map<number, Requested>();

  constructor(
    readonly round: number,
    private readonly memo: boolean,
    /** Worker threads to score on (the record's stored line is handed over); unset: scored on this thread. */
    private readonly pool?: ReplayWorkers,
  ) {}

  /**
   * Scores `rec` (a measurements record of this round, `line` as stored when there is a pool) and returns true,
   * or returns false: keep it.
   */
  add(r: RoundRecords, rec: LedgerRecord<MeasurementsRecord>, line?: string): boolean {
    if (r.round !== this.round || rec.round !== this.round || r.measurements.length > 0) return false;
    const { start, tasks } = r;
    if (!start || !tasks || !SCORING_VERSIONS.includes(start.data.settings.scoringVersion)) return false;
    if (this.pool && line === undefined) return false;
    if (this.start === undefined) {
      if (this.pool) this.job = this.pool.begin(start.data, tasks.data);
      else this.scorer = new MinerScorer({ start: start.data, tasks: tasks.data }, { memo: this.memo });
      this.start = start;
      this.tasks = tasks;
    }
    if (this.job) {
      // after the worker was asked for its scores, a record only matters to a later scores record (re-read)
      if (this.requested.size === 0) this.job.add(line!);
      return true;
    }
    if (this.error) return true;
    try {
      this.scorer!.add(rec.data);
    } catch (thrown) {
      this.error = { thrown };
    }
    return true;
  }

  /** Whether any record of the round was streamed (its scores then come from `scores`). */
  get streaming(): boolean {
    return this.start !== undefined;
  }

  /**
   * At the round's scores record `seq`, with the round's records read so far in `r`: fixes what its scores are
   * computed from (the records before it, with the start and tasks records then in force); a worker is asked
   * for them now, so they are on their way while replay reads on.
   */
  request(seq: number, r: RoundRecords): void {
    const inputs = { start: r.start!.data, tasks: r.tasks!.data };
    const same = r.start === this.start && r.tasks === this.tasks && r.measurements.length === 0;
    let out: Requested;
    if (!same) out = { kind: 'reread', inputs };
    else if (this.scorer) {
      const result = this.scorer.result();
      out = this.error
        ? { kind: 'error', thrown: this.error.thrown }
        : { kind: 'local', scores: { ...result, miners: [...result.miners] } };
    } else if (this.job && this.requested.size === 0)
      out = { kind: 'worker', scores: this.job.finish(), inputs };
    else out = { kind: 'reread', inputs };
    this.requested.set(seq, out);
  }

  /** The round's scores as of its scores record at `seq` (request(seq) first). */
  async scores(ledger: Ledger, seq: number): Promise<ScoresRecord> {
    const asked = this.requested.get(seq)!;
    if (asked.kind === 'local') return asked.scores;
    if (asked.kind === 'error') throw asked.thrown;
    if (asked.kind === 'worker') {
      // undefined: the worker could not score the round; it is scored again here, failing as it would have
      const scores = await asked.scores;
      if (scores) return scores;
    }
    // the round's start or tasks record was replaced after streaming began: score its records again
    const scorer = new MinerScorer(asked.inputs, { memo: this.memo });
    for await (const rec of ledger.checkedRecords<MeasurementsRecord>({ round: this.round })) {
      if (rec.seq >= seq) break;
      if (rec.type === RECORD.measurements) scorer.add(rec.data);
    }
    return scorer.result();
  }
}
