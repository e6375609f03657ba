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
  NO_PROCESS: {
    message: (problem: string) => `the simulator process (localnet/simulator/main.ts) ${problem}`,
    hint: 'run it by hand to see its error: node --import tsx localnet/simulator/main.ts --port 0 --rounds 1',
  },
  BAD_TASKS: {
    message: (problem: string) => `POST /tasks: ${problem}`,
    hint: 'send {"tasks": [Task, ...]} with the normalized tasks of one round (datasets Task objects)',
  },
});
