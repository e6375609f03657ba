import { z } from 'zod';
import { secret } from './fields.js';

export const CHAIN_ENDPOINTS = {
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  test: 'wss://test.finney.opentensor.ai:443',
  local: 'ws://127.0.0.1:9944',
} as const;

export const ChainSchema = z
  .object({
    endpoint: z
      .string()
      .regex(/^(finney|test|local|wss?:\/\/\S+)$/, 'expected finney, test, local or a ws:// / wss:// URL')
      .default('finney')
      .describe('Subtensor endpoint: finney | test | local | ws(s)://host:port'),
    netuid: z.number().int().min(0).max(65535).optional().describe('subnet id'),
    wallet: z
      .object({
        name: z.string().min(1).default('default').describe('wallet name (~/.bittensor/wallets/NAME)'),
        hotkey: z
          .string()
          .min(1)
          .default('default')
          .describe('hotkey file name (wallets/NAME/hotkeys/HOTKEY)'),
        path: z.string().min(1).default('~/.bittensor/wallets').describe('wallets folder'),
        passwordFile: z
          .string()
          .min(1)
          .optional()
          .describe(
            'file holding the password of an encrypted ($NACL) coldkey; keep it mode 600 (else passwordEnv, else a prompt on a TTY)',
          ),
        passwordEnv: z
          .string()
          .regex(
            /^(?!RODEO_)[A-Za-z_][A-Za-z0-9_]*$/,
            'expected an environment variable name such as COLDKEY_PASSWORD (not RODEO_*: those are settings)',
          )
          .optional()
          .describe('name of the environment variable holding the password of an encrypted ($NACL) coldkey'),
      })
      .strict()
      .prefault({}),
    hotkeyUri: secret('hotkey as a mnemonic or //URI; overrides the wallet file'),
    coldkeyUri: secret('coldkey as a mnemonic or //URI (payouts, registration)'),
    inclusionTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .default(120_000)
      .describe(
        'how long a transaction the node accepted may wait for a block before it fails (CHAIN_TX_NOT_INCLUDED) instead of holding the validator',
      ),
    reconnect: z
      .object({
        initialDelayMs: z.number().int().positive().default(500).describe('first reconnect delay'),
        maxDelayMs: z.number().int().positive().default(30_000).describe('reconnect delay ceiling'),
        connectAttempts: z
          .number()
          .int()
          .positive()
          .default(3)
          .describe('tries of the first connection before giving up (CHAIN_UNREACHABLE)'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
