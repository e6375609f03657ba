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
