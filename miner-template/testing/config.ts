import { type ConfigInput, ConfigSchema, type MinerConfig } from '../../config/index.js';

/** A miner config from partial settings on top of the defaults (tests, perf, simulated miners). */
export function minerConfig(input: NonNullable<ConfigInput['miner']> = {}): MinerConfig {
  return ConfigSchema.parse({ miner: input }).miner;
}
