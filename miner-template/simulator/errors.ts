import { defineErrors } from '../../config/index.js';

export const SimulatorErrors = defineErrors('SIM', {
  UNKNOWN_PROFILE: {
    message: (name: string, known: string) => `no simulation profile "${name}" (served: ${known})`,
    hint: 'pass the profile in startSimulator({ profiles }) or use one of SIM_PROFILES',
  },
  DUPLICATE_PROFILE: {
    message: (name: string) => `simulation profile "${name}" is given twice`,
    hint: 'give each profile once; a copycat is its own profile with drawsAs set',
  },
  BAD_ROUNDS: {
    message: (rounds: number) => `the task index keeps ${rounds} rounds; expected a positive integer`,
  },
  BAD_TASKS: {
    message: (problem: string) => `POST /tasks: ${problem}`,
    hint: 'send {"tasks": [Task, ...]} with the normalized tasks of one round (datasets Task objects)',
  },
});
