export { answersCorrectly } from './answer-plan.js';
export { type SimulatorProcess, sendTasks, spawnSimulator } from './child.js';
export { SimulatorErrors } from './errors.js';
export {
  type Range,
  SIM_PROFILES,
  type SimProfile,
  type SimProfileName,
  type SimStream,
} from './profiles.js';
export { SIMULATION_NOTICE, type Simulator, type SimulatorOptions, startSimulator } from './server.js';
export { type IndexedTask, roundDifficulties, TaskIndex } from './task-index.js';
