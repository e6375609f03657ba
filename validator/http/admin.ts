import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isRodeoError, type Logger, withCause } from '../../config/index.js';
import type { ValidatorAdmin, ValidatorView } from '../view.js';
import { ApiErrors } from './errors.js';
import { parse } from './respond.js';
import { HotkeySchema } from './schemas.js';
import type { ValidatorApi } from './types.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time token check: both sides are hashed first so their lengths leak nothing either. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const Reason = z.string().trim().min(1, 'give a reason (it is recorded in the ledger)').max(500);
const PauseBody = z.object({ reason: Reason });
const DisqualifyBody = z.object({ hotkey: HotkeySchema, reason: Reason });

/** POST /api/admin/{pause,resume,disqualify}, each behind the bearer token. */
export function registerAdmin(
  app: ValidatorApi,
  deps: { view: ValidatorView; admin: ValidatorAdmin; token: string | undefined; logger: Logger },
): void {
  const { view, admin, token, logger } = deps;
  /** The daemon's own refusals (already paused, unknown hotkey...) as 409s that keep its message and hint. */
  const act = async (action: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      if (!isRodeoError(err)) throw err;
      throw withCause(ApiErrors.ADMIN_REFUSED(action, err.message, err.hint), err);
    }
  };
  const authorize = async (req: FastifyRequest) => {
    if (token === undefined) throw ApiErrors.ADMIN_DISABLED();
    const header = req.headers.authorization;
    const match = /^Bearer\s+(.+?)\s*$/i.exec(header ?? '');
    if (!match)
      throw ApiErrors.UNAUTHORIZED(
        header ? 'the Authorization header is not "Bearer <token>"' : 'no bearer token',
      );
    if (!tokenMatches(match[1]!, token)) throw ApiErrors.UNAUTHORIZED('wrong token');
  };

  app.post('/api/admin/pause', { preHandler: authorize }, async (req) => {
    const { reason } = parse(PauseBody, req.body, 'body');
    await act('pause', () => admin.pause(reason));
    logger.info({ reason, from: req.ip }, 'validator paused through the API');
    return { paused: admin.isPaused() };
  });

  app.post('/api/admin/resume', { preHandler: authorize }, async (req) => {
    await act('resume', () => admin.resume());
    logger.info({ from: req.ip }, 'validator resumed through the API');
    return { paused: admin.isPaused() };
  });

  app.post('/api/admin/disqualify', { preHandler: authorize }, async (req) => {
    const { hotkey, reason } = parse(DisqualifyBody, req.body, 'body');
    if (!view.miner(hotkey)) throw ApiErrors.MINER_NOT_FOUND(hotkey);
    await act(`disqualify ${hotkey}`, () => admin.disqualify(hotkey, reason));
    logger.info({ hotkey, reason, from: req.ip }, 'miner disqualified through the API');
    return { disqualified: hotkey, reason };
  });
}
