import { z } from 'zod';
import { httpUrl, port, secret } from './fields.js';

export const MinerSchema = z
  .object({
    host: z.string().min(1).default('0.0.0.0').describe('address the miner listens on'),
    port: port(8080, 'miner HTTP port'),
    upstream: z
      .object({
        baseUrl: httpUrl.default('https://llm.chutes.ai/v1').describe('OpenAI-compatible upstream base URL'),
        apiKey: secret('upstream API key (falls back to CHUTES_API_KEY)'),
        model: z.string().min(1).default('Qwen/Qwen3-Next-80B-A3B-Instruct').describe('upstream model'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
