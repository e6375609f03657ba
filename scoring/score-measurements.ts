import { BenchErrors, type Measurement } from '../bench/index.js';
import { evaluate, type Task } from '../datasets/index.js';
import { ScoringErrors } from './errors.js';
import { EVALUATOR_FOR, scoreTask } from './profile.js';
import type { ProfileName, TaskScore } from './types.js';

/**
 * Evaluates and scores each measurement against its task (matched by id). Pure. A grader that throws on
 * one answer fails that task (BENCH_INTERNAL, the same on replay), never the round.
 */
export function scoreMeasurements(
  profile: ProfileName,
  tasks: readonly Task[],
  measurements: readonly Measurement[],
): TaskScore[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return measurements.map((m) => {
    const task = byId.get(m.taskId);
    if (!task) throw ScoringErrors.UNKNOWN_TASK(m.taskId);
    try {
      const evaluation = evaluate(
        task,
        { ...m, latencyMs: m.endUs / 1000 },
        m.evidence,
        EVALUATOR_FOR[profile],
      );
      return scoreTask(profile, task, m, evaluation);
    } catch (err) {
      const failure = BenchErrors.INTERNAL('grading', err instanceof Error ? err.message : String(err));
      const failed: Measurement = { ...m, error: { code: failure.code, message: failure.message } };
      return scoreTask(profile, task, failed, { quality: 0, details: { error: failure.message } });
    }
  });
}
