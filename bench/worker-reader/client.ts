/**
 * The main thread's side of the stream reader worker (worker.ts): starts it, opens streams on it and hands each
 * stream's stamped events to its handler. It holds the process only while it starts or has streams open.
 */
import { Worker } from 'node:worker_threads';
import type { ReaderBatch, ReaderCommand, ReaderEvent } from './messages.js';

/** How long the worker may take to start (loading TypeScript through tsx on a loaded machine included). */
const START_MS = 30_000;

export type OpenRequest = Omit<Extract<ReaderCommand, { k: 'open' }>, 'k' | 'id'>;

export interface StreamHandler {
  /** Events of this stream, in order; body events with their bytes. `end` comes last. */
  onEvent(event: ReaderEvent, body: Uint8Array | undefined): void;
}

export class ReaderWorker {
  private readonly worker: Worker;
  private readonly handlers = new Map<number, StreamHandler>();
  private next = 0;
  private dead: string | undefined;
  /** Resolves true once the worker runs, false if it could not start (the caller reads another way). */
  readonly ready: Promise<boolean>;

  constructor() {
    // from the TypeScript sources (tsx, vitest) the worker registers tsx and imports its .ts file; from dist/, its .js
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
    this.worker = fromSource
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true },
        )
      : new Worker(url);
    // it holds the process only while it starts or has streams open
    this.ready = new Promise((resolve) => {
      // a worker that does not start in time is given up: streams are read another way, never held
      const late = setTimeout(() => {
        resolve(false);
        this.dead ??= 'the stream reader worker did not start in time';
        void this.worker.terminate();
      }, START_MS);
      late.unref();
      this.worker.once('message', (m) => {
        clearTimeout(late);
        this.holdIfBusy();
        resolve(m === 'ready');
      });
      this.worker.once('error', () => resolve(false));
      this.worker.once('exit', () => resolve(false));
    });
    this.worker.on('message', (m: ReaderBatch | 'ready') => {
      if (m !== 'ready') this.deliver(m);
    });
    const died = (why: string) => {
      this.dead ??= why;
      for (const [id, h] of this.handlers) h.onEvent({ k: 'end', id, reason: this.dead }, undefined);
      this.handlers.clear();
    };
    this.worker.on('error', (err) => died(`the stream reader worker failed: ${err.message}`));
    this.worker.on('exit', () => died('the stream reader worker stopped'));
  }

  /** Opens a stream; its events go to `handler`. Returns its id for `abort`. */
  open(request: OpenRequest, handler: StreamHandler): number {
    const id = this.next++;
    if (this.dead) {
      const reason = this.dead;
      queueMicrotask(() => handler.onEvent({ k: 'end', id, reason }, undefined));
      return id;
    }
    this.handlers.set(id, handler);
    this.holdIfBusy();
    this.worker.postMessage({ k: 'open', id, ...request } satisfies ReaderCommand);
    return id;
  }

  /** Closes a stream's socket; its handler hears nothing more. */
  abort(id: number): void {
    if (!this.handlers.delete(id) || this.dead) return;
    this.worker.postMessage({ k: 'close', id } satisfies ReaderCommand);
    this.holdIfBusy();
  }

  private holdIfBusy(): void {
    if (this.handlers.size) this.worker.ref();
    else this.worker.unref();
  }

  /**
   * True when the worker runs and takes streams; false if it could not start (within START_MS), died, or
   * `signal` stopped the wait: the caller then reads another way.
   */
  async whenReady(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<false>((resolve) => {
      onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return (await Promise.race([this.ready, stopped])) && this.alive;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** False once the worker died or was closed (its streams ended with the reason). */
  get alive(): boolean {
    return this.dead === undefined;
  }

  async close(): Promise<void> {
    this.dead ??= 'the stream reader worker was closed';
    await this.worker.terminate();
  }

  private deliver({ events, bytes }: ReaderBatch): void {
    const all = new Uint8Array(bytes);
    let offset = 0;
    for (const e of events) {
      let body: Uint8Array | undefined;
      if (e.k === 'body') {
        body = all.subarray(offset, offset + e.len);
        offset += e.len;
      }
      const h = this.handlers.get(e.id);
      if (e.k === 'end') this.handlers.delete(e.id);
      h?.onEvent(e, body);
    }
    this.holdIfBusy();
  }
}

let shared: ReaderWorker | undefined;

/**
 * The process's reader worker, started on first use and kept (idle, it holds nothing open): its code stays
 * compiled and warm from one run to the next. A worker that died is replaced.
 */
export function sharedReaderWorker(): ReaderWorker {
  if (!shared?.alive) shared = new ReaderWorker();
  return shared;
}
