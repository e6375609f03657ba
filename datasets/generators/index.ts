import { createHash } from 'node:crypto';
import type { Line } from '../authoring/build.js';
import { DatasetErrors } from '../errors.js';
import { createRng, type Rng } from '../prng.js';
import { normalizeTask, type Task, TaskInputSchema } from '../task.js';
import { codeGen } from './code.js';
import { imageOutput, imageQuestion } from './images.js';
import { arithmetic, wordProblem } from './math.js';
import { researchGen, structuredGen } from './structured.js';
import { toolGen } from './tools.js';

const GENERATORS: Record<string, (rng: Rng, id: string) => Line> = {
  arithmetic,
  word_problem: wordProblem,
  code: codeGen,
  tool_call: toolGen,
  image_question: imageQuestion,
  image_output: imageOutput,
  structured_output: structuredGen,
  research: researchGen,
};

/** The private generators, in the round-robin order tasks are drawn in. */
export const PRIVATE_KINDS = Object.keys(GENERATORS);

/**
 * The private/rotating tasks of a round: task i is drawn by generator PRIVATE_KINDS[i % kinds] from the
 * PRNG seeded with `${seed}:${i}`, so the same seed gives byte-identical tasks on every machine and a
 * prefix of a longer draw equals a shorter draw.
 */
export function generatePrivateTasks(seed: string, n: number): Task[] {
  if (!Number.isInteger(n) || n < 1) throw DatasetErrors.BAD_SAMPLE(`n ${n} (expected a positive integer)`);
  const tag = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const kind = PRIVATE_KINDS[i % PRIVATE_KINDS.length]!;
    const raw = GENERATORS[kind]!(createRng(`${seed}:${i}`), `rot-${tag}-${String(i).padStart(4, '0')}`);
    const input = {
      ...raw,
      suite: 'private/rotating',
      benchmark: `private_${raw.category}`,
      metadata: { generator: kind, seed, index: i },
    };
    tasks.push(normalizeTask(TaskInputSchema.parse(input)));
  }
  return tasks;
}
