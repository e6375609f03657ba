export type { Answer, ToolCall, Usage } from './answer.js';
export { DatasetErrors } from './errors.js';
export { evaluate } from './evaluate/index.js';
export type { Evaluation, Profile } from './evaluate/types.js';
export type { CodeCaseResult, CodeRun, Evidence, JudgeVerdict } from './evidence.js';
export { generatePrivateTasks, PRIVATE_KINDS } from './generators/index.js';
export { createRng, type Rng } from './prng.js';
export { answerFromReference, type Reference, ReferenceSchema, taskReference } from './reference.js';
export { type SampleOptions, sampleTasks } from './sample.js';
export {
  type LoadOptions,
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
  DIMENSION_NAMES,
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
