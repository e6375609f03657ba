import type { Answer } from '../answer.js';
import type { Evidence } from '../evidence.js';
import type { Task } from '../task.js';
import { evaluateJanus } from './janus/index.js';
import { evaluateRodeo } from './rodeo/index.js';
import type { Evaluation, Profile } from './types.js';

/**
 * Grades one answer. Pure (no I/O, clock or randomness): code runs and judge verdicts come in `evidence`.
 * 'janus' reproduces janus-bench's per-task scorers; 'rodeo' is our stricter grading.
 */
export function evaluate(
  task: Task,
  answer: Answer,
  evidence: Evidence | undefined,
  profile: Profile,
): Evaluation {
  return profile === 'janus' ? evaluateJanus(task, answer, evidence) : evaluateRodeo(task, answer, evidence);
}

export type { Evaluation, Profile } from './types.js';
