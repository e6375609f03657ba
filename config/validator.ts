import { z } from 'zod';
import { port, positiveMs, secret } from './fields.js';

const positiveInt = (fallback: number, description: string) =>
  z.number().int().positive().default(fallback).describe(description);

const ArenaSchema = z
  .object({
    enabled: z.boolean().default(true).describe('offer the arena (A/B battles between eligible miners)'),
    model: z.string().min(1).default('janus').describe('`model` sent to miners in arena requests'),
    maxPromptChars: positiveInt(2000, 'longest arena prompt accepted'),
    maxTokens: positiveInt(512, '`max_tokens` sent to miners in arena requests'),
    timeoutMs: positiveMs(60_000, 'deadline for one miner answer in the arena'),
    maxAnswerChars: positiveInt(16_000, 'answer text kept per miner; the rest is cut'),
    maxResponseBytes: positiveInt(1_048_576, 'bytes read from one miner response'),
    votesPerHour: positiveInt(50, 'votes one client may cast per hour'),
    battlesPerHour: positiveInt(100, 'battles one client may start per hour'),
    minViewMs: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe('time a battle must be on screen before its vote counts'),
    battleTtlMs: positiveMs(900_000, 'how long an unvoted battle is kept'),
    maxOpenBattles: positiveInt(64, 'battles kept at once across all clients'),
  })
  .strict();

export const ValidatorSchema = z
  .object({
    dataDir: z.string().min(1).default('./data').describe('where the ledger and state live'),
    api: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('validator HTTP API address'),
        port: port(8090, 'validator HTTP API port'),
        adminToken: secret(
          'bearer token for /api/admin/* (pause, resume, disqualify); unset: admin actions are refused',
        ),
        trustProxy: z
          .boolean()
          .default(false)
          .describe('take the client address from X-Forwarded-For (only behind your own reverse proxy)'),
        keepAliveMs: positiveMs(15_000, 'keep-alive comment interval on /api/events and arena streams'),
        arena: ArenaSchema.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();
