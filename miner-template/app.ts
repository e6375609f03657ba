import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import {
  isRodeoError,
  type Logger,
  type MinerConfig,
  type RodeoError,
  silentLogger,
} from '../config/index.js';
import { canonicalManifest, loadTokenizer, manifestSha256, type Tokenizer } from '../protocol/index.js';
import { verifyEpistula } from './auth/epistula.js';
import { NonceCache } from './auth/nonce-cache.js';
import { ownHotkey } from './auth/own-hotkey.js';
import { DefaultEngine } from './engine/engine.js';
import { DefaultRouter } from './engine/router.js';
import { OpenAIUpstream } from './engine/upstream.js';
import { MinerErrors } from './errors.js';
import { handleChat } from './http/chat-route.js';
import { toOpenAIError } from './http/openai-errors.js';
import { buildManifest } from './manifest.js';
import { PlatformTools } from './tools/platform.js';
import type { Engine, Router, Upstream } from './types.js';

/** Replaceable parts; anything not given is built from the config. */
export interface MinerDeps {
  logger?: Logger;
  /** Replaces the whole engine (router, search, upstream). */
  engine?: Engine;
  upstream?: Upstream;
  router?: Router;
  tools?: PlatformTools;
  /** Extra validator check for auth, e.g. a validator permit in the metagraph (miner.auth.validatorHotkeys also pass). */
  isValidator?: (hotkey: string) => boolean | Promise<boolean>;
  /**
   * The address of the wallet hotkey this miner serves with (walletHotkey()): with auth on, requests must be
   * signed for it unless miner.auth.hotkey names it; miner.submission.hotkey is the last resort.
   */
  hotkey?: string;
}

/** Turns fastify's own errors (body parsing, limits, media type) into miner errors. */
function fromFastifyError(err: FastifyError, req: { headers: Record<string, unknown> }, limit: number) {
  if (isRodeoError(err)) return err as RodeoError;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return MinerErrors.BODY_TOO_LARGE(limit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return MinerErrors.UNSUPPORTED_MEDIA_TYPE(String(req.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return MinerErrors.INVALID_JSON('the body is empty');
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return MinerErrors.INVALID_REQUEST('', err.message);
  }
  return err;
}

export type MinerApp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

/**
 * The miner's HTTP app (not listening): POST /v1/chat/completions, GET /v1/models, GET /health and
 * GET /v1/submission. Errors are OpenAI error objects; see README.md for every setting.
 */
export function createMinerApp(config: MinerConfig, deps: MinerDeps = {}): MinerApp {
  const logger = deps.logger ?? silentLogger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
  });
  const ownUpstream = deps.engine || deps.upstream ? undefined : new OpenAIUpstream(config.upstream, logger);
  const defaultEngine = () => {
    const upstream = deps.upstream ?? ownUpstream!;
    return new DefaultEngine(config, {
      upstream,
      router: deps.router ?? new DefaultRouter(config, upstream, logger),
      tools: deps.tools ?? new PlatformTools(config.tools),
      logger,
    });
  };
  const engine = deps.engine ?? defaultEngine();

  let encoder: Tokenizer | undefined;
  app.addHook('onReady', async () => {
    encoder = await loadTokenizer(config.pricing.tokenizer);
    if (config.auth.enabled) await cryptoWaitReady();
  });
  app.addHook('onClose', async () => {
    await ownUpstream?.close();
  });

  const rawBodies = new WeakMap<IncomingMessage, Buffer>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    rawBodies.set(req.raw, body as Buffer);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch (err) {
      done(MinerErrors.INVALID_JSON((err as Error).message) as unknown as FastifyError, undefined);
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toOpenAIError(fromFastifyError(err, req, config.bodyLimitBytes));
    if (status >= 500) logger.error({ err }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = toOpenAIError(MinerErrors.NOT_FOUND(req.method, req.url));
    return reply.status(status).send(body);
  });

  const startedAt = Date.now();
  app.get('/health', async () => ({
    status: 'ok',
    model: config.modelId,
    upstream: { baseUrl: config.upstream.baseUrl, model: config.upstream.model },
    uptime_s: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.get('/v1/models', async () => ({
    object: 'list',
    data: [
      { id: config.modelId, object: 'model', created: Math.floor(startedAt / 1000), owned_by: 'rodeo-miner' },
    ],
  }));

  let manifest: { text: string; sha256: string } | undefined;
  let manifestProblem = '';
  try {
    const m = buildManifest(config.submission);
    manifest = { text: canonicalManifest(m), sha256: manifestSha256(m) };
  } catch (err) {
    manifestProblem = (err as Error).message;
  }
  app.get('/v1/submission', async (_req, reply) => {
    if (!manifest) throw MinerErrors.NO_MANIFEST(manifestProblem);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('x-manifest-sha256', manifest.sha256)
      .send(manifest.text);
  });

  const auth = config.auth;
  const allowed = new Set(auth.validatorHotkeys);
  if (auth.enabled && allowed.size === 0 && !deps.isValidator) throw MinerErrors.AUTH_NO_VALIDATORS();
  const own = auth.enabled
    ? ownHotkey({ configured: auth.hotkey, wallet: deps.hotkey, submission: config.submission.hotkey })
    : undefined;
  if (auth.enabled && !own) throw MinerErrors.AUTH_NO_HOTKEY();
  if (own)
    logger.info({ hotkey: own.hotkey, from: own.from }, 'Epistula: requests must be signed for this hotkey');
  const nonces = new NonceCache(2 * auth.maxSkewMs);
  const isAllowed = async (hotkey: string) =>
    allowed.has(hotkey) || ((await deps.isValidator?.(hotkey)) ?? false);

  const ctx = { config, engine, logger, tokenizer: () => encoder! };
  app.post(
    '/v1/chat/completions',
    {
      preHandler: own
        ? async (req) => {
            await verifyEpistula(req.headers, rawBodies.get(req.raw) ?? Buffer.alloc(0), {
              now: Date.now(),
              maxSkewMs: auth.maxSkewMs,
              signedFor: own.hotkey,
              isAllowed,
              nonces,
            });
          }
        : [],
    },
    (req, reply) => handleChat(ctx, req, reply),
  );
  return app;
}
