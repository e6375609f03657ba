import type { Measurement } from '../bench/index.js';
import type { Task } from '../datasets/index.js';
import { scoreTaskJanus } from './janus-compat.js';
import { scoreTaskRodeo } from './rodeo-v1.js';
import type { ProfileName, TaskEvaluation, TaskScore } from './types.js';

/**
 * Recorded with every derived score so replay runs the same formulas. Bump it whenever any formula,
 * constant or tokenizer used by a profile changes.
 */
/**
 * The version of the scoring code and of the derived records it writes; replay refuses rounds recorded with a
 * version it does not know. 2: pool events are {kind, claimId, text} (1: sentences only).
 */
export const SCORING_VERSION = 'rodeo-scoring/2';
/** Versions this node replays exactly. */
export const SCORING_VERSIONS: readonly string[] = ['rodeo-scoring/1', SCORING_VERSION];

export const PROFILES: readonly ProfileName[] = ['rodeo-v1', 'janus-compat'];

/** Which evaluator flavour (datasets' evaluate) a profile uses. */
export const EVALUATOR_FOR: Record<ProfileName, 'rodeo' | 'janus'> = {
  'rodeo-v1': 'rodeo',
  'janus-compat': 'janus',
};

export function scoreTask(
  profile: ProfileName,
  task: Task,
  m: Measurement,
  evaluation: TaskEvaluation,
  /** How to count tokens (a round's memo); default protocol's countTokens. */
  count?: (text: string) => number,
): TaskScore {
  return profile === 'janus-compat'
    ? scoreTaskJanus(task, m, evaluation, count)
    : scoreTaskRodeo(task, m, evaluation, count);
}
