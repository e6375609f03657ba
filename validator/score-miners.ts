import { aggregate, ScoringMemo, scoreMeasurements } from '../scoring/index.js';
import type { DeriveOptions, RoundInputs } from './derive.js';
import type { MeasurementsRecord, MinerScores, ScoresRecord } from './record-types.js';

/** Scores measurements records one at a time; `result()` equals scoreMiners over the same records in order. */
export class MinerScorer {
  private readonly memo: ScoringMemo | undefined;
  private readonly miners: MinerScores[] = [];

  constructor(
    private readonly inputs: Pick<RoundInputs, 'start' | 'tasks'>,
    options: Pick<DeriveOptions, 'memo'> = {},
  ) {
    this.memo = options.memo === false ? undefined : new ScoringMemo();
  }

  add(rec: MeasurementsRecord): void {
    this.miners.push(scoreMiner(this.inputs, rec, this.memo));
  }

  result(): ScoresRecord {
    const { settings } = this.inputs.start;
    return { profile: settings.profile, scoringVersion: settings.scoringVersion, miners: this.miners };
  }
}

/** Scores every measured miner with the round's recorded profile. Pure. */
export function scoreMiners(
  inputs: Pick<RoundInputs, 'start' | 'tasks' | 'measurements'>,
  options: DeriveOptions = {},
): ScoresRecord {
  const scorer = new MinerScorer(inputs, options);
  for (const rec of inputs.measurements) scorer.add(rec);
  return scorer.result();
}

function scoreMiner(
  inputs: Pick<RoundInputs, 'start' | 'tasks'>,
  rec: MeasurementsRecord,
  memo: ScoringMemo | undefined,
): MinerScores {
  const { settings } = inputs.start;
  const scores = scoreMeasurements(settings.profile, inputs.tasks.tasks, rec.measurements, memo);
  const run = aggregate(settings.profile, scores, settings.weights);
  return {
    hotkey: rec.hotkey,
    uid: rec.uid,
    composite: run.composite,
    dimensions: run.dimensions,
    failed: scores.filter((s) => !s.success).length,
    tasks: scores.map((s) => ({
      taskId: s.taskId,
      category: s.category,
      type: s.type,
      success: s.success,
      errorCode: s.errorCode,
      quality: s.quality,
      speed: s.speed,
      cost: s.cost,
      streaming: s.streaming,
      multimodal: s.multimodal,
    })),
  };
}
