export type { TextCut } from './capped-text.js';
export { type DeadlineConfig, type Deadlines, taskDeadlines } from './deadlines.js';
export { BenchErrors } from './errors.js';
export { Limiter } from './limiter.js';
export { chatCompletionsUrl, type MeasureLimits, type MeasureRequest, measure } from './measure.js';
export {
  type BenchResults,
  type BenchRunOptions,
  type BenchTarget,
  failedMeasurement,
  runBench,
} from './run.js';
export { type StreamLimits, StreamReader } from './stream-reader.js';
export type { EventKind, EventLog, Measurement, MeasurementError } from './types.js';
