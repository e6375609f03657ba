import { z } from 'zod';
import { port } from './fields.js';

export const DevnetSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1').describe('address the devnet chain listens on'),
    port: port(9944, 'devnet chain WebSocket port (0 = any free port)'),
    blockTimeMs: z
      .number()
      .int()
      .min(0)
      .default(500)
      .describe(
        'block production interval in ms; 0 = blocks only on demand (rodeo chain devnet and tests; rodeo devnet needs 50 or more)',
      ),
    drandPeriodSeconds: z
      .number()
      .int()
      .min(1)
      .max(12)
      .default(12)
      .describe(
        "seconds between rounds of the devnet's own drand beacon, in devnet time (12 s a block, whatever the real interval): 12 = one pulse a block, 3 = quicknet's four; each pulse costs a BLS signature (a few ms)",
      ),
    mainnetDefaults: z
      .boolean()
      .default(false)
      .describe(
        'rodeo devnet runs the subnet with mainnet defaults instead of its fast settings: commit-reveal on at version 4, reveal 1 epoch after the commit, the 10-block admin freeze window, the weights rate limit (100 of 360 blocks, scaled to the tempo), the stateful epoch scheduler, rounds aligned to epochs (tempo = --round-blocks, at least 20)',
      ),
    validators: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'validators rodeo devnet runs on its subnet, each with its own hotkey, stake, ledger, API and secret round seeds (validator 1 is the pool payer); with 2 or more its summary prints their consensus',
      ),
  })
  .strict();
