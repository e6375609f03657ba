import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRodeoError } from '../config/index.js';
import { DatasetErrors } from './errors.js';
import {
  drawRoundTasks,
  EVEN_MIX,
  GENERATOR_VERSION,
  generatePrivateTasks,
  PRIVATE_KINDS,
  ROUND_KINDS,
  type RoundDraw,
} from './generators/index.js';
import { unsupportedKeywords } from './json-schema.js';
import { ReferenceSchema } from './reference.js';
import { type Category, normalizeTask, type Task, TaskInputSchema } from './task.js';

const SUITES_DIR = fileURLToPath(new URL('./suites/', import.meta.url));

/** Every task type an evaluator grades (Task.type). */
export const TASK_TYPES = [
  'text',
  'exact',
  'numeric',
  'choice',
  'research',
  'code',
  'function_calling',
  'tool_selection',
  'tool_chaining',
  'code_execution',
  'image_generation',
  'structured_output',
  'file_output',
  'modality_routing',
  'short_response',
  'long_response',
  'reasoning_response',
  'concise_response',
  'efficient_explanation',
  'minimal_tools',
  'direct_answer',
] as const;

export interface SuiteInfo {
  name: string;
  description: string;
  /** 'files': committed JSONL; 'generated': drawn from a seed at run time. */
  kind: 'files' | 'generated';
  /** Task count, or 'generated' (as many as asked for, per seed). */
  tasks: number | 'generated';
  categories: Partial<Record<Category, number>>;
}

const FILE_SUITES: Record<string, string> = {
  'public/train': 'visible practice tasks written by the Rodeo team, every category of the seed',
  'public/dev': 'visible development tasks written by the Rodeo team, every category of the seed',
};
export const PRIVATE_SUITE = 'private/rotating';

function countCategories(tasks: Task[]): Partial<Record<Category, number>> {
  const out: Partial<Record<Category, number>> = {};
  for (const t of tasks) out[t.category] = (out[t.category] ?? 0) + 1;
  return out;
}

export function listSuites(): SuiteInfo[] {
  const files = Object.entries(FILE_SUITES).map(([name, description]) => {
    const tasks = loadSuite(name);
    return {
      name,
      description,
      kind: 'files' as const,
      tasks: tasks.length,
      categories: countCategories(tasks),
    };
  });
  return [
    ...files,
    {
      name: PRIVATE_SUITE,
      description: `tasks generated from a seed (a validator's round seed) per round: ${ROUND_KINDS.join(', ')}`,
      kind: 'generated',
      tasks: 'generated',
      categories: {},
    },
  ];
}

export interface LoadOptions {
  /** private/rotating: the round's seed (any string; validators pass a block hash). */
  seed?: string;
  /** private/rotating: how many tasks. */
  n?: number;
  /** private/rotating: the generator version and task mix (validators record theirs); unset: version 1. */
  draw?: RoundDraw;
}

export interface BenchmarkInfo {
  name: string;
  description: string;
  /** Tasks in the committed suites, or 'generated' for private ones. */
  tasks: number | 'generated';
  suites: string[];
}

const JANUS_BENCHMARKS: Record<string, string> = {
  janus_research: 'janus-bench research tasks (key facts, optional LLM judge)',
  janus_tool_use: 'janus-bench tool use: function calling, selection, chaining, code execution',
  janus_multimodal: 'janus-bench multimodal: image generation, understanding, mixed media, routing',
  janus_streaming: 'janus-bench streaming: short, long and reasoning responses',
  janus_cost: 'janus-bench cost efficiency: concise, efficient, minimal tools, direct answers',
};

/**
 * Benchmarks a run can be narrowed to (--benchmark): ours, one per category and suite family
 * (public_<category>, private_<category>), and janus-bench's names for tasks from their files.
 */
