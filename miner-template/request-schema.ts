import { z } from 'zod';

/**
 * The OpenAI chat completion request plus the Janus gateway extensions (reference/janus.md 3.1).
 * Objects are loose: clients send many extra fields, and those are accepted (and not forwarded).
 */

const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const ImagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const FilePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    name: z.string().optional(),
    mime_type: z.string().optional(),
    content: z.string().optional(),
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
    size: z.number().optional(),
  }),
});
const AudioPart = z.looseObject({ type: z.literal('input_audio'), input_audio: z.looseObject({}) });
const ContentPart = z.discriminatedUnion('type', [TextPart, ImagePart, FilePart, AudioPart]);
export type ContentPart = z.infer<typeof ContentPart>;

const ToolCallSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const MessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(ToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  /** Reasoning of an earlier assistant turn: accepted under either name, never sent upstream. */
  reasoning_content: z.string().nullable().optional(),
  reasoning: z.string().nullable().optional(),
  artifacts: z.array(z.unknown()).optional(),
});
export type ChatMessage = z.infer<typeof MessageSchema>;

const ToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);

const GenerationFlags = z.looseObject({
  generate_image: z.boolean().optional(),
  generate_video: z.boolean().optional(),
  generate_audio: z.boolean().optional(),
  deep_research: z.boolean().optional(),
  web_search: z.boolean().optional(),
});

export const ChatRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(MessageSchema).min(1, 'messages must contain at least one message'),
    stream: z.boolean().nullable().optional(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: z.number().int().min(1).nullable().optional(),
    max_completion_tokens: z.number().int().min(1).nullable().optional(),
    n: z.literal(1, 'only n = 1 is supported').nullable().optional(),
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    seed: z.number().int().nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    tools: z.array(ToolSchema).optional(),
    tool_choice: ToolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: z
      .looseObject({
        type: z.enum(['text', 'json_object', 'json_schema']),
        json_schema: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    user: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    // Janus gateway extensions.
    user_id: z.string().optional(),
    enable_memory: z.boolean().optional(),
    chutes_access_token: z.string().optional(),
    generation_flags: GenerationFlags.optional(),
    debug: z.boolean().optional(),
    competitor_id: z.string().optional(),
    browser_session_id: z.string().optional(),
  })
  .superRefine((req, ctx) => {
    req.messages.forEach((m, i) => {
      const empty = m.content === undefined || m.content === null;
      if (empty && !(m.role === 'assistant' && m.tool_calls?.length)) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'content'],
          message: `a ${m.role} message needs content`,
        });
      }
      if (m.role === 'tool' && !m.tool_call_id) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'tool_call_id'],
          message: 'a tool message needs tool_call_id',
        });
      }
    });
  });

export type ChatRequest = z.infer<typeof ChatRequestSchema>;

const isNumberIn = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isIntFrom = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level fields the quick check knows, each with a test its value must pass (absent fields are fine). */
const QUICK_FIELDS: Record<string, (v: unknown) => boolean> = {
  model: (v) => typeof v === 'string' && v.length > 0,
  messages: (v) => Array.isArray(v) && v.length > 0 && v.every(isQuickMessage),
  stream: (v) => v === null || typeof v === 'boolean',
  stream_options: (v) =>
    v === null ||
    (isPlainObject(v) &&
      Object.keys(v).every((k) => k === 'include_usage') &&
      (v.include_usage === undefined || typeof v.include_usage === 'boolean')),
  temperature: (v) => v === null || isNumberIn(v, 0, 2),
  top_p: (v) => v === null || isNumberIn(v, 0, 1),
  max_tokens: (v) => v === null || isIntFrom(v, 1),
  max_completion_tokens: (v) => v === null || isIntFrom(v, 1),
  n: (v) => v === null || v === 1,
  seed: (v) => v === null || isIntFrom(v, Number.MIN_SAFE_INTEGER),
  presence_penalty: (v) => v === null || isNumberIn(v, -2, 2),
  frequency_penalty: (v) => v === null || isNumberIn(v, -2, 2),
  parallel_tool_calls: (v) => typeof v === 'boolean',
  user: (v) => typeof v === 'string',
  user_id: (v) => typeof v === 'string',
  enable_memory: (v) => typeof v === 'boolean',
  chutes_access_token: (v) => typeof v === 'string',
  debug: (v) => typeof v === 'boolean',
  competitor_id: (v) => typeof v === 'string',
  browser_session_id: (v) => typeof v === 'string',
};
const QUICK_ROLES = new Set(['system', 'developer', 'user', 'assistant']);

/** A plain text message: a non-tool role, string content, optionally a string name; nothing else. */
function isQuickMessage(m: unknown): boolean {
  if (!isPlainObject(m)) return false;
  for (const k in m) if (k !== 'role' && k !== 'content' && k !== 'name') return false;
  return (
    typeof m.role === 'string' &&
    QUICK_ROLES.has(m.role) &&
    typeof m.content === 'string' &&
    (m.name === undefined || typeof m.name === 'string')
  );
}

/**
 * The common request (text messages, scalar options) checked without zod, which costs about 0.15 ms per
 * request on the first-token path of a cold 2-core host. Returns the body itself when ChatRequestSchema
 * surely accepts it and its output would equal it (only scalar fields and text messages, whose key order
 * no consumer reads), else undefined: then the schema decides and names the field at fault.
 */
export function quickChatRequest(body: unknown): ChatRequest | undefined {
  if (!isPlainObject(body) || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
  if (body.model === undefined || body.messages === undefined) return undefined;
  for (const k in body) {
    const check = Object.hasOwn(QUICK_FIELDS, k) ? QUICK_FIELDS[k] : undefined;
    if (!Object.hasOwn(body, k) || !check?.(body[k])) return undefined;
  }
  return body as ChatRequest;
}

/** Fields sent on to the upstream as they are; everything else is the miner's business. */
export const FORWARDED_FIELDS = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'user',
] as const;

/** The text of a message's content (text parts joined by newlines). */
export function messageText(m: Pick<ChatMessage, 'content'>): string {
  if (typeof m.content === 'string') return m.content;
  if (!m.content) return '';
  return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

export function hasImages(req: ChatRequest): boolean {
  return req.messages.some((m) => Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
}

/** The last user message's text: what routing looks at. */
export function lastUserText(req: ChatRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i]!;
    if (m.role === 'user') return messageText(m);
  }
  return '';
}
