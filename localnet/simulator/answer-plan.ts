import { createHash } from 'node:crypto';
import { type Task, taskReference } from '../../datasets/index.js';
import { cannedAnswer } from './canned.js';
import type { SimProfile } from './profiles.js';
import type { IndexedTask } from './task-index.js';
import { DONT_KNOW, type SimAnswer, wrongAnswer } from './wrong-answers.js';

/** Seed for a profile's timing of one task (a copycat times like the profile it copies). */
export const timingSeed = (profile: SimProfile, taskId: string) =>
  createHash('sha256').update(`${profile.drawsAs}:${taskId}:timing`).digest().readUInt32BE(0);

/** Whether a profile answers a task of this difficulty (see IndexedTask) with the reference. */
export const answersCorrectly = (profile: SimProfile, difficulty: number) => difficulty < profile.accuracy;

export interface AnswerPlan {
  answer: SimAnswer;
  /** true: the reference; false: a wrong or partial answer; undefined: unknown task (canned reply, or I don't know). */
  correct: boolean | undefined;
}

const SIMULATED_REASONING = 'Simulated reasoning: reading the task and working out the answer.\n';
const wrongCache = new WeakMap<Task, SimAnswer>();

/**
 * What a profile answers to a request for a task the index found (undefined: not a known task). Tool calls
 * go out only when the request offers tools; without them the reply says so.
 */
export function planAnswer(
  profile: SimProfile,
  found: IndexedTask | undefined,
  requestHasTools: boolean,
): AnswerPlan {
  // not a benchmark task (an arena prompt): a labelled canned reply in the profile's shape
  if (!found) return { answer: cannedAnswer(profile), correct: undefined };
  const ref = taskReference(found.task);
  if (!ref) return { answer: { reasoning: '', content: DONT_KNOW, toolCalls: [] }, correct: undefined };
  const { task } = found;
  const correct = answersCorrectly(profile, found.difficulty);
  let answer: SimAnswer;
  if (correct)
    answer = { reasoning: ref.reasoning ?? '', content: ref.content, toolCalls: ref.toolCalls ?? [] };
  else {
    answer = wrongCache.get(task) ?? wrongAnswer(task, ref);
    wrongCache.set(task, answer);
  }
  if (answer.toolCalls.length && !requestHasTools) {
    answer = {
      ...answer,
      content: `${answer.content}\nThis task needs tools, and the request offered none.`.trim(),
      toolCalls: [],
    };
  }
  if (profile.reasoning && !answer.reasoning) answer = { ...answer, reasoning: SIMULATED_REASONING };
  return { answer, correct };
}