export function listBenchmarks(): BenchmarkInfo[] {
  const found = new Map<string, { types: Set<string>; suites: Set<string>; count: number }>();
  const add = (t: Task, suite: string) => {
    const entry = found.get(t.benchmark) ?? { types: new Set(), suites: new Set(), count: 0 };
    entry.types.add(t.type);
    entry.suites.add(suite);
    if (suite !== PRIVATE_SUITE) entry.count++;
    found.set(t.benchmark, entry);
  };
  for (const name of Object.keys(FILE_SUITES)) for (const t of loadSuite(name)) add(t, name);
  const draw = { version: GENERATOR_VERSION, mix: EVEN_MIX };
  for (const t of drawRoundTasks('list-benchmarks', 4 * ROUND_KINDS.length, draw)) add(t, PRIVATE_SUITE);
  for (const t of generatePrivateTasks('list-benchmarks', PRIVATE_KINDS.length)) add(t, PRIVATE_SUITE);
  return [
    ...[...found].map(([name, e]) => ({
      name,
      description: `task types: ${[...e.types].sort().join(', ')}`,
      tasks: e.count || ('generated' as const),
      suites: [...e.suites],
    })),
    ...Object.entries(JANUS_BENCHMARKS).map(([name, description]) => ({
      name,
      description,
      tasks: 0,
      suites: ['janus-bench files (--dataset)'],
    })),
  ];
}

/** Loads a suite by name: public/train, public/dev (committed files) or private/rotating (generated from opts.seed). */
export function loadSuite(name: string, opts: LoadOptions = {}): Task[] {
  if (name === PRIVATE_SUITE) {
    if (opts.seed === undefined) throw DatasetErrors.BAD_SEED(name);
    const n = opts.n ?? 100;
    return opts.draw ? drawRoundTasks(opts.seed, n, opts.draw) : generatePrivateTasks(opts.seed, n);
  }
  if (!(name in FILE_SUITES))
    throw DatasetErrors.UNKNOWN_SUITE(name, [...Object.keys(FILE_SUITES), PRIVATE_SUITE].join(', '));
  const dir = join(SUITES_DIR, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const seen = new Map<string, string>();
  const tasks: Task[] = [];
  for (const f of files)
    tasks.push(
      ...parseJsonl(readFileSync(join(dir, f), 'utf8'), `${name}/${f}`, { ours: true, seen, suite: name }),
    );
  return tasks;
}

/** Loads any janus-bench public JSONL file (or a file of our own format). */
export function loadJsonlFile(path: string): Task[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw DatasetErrors.FILE_UNREADABLE(path, (err as Error).message);
  }
  return parseJsonl(text, path, { ours: false, seen: new Map(), suite: basename(path) });
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(line)';
}

/** Checks only our own suites must pass: a reference answer, a known type, schemas our validator implements. */
function checkOurs(task: Task, where: string): void {
  const ref = ReferenceSchema.safeParse(task.expected.reference);
  if (!ref.success) {
    throw DatasetErrors.BAD_LINE(
      where,
      `field expected.reference: ${ref.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ')}`,
    );
  }
  if (!(TASK_TYPES as readonly string[]).includes(task.type)) {
    throw DatasetErrors.BAD_LINE(
      where,
      `field type: unknown task type "${task.type}"; known: ${TASK_TYPES.join(', ')}`,
    );
  }
  const schemas = [task.expected.schema, ...(task.tools ?? []).map((t) => t.function.parameters)];
  for (const schema of schemas) {
    const bad = unsupportedKeywords(schema);
    if (bad.length)
      throw DatasetErrors.BAD_LINE(
        where,
        `JSON Schema keywords not supported by our validator: ${bad.join(', ')}`,
      );
  }
}

/** Parses JSONL text; an error names the file, line and field. */
export function parseJsonl(
  text: string,
  source: string,
  opts: { ours: boolean; seen: Map<string, string>; suite: string },
): Task[] {
  const tasks: Task[] = [];
  text.split('\n').forEach((raw, i) => {
    const where = `${source}:${i + 1}`;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw DatasetErrors.BAD_LINE(where, `invalid JSON: ${(err as Error).message}`);
    }
    const parsed = TaskInputSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw DatasetErrors.BAD_LINE(where, `field ${fieldPath(issue.path)}: ${issue.message}`);
    }
    let task: Task;
    try {
      task = normalizeTask({ suite: opts.suite, ...parsed.data });
    } catch (err) {
      if (isRodeoError(err)) throw err;
      throw DatasetErrors.BAD_LINE(where, `field category: ${(err as Error).message}`);
    }
    if (opts.ours) checkOurs(task, where);
    const first = opts.seen.get(task.id);
    if (first) throw DatasetErrors.DUPLICATE_ID(where, task.id, first);
    opts.seen.set(task.id, where);
    tasks.push(task);
  });
  return tasks;
}
