import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, request } from 'undici';
import {
  isRodeoError,
  type Logger,
  type MinerConfig,
  type RodeoError,
  withCause,
} from '../../config/index.js';
import { annotate, MinerErrors } from '../errors.js';
import type { EngineEvent, Upstream, UpstreamCall } from '../types.js';
import { upstreamEvents } from './upstream-events.js';

type UpstreamConfig = MinerConfig['upstream'];

const retryable = (status: number) => status === 429 || status >= 500;

/** The error message an upstream put in its body (OpenAI `error.message`, FastAPI `detail`), else the text. */
function bodyMessage(text: string): string {
  try {
    const json = JSON.parse(text) as {
      error?: { message?: unknown } | string;
      detail?: unknown;
      message?: unknown;
    };
    const e = json.error;
    const m = typeof e === 'string' ? e : (e?.message ?? json.detail ?? json.message);
    if (m !== undefined) return (typeof m === 'string' ? m : JSON.stringify(m)).slice(0, 300);
  } catch {
    // not JSON: use the text
  }
  return text.trim().slice(0, 300);
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  try {
    return await body.text();
  } catch {
    return '';
  }
}

/** Seconds of a numeric Retry-After header, in ms. */
function retryAfterMs(headers: Dispatcher.ResponseData['headers']): number | undefined {
  const v = headers['retry-after'];
  const s = Number(Array.isArray(v) ? v[0] : v);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

/** How long a body may go on after its [DONE] before the connection is given up rather than reused. */
const DRAIN_AFTER_DONE_MS = 1000;

/**
 * After [DONE] the body's end (the chunked terminator) is usually in flight: reading it keeps the connection
 * in the pool, where destroying the body would close it (and build an abort error per request).
 */
function release(body: Dispatcher.ResponseData['body']): void {
  if (body.destroyed || body.readableEnded) return;
  body.on('error', () => {});
  const timer = setTimeout(() => body.destroy(), DRAIN_AFTER_DONE_MS);
  body.once('close', () => clearTimeout(timer));
  body.resume();
}

/** Any OpenAI-compatible `/chat/completions` over undici, with retries, model fallbacks and cancellation. */
export class OpenAIUpstream implements Upstream {
  private readonly url: string;
  private readonly dispatcher: Agent;

  constructor(
    private readonly config: UpstreamConfig,
    private readonly logger: Logger,
  ) {
    this.url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.dispatcher = new Agent({ connections: config.connections, keepAliveTimeout: 30_000 });
  }

  async *stream(call: UpstreamCall, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const { model, body } = await this.open(call, signal);
    yield { type: 'start', model };
    let clean = false;
    try {
      clean = yield* upstreamEvents(this.url, body);
    } catch (err) {
      if (signal.aborted || isRodeoError(err)) throw err;
      throw withCause(MinerErrors.UPSTREAM_STREAM(this.url, (err as Error).message), err);
    } finally {
      if (clean) release(body);
      else if (!body.destroyed) {
        // nobody reads this body any more: an error its destruction reports is no one's to handle
        body.on('error', () => {});
        body.destroy();
      }
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** Tries each model, retrying 429/5xx/connection failures with backoff, until one answers 200. */
  private async open(
    call: UpstreamCall,
    signal: AbortSignal,
  ): Promise<{ model: string; body: Dispatcher.ResponseData['body'] }> {
    const { config } = this;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
    let last: RodeoError | undefined;
    for (const model of call.models) {
      const payload = JSON.stringify({
        ...call.body,
        model,
        stream: true,
        stream_options: { include_usage: true },
      });
      for (let attempt = 0; ; attempt++) {
        let res: Dispatcher.ResponseData;
        try {
          res = await request(this.url, {
            method: 'POST',
            headers,
            body: payload,
            signal,
            dispatcher: this.dispatcher,
            headersTimeout: config.headersTimeoutMs,
            bodyTimeout: config.idleTimeoutMs,
          });
        } catch (err) {
          if (signal.aborted) throw err;
          last = withCause(MinerErrors.UPSTREAM_UNREACHABLE(this.url, (err as Error).message), err);
          if (attempt < config.maxRetries) {
            await this.backoff(attempt, undefined, signal, last);
            continue;
          }
          break;
        }
        if (res.statusCode === 200) return { model, body: res.body };
        const status = res.statusCode;
        const message = bodyMessage(await readText(res.body));
        last = annotate(MinerErrors.UPSTREAM_STATUS(this.url, model, status, message), {
          upstreamStatus: status,
        });
        if (retryable(status) && attempt < config.maxRetries) {
          await this.backoff(attempt, retryAfterMs(res.headers), signal, last);
          continue;
        }
        if (retryable(status) || status === 404) break;
        throw last;
      }
      this.logger.warn({ model, err: last?.message }, 'upstream model failed; trying the next one');
    }
    throw last ?? MinerErrors.UPSTREAM_UNREACHABLE(this.url, 'no model configured');
  }

  private async backoff(
    attempt: number,
    retryAfter: number | undefined,
    signal: AbortSignal,
    cause: RodeoError,
  ): Promise<void> {
    const { retryBaseMs, retryMaxMs } = this.config;
    const exp = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt);
    const ms =
      retryAfter !== undefined && retryAfter <= retryMaxMs ? retryAfter : exp * (0.5 + Math.random() / 2);
    this.logger.debug({ attempt, ms, err: cause.message }, 'upstream retry');
    await sleep(ms, undefined, { signal });
  }
}
