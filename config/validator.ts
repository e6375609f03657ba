import { z } from 'zod';
import { port } from './fields.js';

export const ValidatorSchema = z
  .object({
    dataDir: z.string().min(1).default('./data').describe('where the ledger and state live'),
    api: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('validator HTTP API address'),
        port: port(8090, 'validator HTTP API port'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
