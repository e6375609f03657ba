import { type Dispatcher, request } from 'undici';
import { isRodeoError, type RodeoError } from '../config/index.js';
import type { Deadlines } from './deadlines.js';
import { BenchErrors } from './errors.js';
import type { Exchange } from './exchange.js';
import { ERROR_BODY_LIMIT, errorText, headFailure } from './response-checks.js';
import { describeCause, StampedFeed } from './stamped-feed.js';
import { type StreamLimits, StreamReader } from './stream-reader.js';
import type { Measurement } from './types.js';
import type { ReaderWorker } from './worker-reader/client.js';
import { viaWorker } from './worker-reader/exchange.js';

export interface MeasureLimits extends StreamLimits {
  maxResponseBytes: number;
}

export interface MeasureRequest {
  taskId: string;
  /** Base URL of the engine; the request goes to {url}/v1/chat/completions. */
  url: string;
  model: string;
  body: Record<string, unknown>;
  /** This task's deadlines (`taskDeadlines`): the first content or tool-call delta, and the whole stream. */
  deadlines: Deadlines;
  headers?: Record<string, string>;
  /** Extra headers computed from the exact body bytes sent (request signing, e.g. Epistula). */
  sign?: (body: string) => Record<string, string>;
  dispatcher?: Dispatcher;
  /**
   * Reads the stream on this worker thread (http: URLs; undici otherwise, or if the worker could not start).
   * The dispatcher is then not used: pass `connectAddress` to keep the connection pinned.
   */
  worker?: ReaderWorker;
  /** The checked address to connect to for a host name (the Host header stays the URL's); with `worker` only. */
  connectAddress?: (hostname: string) => Promise<string>;
  /** Stops the request: the measurement records the signal's reason when it is a RodeoError, else BENCH_ABORTED. */
  signal?: AbortSignal;
}

