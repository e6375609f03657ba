import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { SCORING_VERSIONS } from '../scoring/index.js';
import {
  type MeasurementsRecord,
  RECORD,
  type RoundStart,
  type ScoresRecord,
  type TasksRecord,
} from './record-types.js';
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
 *   - a start or tasks record read again after streaming began, or a record kept after it (no daemon writes
 *     such a round; a crafted ledger could), makes `scores` read the round's measurements records before its
 *     scores record again, checked, and score them with the start and tasks records then in force.
 */
export class StreamedRound {
  private scorer: MinerScorer | undefined;
  private start: LedgerRecord<RoundStart> | undefined;
  private tasks: LedgerRecord<TasksRecord> | undefined;
  private error: { thrown: unknown } | undefined;

  constructor(
    readonly round: number,
    private readonly memo: boolean,
  ) {}

  /** Scores `rec` (a measurements record of this round) and returns true, or returns false: keep it. */
  add(r: RoundRecords, rec: LedgerRecord<MeasurementsRecord>): boolean {
    if (r.round !== this.round || rec.round !== this.round || r.measurements.length > 0) return false;
    const { start, tasks } = r;
    if (!start || !tasks || !SCORING_VERSIONS.includes(start.data.settings.scoringVersion)) return false;
    if (this.scorer === undefined) {
      this.scorer = new MinerScorer({ start: start.data, tasks: tasks.data }, { memo: this.memo });
      this.start = start;
      this.tasks = tasks;
    }
    if (this.error) return true;
    try {
      this.scorer.add(rec.data);
    } catch (thrown) {
      this.error = { thrown };
    }
    return true;
  }

  /** Whether any record of the round was streamed (its scores then come from `scores`). */
  get streaming(): boolean {
    return this.scorer !== undefined;
  }

  /** The round's scores as of its scores record at `beforeSeq`, with the start and tasks records in `r`. */
  async scores(r: RoundRecords, ledger: Ledger, beforeSeq: number): Promise<ScoresRecord> {
    if (r.start === this.start && r.tasks === this.tasks && r.measurements.length === 0) {
      if (this.error) throw this.error.thrown;
      const out = this.scorer!.result();
      return { ...out, miners: [...out.miners] };
    }
    // the round's start or tasks record was replaced after streaming began: score its records again
    const scorer = new MinerScorer({ start: r.start!.data, tasks: r.tasks!.data }, { memo: this.memo });
    for await (const rec of ledger.checkedRecords<MeasurementsRecord>({ round: this.round })) {
      if (rec.seq >= beforeSeq) break;
      if (rec.type === RECORD.measurements) scorer.add(rec.data);
    }
    return scorer.result();
  }
}
