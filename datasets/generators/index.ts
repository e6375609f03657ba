import { createHash } from 'node:crypto';
import type { Line } from '../authoring/build.js';
import { DatasetErrors } from '../errors.js';
import { createRng, type Rng } from '../prng.js';
import { CATEGORIES, type Category, normalizeTask, type Task, TaskInputSchema } from '../task.js';
import { instructionGen, multiTurnGen } from './chat.js';
import { codeGen } from './code.js';
import { imageOutput, imageQuestion } from './images.js';
import { knowledgeGen } from './knowledge.js';
import { costGen, longFormGen } from './longform.js';
import { arithmetic, wordProblem } from './math.js';
import { researchGen, structuredGen } from './structured.js';
import { toolGen } from './tools.js';

type Generator = (rng: Rng, id: string) => Line;

const GENERATORS: Record<string, Generator> = {
  arithmetic,
  word_problem: wordProblem,
  code: codeGen,
  tool_call: toolGen,
  image_question: imageQuestion,
  image_output: imageOutput,
  structured_output: structuredGen,
  research: researchGen,
  instruction_following: instructionGen,
  multi_turn: multiTurnGen,
  composed_knowledge: knowledgeGen,
  long_form: longFormGen,
  cost_bounded: costGen,
};

/**
 * Bumped whenever what a seed draws changes (a generator's output, the kinds, the mix rule): a round records the
 * version it was drawn with, and replay draws with that version. 1: the round-robin over PRIVATE_KINDS (ledgers
 * without a recorded version); 2: per-category counts from a task mix, every category in every round.
 */
export const GENERATOR_VERSION = 2;
export const GENERATOR_VERSIONS = [1, 2] as const;

/** Version 1's generators, in the round-robin order its tasks are drawn in. */
export const PRIVATE_KINDS = [
  'arithmetic',
  'word_problem',
  'code',
  'tool_call',
  'image_question',
  'image_output',
  'structured_output',
  'research',
];

/** Version 2: the generators of each category (a category's tasks take them in turn from a seeded start). */
export const KINDS_BY_CATEGORY: Record<Category, readonly string[]> = {
  chat: ['instruction_following', 'multi_turn'],
  reasoning: ['arithmetic', 'word_problem'],
  knowledge: ['composed_knowledge'],
  research: ['research'],
  coding: ['code'],
  tool_use: ['tool_call'],
  multimodal_input: ['image_question'],
  multimodal_output: ['image_output', 'structured_output'],
  streaming: ['long_form'],
  cost: ['cost_bounded'],
};

/** Every generator kind of the current version. */
export const ROUND_KINDS = Object.values(KINDS_BY_CATEGORY).flat();

/** Relative weight of each category in a round (need not sum to 1; 0 or absent: never drawn). */
export type TaskMix = Partial<Record<Category, number>>;

/** Every category weighted alike (listings and tests; validators use validator.taskMix). */
export const EVEN_MIX: TaskMix = Object.fromEntries(CATEGORIES.map((c) => [c, 1]));

const tagOf = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 8);

function generate(kind: string, rng: Rng, id: string, metadata: Record<string, unknown>): Task {
  const raw = GENERATORS[kind]!(rng, id);
  return normalizeTask(
    TaskInputSchema.parse({
      ...raw,
      suite: 'private/rotating',
      benchmark: `private_${raw.category}`,
      metadata: { generator: kind, ...metadata },
    }),
  );
}

/**
 * Version 1 (ledgers recorded before task mixes): task i is drawn by generator PRIVATE_KINDS[i % kinds] from the
 * PRNG seeded with `${seed}:${i}`, so the same seed gives byte-identical tasks on every machine and a prefix of a
 * longer draw equals a shorter draw.
 */
export function generatePrivateTasks(seed: string, n: number): Task[] {
  if (!Number.isInteger(n) || n < 1) throw DatasetErrors.BAD_SAMPLE(`n ${n} (expected a positive integer)`);
  const tag = tagOf(seed);
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const kind = PRIVATE_KINDS[i % PRIVATE_KINDS.length]!;
    const id = `rot-${tag}-${String(i).padStart(4, '0')}`;
    tasks.push(generate(kind, createRng(`${seed}:${i}`), id, { seed, index: i }));
  }
  return tasks;
}

function activeWeights(mix: TaskMix): [Category, number][] {
  const out: [Category, number][] = [];
  for (const c of CATEGORIES) {
    const w = mix[c] ?? 0;
    if (!Number.isFinite(w) || w < 0) throw DatasetErrors.BAD_TASK_MIX(`${c}: weight ${w} (expected >= 0)`);
    if (w > 0) out.push([c, w]);
  }
  for (const key of Object.keys(mix))
    if (!(CATEGORIES as readonly string[]).includes(key))
      throw DatasetErrors.BAD_TASK_MIX(`unknown category "${key}" (known: ${CATEGORIES.join(', ')})`);
  if (!out.length) throw DatasetErrors.BAD_TASK_MIX('every weight is 0');
  return out;
}

