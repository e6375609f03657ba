import { z } from 'zod';
import { DIMENSIONS } from '../config/index.js';

/** Our task categories: the seed's use cases plus the non-functional ones. */
export const CATEGORIES = [
  'chat',
  'reasoning',
  'knowledge',
  'research',
  'coding',
  'tool_use',
  'multimodal_input',
  'multimodal_output',
  'streaming',
  'cost',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** janus-bench public JSONL categories and what they mean here. */
const JANUS_CATEGORY: Record<string, Category> = {
  chat: 'chat',
  research: 'research',
  deep_research: 'research',
  code: 'coding',
  multimodal: 'multimodal_input',
  agentic: 'tool_use',
  tool_use: 'tool_use',
};

export type Dimension = (typeof DIMENSIONS)[number];

const ContentPartSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string() }).passthrough(),
  z
    .object({
      type: z.literal('image_url'),
      image_url: z
        .object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() })
        .passthrough(),
    })
    .passthrough(),
  z
    .object({
      type: z.literal('file'),
      file: z
        .object({
          name: z.string().optional(),
          mime_type: z.string().optional(),
          content: z.string(),
          size: z.number().optional(),
        })
        .passthrough(),
    })
    .passthrough(),
]);

export const MessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
    content: z.union([z.string(), z.array(ContentPartSchema), z.null()]),
    name: z.string().optional(),
    tool_calls: z.array(z.unknown()).optional(),
    tool_call_id: z.string().optional(),
  })
  .passthrough();
export type Message = z.infer<typeof MessageSchema>;

export const ToolDefSchema = z
  .object({
    type: z.literal('function'),
    function: z
      .object({
        name: z.string().min(1),
        description: z.string().optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type ToolDef = z.infer<typeof ToolDefSchema>;

const Json = z.record(z.string(), z.unknown());

/**
 * A task as written in a suite file: a superset of a janus-bench public JSONL line
 * (`id, category, input.messages, expected, available_tools, tool_use_task_type, expected_call, ...`).
 * Parsing normalizes it into a `Task`.
 */
export const TaskInputSchema = z
  .object({
    id: z.string().min(1),
    suite: z.string().optional(),
    category: z.string().min(1),
    /** Evaluator key; janus lines carry it as expected.type / tool_use_task_type. */
    type: z.string().min(1).optional(),
    benchmark: z.string().min(1).optional(),
    difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
    dimensions: z.array(z.enum(DIMENSIONS)).min(1).optional(),
    input: z.object({ messages: z.array(MessageSchema).min(1) }).passthrough(),
    expected: Json.optional(),
    evaluation: Json.optional(),
    available_tools: z.array(ToolDefSchema).optional(),
    tools: z.array(ToolDefSchema).optional(),
    tool_choice: z.unknown().optional(),
    tool_use_task_type: z.string().optional(),
    response_format: Json.optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    generation_flags: Json.optional(),
    metadata: Json.optional(),
  })
  .passthrough();
export type TaskInput = z.input<typeof TaskInputSchema>;

export interface Task {
  id: string;
  suite: string | undefined;
  category: Category;
  /** Which evaluator grades it (e.g. 'text', 'exact', 'numeric', 'code', 'function_calling', 'image_generation'). */
  type: string;
  /** janus benchmark name or `public_<category>`: the unit of --benchmark and subset sampling. */
  benchmark: string;
  difficulty: 'easy' | 'medium' | 'hard';
  dimensions: Dimension[];
  messages: Message[];
  tools: ToolDef[] | undefined;
  toolChoice: unknown;
  responseFormat: Record<string, unknown> | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  generationFlags: Record<string, unknown> | undefined;
  /** Evaluator-specific answer key (janus `expected` plus top-level keys such as expected_call). */
  expected: Record<string, unknown>;
  /** janus-style streaming targets (ttft_target_ms, min_tokens, tps_target, continuity_target, ...). */
  evaluation: Record<string, unknown> | undefined;
  metadata: Record<string, unknown>;
}

const KNOWN_KEYS = new Set(Object.keys(TaskInputSchema.shape));

function defaultType(category: Category, input: z.infer<typeof TaskInputSchema>): string {
  if (input.tool_use_task_type) return input.tool_use_task_type;
  const t = input.expected?.type;
  if (t === 'code') return 'code';
  // janus-bench scores a tool task without a sub-type as unknown (0): keep its generic name.
  if (category === 'tool_use') return 'tool_use';
  if (category === 'research') return 'research';
  if (category === 'coding') return 'code';
  return typeof t === 'string' ? t : 'text';
}

function defaultDimensions(category: Category): Dimension[] {
  const base: Dimension[] = ['quality', 'speed', 'cost', 'streaming'];
  return category === 'multimodal_input' || category === 'multimodal_output' ? [...base, 'multimodal'] : base;
}

/** Turns a parsed suite line into a Task; janus-only keys at the top level join `expected`. */
export function normalizeTask(input: z.infer<typeof TaskInputSchema>): Task {
  const category = (CATEGORIES as readonly string[]).includes(input.category)
    ? (input.category as Category)
    : JANUS_CATEGORY[input.category];
  if (!category) {
    throw new Error(
      `task ${input.id}: unknown category "${input.category}"; allowed: ${[...CATEGORIES, ...Object.keys(JANUS_CATEGORY)].join(', ')}`,
    );
  }
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!KNOWN_KEYS.has(k)) extra[k] = v;
  return {
    id: input.id,
    suite: input.suite,
    category,
    type: input.type ?? defaultType(category, input),
    benchmark: input.benchmark ?? `public_${input.category}`,
    difficulty: input.difficulty ?? 'medium',
    dimensions: input.dimensions ?? defaultDimensions(category),
    messages: input.input.messages,
    tools: input.tools ?? input.available_tools,
    toolChoice: input.tool_choice,
    responseFormat: input.response_format,
    temperature: input.temperature,
    maxTokens: input.max_tokens,
    generationFlags: input.generation_flags,
    expected: { ...extra, ...(input.expected ?? {}) },
    evaluation: input.evaluation,
    metadata: input.metadata ?? {},
  };
}

export const TaskSchema = TaskInputSchema.transform(normalizeTask);

/** The first user message's text (janus-bench's `prompt`). */
export function promptText(task: Pick<Task, 'messages'>): string {
  const user = task.messages.find((m) => m.role === 'user');
  if (!user || user.content === null) return '';
  if (typeof user.content === 'string') return user.content;
  return user.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

/** The OpenAI chat request body a task sends (stream forced on). */
export function taskToRequestBody(
  task: Task,
  model: string,
  options: { includeUsage: boolean },
): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: task.messages, stream: true };
  if (options.includeUsage) body.stream_options = { include_usage: true };
  if (task.tools?.length) {
    body.tools = task.tools;
    body.tool_choice = task.toolChoice ?? 'auto';
  }
  if (task.responseFormat) body.response_format = task.responseFormat;
  if (task.temperature !== undefined) body.temperature = task.temperature;
  if (task.maxTokens !== undefined) body.max_tokens = task.maxTokens;
  if (task.generationFlags) body.generation_flags = task.generationFlags;
  return body;
}
