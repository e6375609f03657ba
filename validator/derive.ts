import { prepareWeights } from '../chain/index.js';
import {
  advancePool,
  type Component,
  type Contender,
  decideChampion,
  emptyPool,
  updateAverages,
  weightVector,
} from '../scoring/index.js';
import { decideEligibility } from './eligibility.js';
import { advancePriority, priorityTable, submissionPriority } from './priority.js';
import type {
  MeasurementsRecord,
  MetagraphRecord,
  RoundStart,
  ScoresRecord,
  StateRecord,
  SubmissionsRecord,
  TasksRecord,
  WeightsRecord,
} from './record-types.js';
import { MinerScorer, scoreMiners } from './score-miners.js';

/** Everything raw a round's derived records are computed from. */
export interface RoundInputs {
  start: RoundStart;
  metagraph: MetagraphRecord;
  submissions: SubmissionsRecord;
  tasks: TasksRecord;
  measurements: MeasurementsRecord[];
  /** Hotkey -> reason, for every disqualification recorded before this round's derived records. */
  disqualified: ReadonlyMap<string, string>;
}

export interface RoundOutputs {
  scores: ScoresRecord;
  state: StateRecord;
  weights: WeightsRecord;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// in their own file so that replay's worker threads load the scoring code without the chain client
export { MinerScorer, scoreMiners };

/** How derive computes (never what): perf/replay's baseline turns the round's scoring memo off. */
export interface DeriveOptions {
  /** Default true: a text several miners sent is graded and its tokens counted once per round. */
  memo?: boolean;
  /**
   * The round's scores, already computed one miner at a time with a MinerScorer over every measurements record
   * in ledger order (the round runner scores each record as it reads it, so the round's measurements are never
   * all in memory); `inputs.measurements` is then not read.
   */
  scores?: ScoresRecord;
}

/**
 * The derived records of a round from its raw records and the previous round's state. Pure: replay
 * calls exactly this and compares with what was recorded.
 */
export function deriveRound(
  inputs: RoundInputs,
  previous: StateRecord | undefined,
  options: DeriveOptions = {},
): RoundOutputs {
  const { start, metagraph, submissions } = inputs;
  const { settings } = start;
  const scores = options.scores ?? scoreMiners(inputs, options);
  const eligibility = decideEligibility(
    metagraph.neurons,
    submissions.entries,
    inputs.disqualified,
    previous?.priority,
  );
  const priority = advancePriority(previous?.priority, metagraph.neurons, submissions.entries, eligibility);
  const table = priorityTable(priority);
  const eligible = new Set(eligibility.filter((e) => e.eligible).map((e) => e.hotkey));
  const registered = new Map(metagraph.neurons.map((n) => [n.hotkey, n]));

  const averages = updateAverages(
    (previous?.averages ?? []).filter((a) => registered.get(a.hotkey)?.uid === a.uid),
    start.round,
    scores.miners
      .filter((m) => eligible.has(m.hotkey))
      .map((m) => ({ hotkey: m.hotkey, uid: m.uid, composite: m.composite })),
    settings.emaAlpha,
  );
  const commits = new Map(submissions.entries.map((s) => [s.hotkey, s]));
  const contenders: Contender[] = averages
    .filter((a) => eligible.has(a.hotkey))
    .map((a) => {
      const s = commits.get(a.hotkey);
      // ties go to the first commitment of the submission's identity, not to its latest re-commit
      const at = s ? submissionPriority(s, table) : undefined;
      return {
        hotkey: a.hotkey,
        uid: a.uid,
        score: a.value,
        commitBlock: at?.block ?? Number.MAX_SAFE_INTEGER,
        commitIndex: at?.index ?? Number.MAX_SAFE_INTEGER,
      };
    });
  const crown = decideChampion(previous?.champion, contenders, {
    margin: settings.crownMargin,
    floor: settings.policy.qualityFloor,
    round: start.round,
    block: start.block,
  });

  const vector = weightVector(contenders, crown.champion?.hotkey, settings.policy);
  const uids = [...vector.keys()].sort((a, b) => a - b);
  const floats = uids.map((u) => round6(vector.get(u)!));
  const hp = metagraph.hyperparams;
  const emit = prepareWeights(uids, floats, {
    n: metagraph.neurons.length,
    minAllowedWeights: hp.minAllowedWeights,
    maxWeightsLimit: hp.maxWeightsLimit,
  });

  const champion = crown.champion;
  const championNeuron = champion ? registered.get(champion.hotkey) : undefined;
  const manifest = champion ? commits.get(champion.hotkey)?.reveal.manifest : undefined;
  const disqualified = new Set(inputs.disqualified.keys());
  const pool = advancePool(
    previous?.pool ?? emptyPool(),
    {
      block: start.block,
      champion:
        champion && championNeuron
          ? { hotkey: champion.hotkey, coldkey: championNeuron.coldkey, components: componentsOf(manifest) }
          : undefined,
      disqualified,
    },
    settings.pool,
  );

  return {
    scores,
    state: {
      eligibility,
      priority,
      averages,
      champion,
      crown: { changed: crown.changed, threshold: crown.threshold, reason: crown.reason },
      disqualified: [...disqualified].sort(),
      pool: pool.state,
      // rounds recorded with scoring 1 kept only the sentences
      poolEvents:
        start.settings.scoringVersion === 'rodeo-scoring/1' ? pool.events.map((e) => e.text) : pool.events,
      payout: pool.payout,
    },
    weights: { uids, weights: floats, emit, versionKey: start.versionKey },
  };
}

function componentsOf(manifest: Record<string, unknown> | undefined): Component[] {
  const list = manifest?.components;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: Record<string, unknown>) =>
    typeof c?.name === 'string' && typeof c.builderColdkey === 'string' && typeof c.share === 'number'
      ? [{ name: c.name, coldkey: c.builderColdkey, share: c.share }]
      : [],
  );
}
