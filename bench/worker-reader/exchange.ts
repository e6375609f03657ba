import type { RodeoError } from '../../config/index.js';
import { BenchErrors } from '../errors.js';
import type { Exchange } from '../exchange.js';
import { ERROR_BODY_LIMIT, errorText, headFailure } from '../response-checks.js';
import { StampedFeed } from '../stamped-feed.js';
import type { ReaderWorker } from './client.js';
import { monotonicMs } from './clock.js';
import { requestText } from './request-text.js';

/**
 * The worker's read times are on the monotonic clock; this thread's performance.now() is that clock minus this.
 * Measured as the tightest of a few bracketed samples (a first call can be slow), to well under a microsecond.
 */
const MONOTONIC_TO_NOW = (() => {
  let best = { width: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 50; i++) {
    const before = performance.now();
    const mono = monotonicMs();
    const after = performance.now();
    if (after - before < best.width) best = { width: after - before, offset: mono - (before + after) / 2 };
  }
  return best.offset;
})();

/** Servers may write an event in a few pieces (field name, payload, blank line), each its own chunk. */
const CHUNKS_PER_EVENT = 4;

/**
 * One request through the reader worker: the same outcomes as measure's undici path (head checks, error text,
 * stamped reads fed a turn later), with the reads stamped on the worker. An abort closes the worker's socket.
 */
export async function viaWorker(
  x: Exchange,
  worker: ReaderWorker,
  connectAddress: ((hostname: string) => Promise<string>) | undefined,
): Promise<RodeoError | undefined> {
  const url = new URL(x.url);
  const request = requestText(url, x.headers, x.body);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // IP literals too: the caller's check refuses addresses it does not allow, whatever their spelling
  const host = connectAddress ? await connectAddress(hostname) : hostname;
  const port = Number(url.port || 80);
  if (x.signal.aborted) throw x.signal.reason;
  const us = (at: number) => Math.round((at - MONOTONIC_TO_NOW - x.start) * 1000);

  return new Promise((resolve, reject) => {
    let status: number | undefined;
    let mode: 'stream' | 'error text' | 'over' = 'stream';
    const errorBytes: Uint8Array[] = [];
    /** Resolves with the stream's outcome, or rejects with a transport failure (measure names it). */
    const finish = (outcome: { failure: RodeoError | undefined } | { thrown: unknown }) => {
      if (mode === 'over') return;
      mode = 'over';
      x.signal.removeEventListener('abort', onAbort);
      feed.stop();
      worker.abort(id);
      if ('thrown' in outcome) reject(outcome.thrown);
      else resolve(outcome.failure);
    };
    const feed = new StampedFeed(x.reader, x.maxBytes, x.onFirstAnswer, (failure) => finish({ failure }));
    const onAbort = () => finish({ thrown: x.signal.reason });
    const id = worker.open(
      {
        host,
        port,
        request,
        maxBodyBytes: x.maxBytes,
        maxErrorBodyBytes: ERROR_BODY_LIMIT,
        maxChunks: CHUNKS_PER_EVENT * x.maxEvents,
      },
      {
        onEvent(e, body) {
          if (mode === 'over') return;
          if (e.k === 'head') {
            status = e.status;
            x.onHead(e.status, us(e.at));
            const check = headFailure(x.url, e.status, e.type, e.encoding);
            if (check === 'status') mode = 'error text';
            else if (check) finish({ failure: check });
          } else if (e.k === 'body') {
            if (mode === 'stream') feed.push(us(e.at), body!);
            else errorBytes.push(body!);
          } else if (mode === 'error text') {
            finish({
              failure: BenchErrors.HTTP_STATUS(x.url, status!, errorText(Buffer.concat(errorBytes))),
            });
          } else if (e.reason === undefined) {
            feed.end();
          } else if (!worker.alive) {
            // the worker died (or was closed) under this stream and every other: the validator's fault, not
            // this miner's; what was read before still counts (a [DONE] among it ends the stream well)
            const lost = BenchErrors.INTERNAL('reading the stream on the reader worker', e.reason);
            if (status === undefined) finish({ failure: lost });
            else feed.end(() => lost);
          } else if (status === undefined) {
            finish({ thrown: new Error(e.reason) });
          } else {
            // what was read before the failure still counts; a [DONE] among it ends the stream well
            feed.end((events) => BenchErrors.STREAM_CLOSED(events, e.reason!));
          }
        },
      },
    );
    x.signal.addEventListener('abort', onAbort, { once: true });
  });
}
