import { z } from 'zod';
import { BenchSchema } from './bench.js';
import { ChainSchema } from './chain.js';
import { DatasetsSchema } from './datasets.js';
import { DevnetSchema } from './devnet.js';
import { LogSchema } from './log.js';
import { MinerSchema } from './miner.js';
import { ScoringSchema } from './scoring.js';
import { ValidatorSchema } from './validator.js';

/** The single settings schema: every default of the node lives below this object. */
export const ConfigSchema = z
  .object({
    log: LogSchema.prefault({}),
    bench: BenchSchema.prefault({}),
    scoring: ScoringSchema.prefault({}),
    chain: ChainSchema.prefault({}),
    datasets: DatasetsSchema.prefault({}),
    miner: MinerSchema.prefault({}),
    validator: ValidatorSchema.prefault({}),
    devnet: DevnetSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type BenchConfig = Config['bench'];
export type ScoringConfig = Config['scoring'];
export type ChainConfig = Config['chain'];
export type DatasetsConfig = Config['datasets'];
export type MinerConfig = Config['miner'];
export type ValidatorConfig = Config['validator'];
export type DevnetConfig = Config['devnet'];
export type LogConfig = Config['log'];
export type Weights = ScoringConfig['weights'];
