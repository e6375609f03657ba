export { aggregate } from './aggregate.js';
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
export { type StreamMetrics, streamMetrics } from './metrics.js';
export { EVALUATOR_FOR, PROFILES, SCORING_VERSION, scoreTask } from './profile.js';
export { type BenchReport, buildReport, type ReportInput } from './report.js';
export { rodeoStreaming } from './rodeo-v1.js';
export { countTokens } from './tokens.js';
export type { DimensionScores, ProfileName, RunScores, TaskEvaluation, TaskScore } from './types.js';