/**
 * How many of n tasks each category gets. With n at least the number of weighted categories, each gets one and
 * the rest go, one at a time, to the category furthest below its share n x weight / total (ties: CATEGORIES
 * order); no randomness. With fewer tasks than categories, n distinct categories are drawn from `rng`, each
 * with probability by weight.
 */
export function mixCounts(mix: TaskMix, n: number, rng: Rng): Partial<Record<Category, number>> {
  if (!Number.isInteger(n) || n < 1) throw DatasetErrors.BAD_SAMPLE(`n ${n} (expected a positive integer)`);
  const active = activeWeights(mix);
  const counts: Partial<Record<Category, number>> = {};
  if (n < active.length) {
    const pool = [...active];
    for (let k = 0; k < n; k++) {
      const total = pool.reduce((s, [, w]) => s + w, 0);
      const r = rng.next() * total;
      let at = 0;
      for (let acc = pool[0]![1]; acc <= r && at < pool.length - 1; acc += pool[at]![1]) at++;
      counts[pool[at]![0]] = 1;
      pool.splice(at, 1);
    }
    return counts;
  }
  const total = active.reduce((s, [, w]) => s + w, 0);
  for (const [c] of active) counts[c] = 1;
  for (let left = n - active.length; left > 0; left--) {
    let best = active[0]![0];
    let bestGap = Number.NEGATIVE_INFINITY;
    for (const [c, w] of active) {
      const gap = (n * w) / total - counts[c]!;
      if (gap > bestGap + 1e-12) {
        best = c;
        bestGap = gap;
      }
    }
    counts[best] = counts[best]! + 1;
  }
  return counts;
}

export interface RoundDraw {
  /** GENERATOR_VERSIONS; 1 ignores the rest. */
  version: number;
  /** Version 2: each category's weight. */
  mix?: TaskMix;
  /** Version 2: an operator's private tasks, mixed into the draw. */
  extra?: readonly Task[];
  /** Version 2: share (0..1) of each category's tasks taken from `extra` while it has unused tasks of it. */
  extraShare?: number;
}

/** The suite name of tasks taken from an operator's private task file. */
export const PRIVATE_FILE_SUITE = 'private/file';

/**
 * The tasks of a round: everything follows from the seed and `draw`, so replay, given the same, draws the same
 * tasks. Version 2: mixCounts per category; each category's generated tasks take its kinds in turn from a
 * seeded start; up to extraShare of them are replaced by tasks of that category from `extra`, drawn without
 * replacement; then the round is shuffled and each generated task is drawn from the PRNG seeded with
 * `${seed}:v2:${position}`.
 */
export function drawRoundTasks(seed: string, n: number, draw: RoundDraw): Task[] {
  if (draw.version === 1) return generatePrivateTasks(seed, n);
  if (draw.version !== 2)
    throw DatasetErrors.UNKNOWN_GENERATOR_VERSION(draw.version, GENERATOR_VERSIONS.join(', '));
  const rng = createRng(`${seed}:v2:mix`);
  const counts = mixCounts(draw.mix ?? {}, n, rng);
  const share = Math.min(1, Math.max(0, draw.extraShare ?? 0));
  type Slot = { kind: string } | { task: Task };
  const slots: Slot[] = [];
  for (const category of CATEGORIES) {
    const count = counts[category] ?? 0;
    if (!count) continue;
    const kinds = KINDS_BY_CATEGORY[category];
    const start = rng.below(kinds.length);
    const own = (draw.extra ?? []).filter((t) => t.category === category);
    const fromFile = rng.sample(own, Math.min(own.length, Math.round(count * share)));
    for (let j = 0; j < count - fromFile.length; j++)
      slots.push({ kind: kinds[(start + j) % kinds.length]! });
    for (const task of fromFile) slots.push({ task });
  }
  const tag = tagOf(seed);
  return rng.shuffle(slots).map((slot, i) => {
    const meta = { seed, index: i, version: 2 };
    if ('task' in slot)
      return {
        ...slot.task,
        suite: PRIVATE_FILE_SUITE,
        metadata: { ...slot.task.metadata, source: PRIVATE_FILE_SUITE, ...meta },
      };
    const id = `rot-${tag}-${String(i).padStart(4, '0')}`;
    return generate(slot.kind, createRng(`${seed}:v2:${i}`), id, meta);
  });
}
