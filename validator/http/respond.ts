import type { FastifyError } from 'fastify';
import type { z } from 'zod';
import { isRodeoError, type Logger, type RodeoError } from '../../config/index.js';
import { ArenaErrors } from '../arena/index.js';
import { ApiErrors } from './errors.js';

/** HTTP status of each coded error the API raises; any other error is a 500 (and is logged). */
const STATUS = new Map<string, number>([
  [ApiErrors.ROUTE_NOT_FOUND.code, 404],
  [ApiErrors.ROUND_NOT_FOUND.code, 404],
  [ApiErrors.MINER_NOT_FOUND.code, 404],
  [ApiErrors.INVALID_REQUEST.code, 400],
  [ApiErrors.UNAUTHORIZED.code, 401],
  [ApiErrors.ADMIN_DISABLED.code, 403],
  [ApiErrors.ADMIN_REFUSED.code, 409],
  [ApiErrors.INTERNAL.code, 500],
  [ArenaErrors.DISABLED.code, 404],
  [ArenaErrors.NOT_ENOUGH_CONTESTANTS.code, 503],
  [ArenaErrors.BUSY.code, 503],
  [ArenaErrors.RATE_LIMITED.code, 429],
  [ArenaErrors.TOO_MANY_OPEN.code, 429],
  [ArenaErrors.BATTLE_NOT_FOUND.code, 404],
  [ArenaErrors.NOT_YOUR_BATTLE.code, 403],
  [ArenaErrors.ALREADY_VOTED.code, 409],
  [ArenaErrors.TOO_EARLY.code, 409],
]);

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; hint?: string } };
}

/** Fastify's own 4xx errors (bad JSON, wrong media type, body too large) as API errors with their status. */
function fromFastify(err: FastifyError): { status: number; error: RodeoError } | undefined {
  const status = err.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  return { status, error: ApiErrors.INVALID_REQUEST(err.message) };
}

export function errorReply(err: unknown, what: string, logger: Logger): ErrorReply {
  let status = 500;
  let error: RodeoError = ApiErrors.INTERNAL(what);
  const fastify = isRodeoError(err) ? undefined : fromFastify(err as FastifyError);
  if (isRodeoError(err)) {
    error = err;
    status = STATUS.get(err.code) ?? 500;
  } else if (fastify) ({ status, error } = fastify);
  if (status >= 500) logger.error({ err }, `validator API: ${what} failed`);
  const { code, message, hint } = error;
  return { status, body: { error: { code, message, ...(hint ? { hint } : {}) } } };
}

/** Validates params/body/query; the message names each bad field as `body.hotkey: ...`. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'params'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`);
  throw ApiErrors.INVALID_REQUEST(problems.join('; '));
}
