export type { Answer, ToolCall, Usage } from './answer.js';
export { DatasetErrors } from './errors.js';
export { evaluate } from './evaluate/index.js';
export type { Evaluation, Profile } from './evaluate/types.js';
export type { CodeCaseResult, CodeRun, Evidence, JudgeVerdict } from './evidence.js';
export { type EvidenceServices, gatherEvidence, needsEvidence } from './gather.js';
export {
  drawRoundTasks,
  EVEN_MIX,
  GENERATOR_VERSION,
  GENERATOR_VERSIONS,
  generatePrivateTasks,
  KINDS_BY_CATEGORY,
  mixCounts,
  PRIVATE_FILE_SUITE,
  PRIVATE_KINDS,
  ROUND_KINDS,
  type RoundDraw,
  type TaskMix,
} from './generators/index.js';
export {
  findDataUrlImages,
  type Inspection,
  inspectImage,
  pngDataUrl,
  sniffFormat,
} from './image/inspect.js';
export { encodePngIndexed, encodePngRgba } from './image/png.js';
export type { ImageFormat, ImageInfo } from './image/types.js';
export { type JsonSchema, type SchemaError, validateSchema } from './json-schema.js';
export { askJudge, JUDGE_RUBRIC, parseVerdict } from './judge.js';
export {
  loadPrivateTaskFile,
  type PrivateTaskFile,
  PUBLIC_SUITES,
  refusePublicTasks,
} from './private-file.js';
export { createRng, type Rng } from './prng.js';
export { answerFromReference, type Reference, ReferenceSchema, taskReference } from './reference.js';
export { type ScoreSummary, type SuiteSummary, summarizeByCategory } from './report.js';
export { type SampleOptions, sampleTasks } from './sample.js';
export { describeSandbox, probeSandbox, type SandboxLimits } from './sandbox/sandbox.js';
export {
  type BenchmarkInfo,
  type LoadOptions,
  listBenchmarks,
  listSuites,
  loadJsonlFile,
  loadSuite,
  PRIVATE_SUITE,
  type SuiteInfo,
  TASK_TYPES,
} from './suites.js';
export {
  CATEGORIES,
  type Category,
  type Dimension,
  type Message,
  MessageSchema,
  normalizeTask,
  promptText,
  type Task,
  type TaskInput,
  TaskInputSchema,
  TaskSchema,
  type ToolDef,
  ToolDefSchema,
  taskToRequestBody,
} from './task.js';
