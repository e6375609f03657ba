import { z } from 'zod';
import { httpUrl } from './fields.js';
import { MINER_DEFAULT_PORT } from './miner.js';

/** Node timers fire at once for longer delays. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A category's deadlines. First token: an absolute deadline, from send, for the first content or tool-call
 * delta; reasoning deltas and keep-alives never meet it. Total: an absolute deadline, from send, for the
 * whole stream; any bytes (keep-alives, reasoning) keep the stream alive until then.
 */
const deadline = (firstTokenMs: number, totalMs: number, what: string) =>
  z
    .object({
      firstTokenMs: z
        .number()
        .int()
        .positive()
        .max(MAX_TIMER_MS)
        .default(firstTokenMs)
        .describe(
          `${what}: ms from send to the first content or tool-call delta (reasoning deltas and keep-alives do not count)`,
        ),
      totalMs: z
        .number()
        .int()
        .positive()
        .max(MAX_TIMER_MS)
        .default(totalMs)
        .describe(
          `${what}: ms from send to the end of the stream (keep-alives and reasoning keep it alive until then)`,
        ),
    })
    .strict()
    .prefault({});

export const BenchSchema = z
  .object({
    target: httpUrl
      .default(`http://127.0.0.1:${MINER_DEFAULT_PORT}`)
      .describe(
        'base URL of the engine under test (POST {target}/v1/chat/completions); the default is where `rodeo miner serve` listens',
      ),
    model: z.string().min(1).default('janus').describe('`model` sent in every request'),
    suite: z
      .string()
      .min(1)
      .default('public/dev')
      .describe('task suite; `rodeo bench list-suites` shows them'),
    dataset: z
      .string()
      .min(1)
      .optional()
      .describe('a JSONL file in janus-bench public format, used instead of --suite'),
    benchmark: z.string().min(1).optional().describe('run only tasks of this benchmark/category'),
    subset: z
      .number()
      .min(1)
      .max(100)
      .default(100)
      .describe('percent of each benchmark to run (1-100), sampled by seed'),
    seed: z
      .union([z.number().int().nonnegative(), z.string().min(1)])
      .default(42)
      .describe('sampling seed'),
    output: z.string().min(1).optional().describe('report JSON path (default bench_results_<run_id>.json)'),
    passQuality: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        'a completed task counts as passed on quality when its quality score (0..1) is at least this; the bench summary counts them apart from the tasks completed',
      ),
    deadlines: z
      .object({
        chat: deadline(30_000, 120_000, 'chat and instruction following'),
        reasoning: deadline(180_000, 300_000, 'multi-step reasoning (models think before they answer)'),
        knowledge: deadline(60_000, 120_000, 'knowledge questions'),
        research: deadline(
          240_000,
          300_000,
          'research and deep research (janus `research`, `deep_research`)',
        ),
        coding: deadline(120_000, 300_000, 'coding'),
        tool_use: deadline(240_000, 300_000, 'tool use and agentic tasks (janus `agentic`)'),
        multimodal_input: deadline(60_000, 180_000, 'image and file understanding'),
        multimodal_output: deadline(240_000, 300_000, 'generating images, audio or files'),
        streaming: deadline(15_000, 180_000, 'streaming tasks (TTFT and throughput are scored besides)'),
        cost: deadline(60_000, 180_000, 'cost-bounded answers'),
      })
      .strict()
      .prefault({})
      .describe(
        "each task category's deadlines; a task's own janus `expected.max_latency_ms` replaces its total deadline",
      ),
    ttftTimeoutMs: z
      .number()
      .int()
      .positive()
      .max(MAX_TIMER_MS)
      .optional()
      .describe(
        'one first-token deadline forced on every task instead of bench.deadlines (for local benches and tests; unset = per task)',
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .positive()
      .max(MAX_TIMER_MS)
      .optional()
      .describe(
        "one total deadline forced on every task instead of bench.deadlines and the task's max_latency_ms (unset = per task)",
      ),
    maxResponseBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024)
      .describe('cap on one response body in bytes'),
    maxLineBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe('cap on one SSE line in bytes'),
    maxEvents: z.number().int().positive().default(100_000).describe('cap on SSE events in one response'),
    maxStoredChars: z
      .number()
      .int()
      .positive()
      .default(200_000)
      .describe(
        'characters stored of one answer (content, reasoning and tool calls together); the rest is hashed, not stored or graded',
      ),
    maxJsonDepth: z
      .number()
      .int()
      .positive()
      .max(1000)
      .default(64)
      .describe(
        'deepest JSON nesting accepted in a data: line or tool-call arguments; deeper fails the task',
      ),
    maxToolCalls: z.number().int().positive().default(64).describe('tool calls accepted in one response'),
    includeUsage: z
      .boolean()
      .default(true)
      .describe('send stream_options.include_usage (janus-bench does not)'),
    reader: z
      .enum(['worker', 'undici'])
      .default('worker')
      .describe(
        'how streams are read: `worker` = raw sockets on a worker thread that only stamps reads (plain http: targets; https: and unpinned connections use undici), `undici` = undici on the main thread',
      ),
    concurrency: z
      .object({
        global: z.number().int().positive().default(256).describe('streams open at once across all targets'),
        perTarget: z
          .number()
          .int()
          .positive()
          .default(1)
          .describe('streams open at once per target; 1 = sequential, like janus-bench'),
      })
      .strict()
      .prefault({}),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .meta({ secret: true, description: 'extra request headers (e.g. Authorization)' }),
  })
  .strict();
