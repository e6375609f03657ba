import { defineErrors } from '../config/index.js';

export const ScoringErrors = defineErrors('SCORING', {
  UNKNOWN_TASK: {
    message: (taskId: string) => `a measurement names task ${taskId}, which is not among the round's tasks`,
    hint: 'the measurements and tasks come from different rounds or runs; score each run with its own tasks',
  },
});
