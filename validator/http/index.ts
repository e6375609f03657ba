export {
  type Arena,
  type ArenaConfig,
  type ArenaOptions,
  createArena,
  eloLadder,
  type Reveal,
} from '../arena/index.js';
export { createValidatorMetrics, type ValidatorMetrics } from '../prometheus.js';
export { createValidatorApi, type ValidatorApiConfig, type ValidatorApiOptions } from './api.js';
export { ApiErrors } from './errors.js';
export { type RunningValidatorApi, startValidatorApi } from './start.js';
export type { ValidatorApi } from './types.js';
