import { type Dispatcher, request } from 'undici';
import { isRodeoError, type RodeoError } from '../config/index.js';
import type { Deadlines } from './deadlines.js';
import { BenchErrors } from './errors.js';
import { type StreamLimits, StreamReader } from './stream-reader.js';
import type { Measurement } from './types.js';

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
  /** Stops the request: the measurement records the signal's reason when it is a RodeoError, else BENCH_ABORTED. */
  signal?: AbortSignal;
}

const ERROR_BODY_LIMIT = 2048;

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
  const text = Buffer.concat(parts).toString('utf8').slice(0, ERROR_BODY_LIMIT);
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof json.error?.message === 'string') return json.error.message;
  } catch {
    // not JSON: show the text
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Closes a response body we no longer read; undici reports that as an error event nobody needs. */
function discard(body: { on(event: 'error', fn: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => {});
  body.destroy();
}

/**
 * Reads the SSE body. Each read is stamped the moment it is delivered and parsed later (setImmediate):
 * when many streams deliver at once, every one is stamped before any is parsed, so parsing work never
 * delays another stream's timestamp.
 */
function readStream(
  body: Parameters<typeof discard>[0] & NodeJS.EventEmitter,
  reader: StreamReader,
  nowUs: () => number,
  maxBytes: number,
  onFirstAnswer: () => void,
): Promise<RodeoError | undefined> {
  return new Promise((resolve, reject) => {
    const queue: { us: number; chunk: Buffer }[] = [];
    let scheduled = false;
    let ended = false;
    let settled = false;
    const settle = (failure: RodeoError | undefined) => {
      if (settled) return;
      settled = true;
      body.removeAllListeners('data');
      resolve(failure);
    };
    const drain = () => {
      scheduled = false;
      for (const { us, chunk } of queue.splice(0)) {
        if (settled) return;
        reader.bytes += chunk.length;
        if (reader.bytes > maxBytes) return settle(BenchErrors.RESPONSE_TOO_LARGE(maxBytes));
        let more: boolean;
        try {
          more = reader.feed(chunk, us);
        } catch (err) {
          // a bug must fail this task, never escape this setImmediate callback and end the process
          return settle(BenchErrors.INTERNAL('reading the stream', describeCause(err)));
        }
        if (reader.firstAnswerUs !== undefined) onFirstAnswer();
        if (!more) return settle(reader.failure);
      }
      if (ended) settle(reader.failure ?? (reader.done ? undefined : BenchErrors.NO_DONE(reader.eventCount)));
    };
    const schedule = () => {
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    };
    body.on('data', (chunk: Buffer) => {
      queue.push({ us: nowUs(), chunk });
      schedule();
    });
    body.once('end', () => {
      ended = true;
      schedule();
    });
    body.once('error', (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
  });
}

function describeCause(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

/**
 * Sends one streaming chat request and records everything observed. Never throws for anything the
 * target does: a failure is recorded in `error` and the measurement is returned.
 */
export async function measure(req: MeasureRequest, limits: MeasureLimits): Promise<Measurement> {
  const url = chatCompletionsUrl(req.url);
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
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...req.headers,
        ...req.sign?.(body),
      },
      body,
      signal: controller.signal,
      // no idle limit shorter than the total deadline: a stream that keeps sending is alive until then
      headersTimeout: totalMs,
      bodyTimeout: totalMs,
      ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    });
    headersUs = sinceStartUs();
    status = res.statusCode;
    const type = String(res.headers['content-type'] ?? '');
    const encoding = String(res.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding !== 'identity' && encoding !== '') {
      discard(res.body);
      failure = BenchErrors.CONTENT_ENCODING(encoding.slice(0, 40));
    } else if (status !== 200) {
      failure = BenchErrors.HTTP_STATUS(url, status, await readSome(res.body));
    } else if (type.includes('application/json')) {
      discard(res.body);
      failure = BenchErrors.NOT_EVENT_STREAM(url, type);
    } else {
      failure = await readStream(res.body, reader, sinceStartUs, limits.maxResponseBytes, () =>
        clearTimeout(ttftTimer),
      );
      discard(res.body);
    }
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
