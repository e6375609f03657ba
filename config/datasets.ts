import { z } from 'zod';
import { httpUrl, secret } from './fields.js';

export const DatasetsSchema = z
  .object({
    judge: z
      .object({
        url: httpUrl.optional().describe('OpenAI-compatible base URL of the optional LLM judge'),
        model: z.string().min(1).default('gpt-4o').describe('judge model'),
        apiKey: secret('judge API key'),
        timeoutMs: z.number().int().positive().default(120_000).describe('judge request timeout'),
      })
      .strict()
      .prefault({}),
    sandbox: z
      .object({
        timeoutMs: z.number().int().positive().default(10_000).describe('wall-clock limit per code run'),
        memoryMb: z.number().int().positive().default(256).describe('memory limit per code run'),
        python: z.string().min(1).default('python3').describe('python interpreter for code tasks'),
        node: z.string().min(1).default(process.execPath).describe('node binary for JavaScript code tasks'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
