import { BenchErrors, type Measurement } from '../bench/index.js';
import { evaluate, type Task } from '../datasets/index.js';
import { ScoringErrors } from './errors.js';
import type { Grade, ScoringMemo } from './memo.js';
import { EVALUATOR_FOR, scoreTask } from './profile.js';
import type { ProfileName, TaskScore } from './types.js';

/**
 * Evaluates and scores each measurement against its task (matched by id). Pure. A grader that throws on
 * one answer fails that task (BENCH_INTERNAL, the same on replay), never the round. With a memo (one per
 * round), a text many miners sent is graded and counted once; the scores are the same.
 */
export function scoreMeasurements(
  profile: ProfileName,
  tasks: readonly Task[],
  measurements: readonly Measurement[],
  memo?: ScoringMemo,
): TaskScore[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const flavour = EVALUATOR_FOR[profile];
  return measurements.map((m) => {
    const task = byId.get(m.taskId);
    if (!task) throw ScoringErrors.UNKNOWN_TASK(m.taskId);
    const grade: Grade = memo ? memo.grade(task, m, flavour) : gradeOnce(task, m, flavour);
    let error = 'error' in grade ? grade.error : undefined;
    if ('evaluation' in grade) {
      try {
        return scoreTask(profile, task, m, grade.evaluation, memo?.countTokens);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    const failure = BenchErrors.INTERNAL('grading', error!);
    const failed: Measurement = { ...m, error: { code: failure.code, message: failure.message } };
    const evaluation = { quality: 0, details: { error: failure.message } };
    return scoreTask(profile, task, failed, evaluation, memo?.countTokens);
  });
}

function gradeOnce(task: Task, m: Measurement, flavour: 'rodeo' | 'janus'): Grade {
  try {
    return { evaluation: evaluate(task, { ...m, latencyMs: m.endUs / 1000 }, m.evidence, flavour) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
