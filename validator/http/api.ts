import Fastify, { type FastifyError, LogController } from 'fastify';
import { type Logger, silentLogger, type ValidatorConfig } from '../../config/index.js';
import type { Arena } from '../arena/index.js';
import type { ValidatorMetrics } from '../prometheus.js';
import type { ValidatorAdmin, ValidatorView } from '../view.js';
import { registerAdmin } from './admin.js';
import { registerArena } from './arena-routes.js';
import { registerDashboard } from './dashboard.js';
import { ApiErrors } from './errors.js';
import { errorReply, parse } from './respond.js';
import { MinerParams, RoundParams } from './schemas.js';
import { openSse, type SseStream } from './sse.js';
import type { ValidatorApi } from './types.js';

export type ValidatorApiConfig = ValidatorConfig['api'];

export interface ValidatorApiOptions {
  view: ValidatorView;
  admin: ValidatorAdmin;
  metrics: ValidatorMetrics;
  /** `config.validator.api`. */
  config: ValidatorApiConfig;
  /** The arena (createArena); the API closes it when it closes. Without one the arena routes say it is off. */
  arena?: Arena;
  logger?: Logger;
}

/**
 * Which X-Forwarded-For entries count: those added by the configured proxies (read from the right), or the
 * last `proxyHops` entries; otherwise none, and the connecting address is the client. Never the left-most
 * entry as such: a client writes whatever it likes there.
 */
function proxyTrust(
  config: ValidatorApiConfig,
): string[] | ((address: string, hop: number) => boolean) | false {
  if (config.trustedProxies.length > 0) return [...config.trustedProxies];
  const hops = config.proxyHops;
  // hop 0 is the connecting socket, hop 1 the right-most X-Forwarded-For entry, and so on
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/**
 * The validator's HTTP face (not listening): read-only JSON API, Prometheus metrics, live events (SSE),
 * admin actions behind a bearer token, the arena, and the dashboard at /.
 */
export function createValidatorApi(options: ValidatorApiOptions): ValidatorApi {
  const { view, admin, metrics, config } = options;
  const logger = options.logger ?? silentLogger;
  const app: ValidatorApi = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: proxyTrust(config),
    bodyLimit: 64 * 1024,
  });
  const streams = new Set<SseStream>();

  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.end();
  });
  app.addHook('onClose', async () => options.arena?.close());
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = errorReply(err, `${req.method} ${req.routeOptions.url ?? req.url}`, logger);
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = errorReply(ApiErrors.ROUTE_NOT_FOUND(req.method, req.url), '', logger);
    return reply.status(status).send(body);
  });

  app.get('/health', async () => {
    const board = view.leaderboard();
    const paused = admin.isPaused();
    return {
      status: paused ? 'paused' : 'ok',
      round: board.round ?? null,
      block: board.block ?? null,
      updatedAt: board.updatedAt ?? null,
      paused,
    };
  });

  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.text()));

  app.get('/api/leaderboard', async () => view.leaderboard());

  app.get('/api/rounds', async () => ({ rounds: view.rounds() }));

  app.get('/api/rounds/:n', async (req) => {
    const { n } = parse(RoundParams, req.params, 'params');
    const round = view.round(n);
    if (!round) throw ApiErrors.ROUND_NOT_FOUND(n);
    return round;
  });

  app.get('/api/miners/:hotkey', async (req) => {
    const { hotkey } = parse(MinerParams, req.params, 'params');
    const miner = view.miner(hotkey);
    if (!miner) throw ApiErrors.MINER_NOT_FOUND(hotkey);
    return miner;
  });

  app.get('/api/pool', async () => view.pool());

  app.get('/api/events', async (_req, reply) => {
    const stream = openSse(reply, config.keepAliveMs, streams);
    stream.onEnd(view.subscribe((event) => stream.send(event)));
  });

  registerAdmin(app, { view, admin, token: config.adminToken, logger });
  registerArena(app, {
    arena: options.arena,
    config: config.arena,
    keepAliveMs: config.keepAliveMs,
    streams,
  });
  registerDashboard(app);
  return app;
}
