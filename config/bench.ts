import { z } from 'zod';
import { httpUrl, positiveMs } from './fields.js';

export const BenchSchema = z
  .object({
    target: httpUrl
      .default('http://127.0.0.1:8000')
      .describe('base URL of the engine under test (POST {target}/v1/chat/completions)'),
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
    ttftTimeoutMs: positiveMs(
      5_000,
      'absolute deadline for the first content/reasoning/tool-call token; keep-alives do not extend it',
    ),
    requestTimeoutMs: positiveMs(300_000, 'absolute deadline for the whole streamed response'),
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
