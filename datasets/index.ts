export type { Answer, ToolCall, Usage } from './answer.js';
export type { CodeCaseResult, CodeRun, Evidence, JudgeVerdict } from './evidence.js';
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