export function chatCompletionsUrl(base: string): string {
  return `${base.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
}

async function readSome(body: Parameters<typeof discard>[0] & AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // the status line already says what matters
  }
  discard(body);
  return errorText(Buffer.concat(parts));
}

/** Closes a response body we no longer read; undici reports that as an error event nobody needs. */
function discard(body: { on(event: 'error', fn: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => {});
  body.destroy();
}

/** Reads the SSE body: each read stamped the moment it is delivered, parsed on the next turn (StampedFeed). */
function readStream(
  body: Parameters<typeof discard>[0] & NodeJS.EventEmitter,
  x: Exchange,
): Promise<RodeoError | undefined> {
  return new Promise((resolve, reject) => {
    const feed = new StampedFeed(x.reader, x.maxBytes, x.onFirstAnswer, (failure) => {
      body.removeAllListeners('data');
      resolve(failure);
    });
    body.on('data', (chunk: Buffer) => feed.push(x.sinceStartUs(), chunk));
    body.once('end', () => feed.end());
    body.once('error', (err) => {
      feed.stop();
      reject(err);
    });
  });
}

/** One request over undici (https, a caller's dispatcher without a pinned address, or no reader worker). */
async function viaUndici(x: Exchange, dispatcher: Dispatcher | undefined): Promise<RodeoError | undefined> {
  const res = await request(x.url, {
    method: 'POST',
    headers: x.headers,
    body: x.body,
    signal: x.signal,
    // no idle limit shorter than the total deadline: a stream that keeps sending is alive until then
    headersTimeout: x.totalMs,
    bodyTimeout: x.totalMs,
    ...(dispatcher ? { dispatcher } : {}),
  });
  const status = res.statusCode;
  x.onHead(status, x.sinceStartUs());
  const check = headFailure(
    x.url,
    status,
    String(res.headers['content-type'] ?? ''),
    String(res.headers['content-encoding'] ?? 'identity'),
  );
  if (check === 'status') return BenchErrors.HTTP_STATUS(x.url, status, await readSome(res.body));
  if (check) {
    discard(res.body);
    return check;
  }
  const failure = await readStream(res.body, x);
  discard(res.body);
  return failure;
}

/**
 * Sends one streaming chat request and records everything observed. Never throws for anything the
 * target does: a failure is recorded in `error` and the measurement is returned.
 */
export async function measure(req: MeasureRequest, limits: MeasureLimits): Promise<Measurement> {
  const url = chatCompletionsUrl(req.url);
  // the reader worker when it runs and can reach this URL, else undici
  const worker =
    req.worker && url.startsWith('http:') && (await req.worker.whenReady(req.signal))
      ? req.worker
      : undefined;
  const reader = new StreamReader(limits);
  const controller = new AbortController();
  let reason: RodeoError | undefined;
  const stop = (err: RodeoError) => {
    reason ??= err;
    controller.abort(err);
  };
  const onOuterAbort = () => {
    const why: unknown = req.signal?.reason;
    stop(isRodeoError(why) ? why : BenchErrors.ABORTED(String(why ?? 'aborted')));
  };
  if (req.signal?.aborted) onOuterAbort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const start = performance.now();
  const startedAt = performance.timeOrigin + start;
  const sinceStartUs = () => Math.round((performance.now() - start) * 1000);
  const { firstTokenMs, totalMs } = req.deadlines;
  // both absolute from the send; reasoning and keep-alives clear neither, they only keep the socket busy
  const ttftTimer = setTimeout(() => stop(BenchErrors.TTFT_TIMEOUT(firstTokenMs)), firstTokenMs);
  const totalTimer = setTimeout(() => stop(BenchErrors.REQUEST_TIMEOUT(totalMs)), totalMs);

  let status: number | undefined;
  let headersUs: number | undefined;
  let endUs = 0;
  let failure: RodeoError | undefined;

  try {
    const body = JSON.stringify(req.body);
    const exchange: Exchange = {
      url,
      body,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...req.headers,
        ...req.sign?.(body),
      },
      signal: controller.signal,
      totalMs,
      reader,
      maxBytes: limits.maxResponseBytes,
      maxEvents: limits.maxEvents,
      start,
      sinceStartUs,
      onFirstAnswer: () => clearTimeout(ttftTimer),
      onHead: (code, us) => {
        status = code;
        headersUs = us;
      },
    };
    failure = worker
      ? await viaWorker(exchange, worker, req.connectAddress)
      : await viaUndici(exchange, req.dispatcher);
  } catch (err) {
    if (reason) failure = reason;
    else if (isRodeoError(err)) failure = err;
    else if (status === undefined) failure = BenchErrors.CONNECT(url, describeCause(err));
    else failure = BenchErrors.STREAM_CLOSED(reader.eventCount, describeCause(err));
  } finally {
    clearTimeout(ttftTimer);
    clearTimeout(totalTimer);
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
  endUs = reader.done ? (reader.events.t[reader.events.t.length - 1] ?? sinceStartUs()) : sinceStartUs();
  // A deadline that fired while the loop was between reads wins over what the loop saw afterwards.
  if (reason && !reader.done) failure = reason;

  const { content, reasoning, tools, cuts } = reader.answer();
  const toolCalls = tools.calls;
  if (!failure && tools.tooDeep !== undefined)
    failure = BenchErrors.JSON_TOO_DEEP(`tool_calls[${tools.tooDeep}].arguments`, limits.maxJsonDepth);
  if (!failure && !content.trim() && !reasoning && toolCalls.length === 0)
    failure = BenchErrors.EMPTY_ANSWER();
  const usageRejected = [...reader.usageRejected];

  return {
    v: 1,
    taskId: req.taskId,
    target: req.url,
    model: req.model,
    startedAt,
    status,
    headersUs,
    endUs,
    bytes: reader.bytes,
    events: reader.events,
    content,
    reasoning,
    toolCalls,
    usage: reader.usage,
    finishReason: reader.finishReason,
    error: failure ? { code: failure.code, message: failure.message } : undefined,
    evidence: undefined,
    ...(cuts.length ? { cuts } : {}),
    ...(usageRejected.length ? { usageRejected } : {}),
  };
}
