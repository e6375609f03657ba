export { aggregate } from './aggregate.js';
export {
  type Champion,
  type Contender,
  type CrownDecision,
  crownThreshold,
  decideChampion,
  rankContenders,
} from './crown.js';
export { applyVote, ELO_K, ELO_START, expectedScore, type Vote } from './elo.js';
export { type AverageState, type RoundComposite, updateAverages } from './ema.js';
export { ScoringErrors } from './errors.js';
export { type GroupableScore, type GroupSummary, groupScores, mean } from './groups.js';
export { janusBenchmarkResults } from './janus-benchmarks.js';
export {
  chunkTps,
  continuity,
  lowerIsBetter,
  normalizeTps,
  normalizeTtft,
  scoreCost,
  scoreSpeed,
  scoreStreaming,
} from './janus-formulas.js';
export { type Grade, ScoringMemo } from './memo.js';
export {
  advancePool,
  type Claim,
  type Component,
  emptyPool,
  type Payout,
  type PoolConfig,
  type PoolLogEntry,
  type PoolResult,
  type PoolState,
  type PoolStep,
  poolBalance,
  splitPayout,
  type Transfer,
} from './pool.js';
export { EVALUATOR_FOR, PROFILES, SCORING_VERSION, SCORING_VERSIONS, scoreTask } from './profile.js';
export { type BenchReport, buildReport, type ReportInput } from './report.js';
export { rodeoStreaming } from './rodeo-v1.js';
export { scoreMeasurements } from './score-measurements.js';
export { type StreamMetrics, streamMetrics } from './stream-metrics.js';
export type { DimensionScores, ProfileName, RunScores, TaskEvaluation, TaskScore } from './types.js';
export { type Scored, type WeightPolicy, weightVector } from './weights-policy.js';
