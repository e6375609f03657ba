import { z } from 'zod';

export const LogSchema = z
  .object({
    level: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      .default('info')
      .describe('pino log level'),
    pretty: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe('pretty logs: auto = only when stderr is a terminal'),
  })
  .strict();
