import type { RodeoError } from '../config/index.js';
import { BenchErrors } from './errors.js';
import type { StreamReader } from './stream-reader.js';

/**
 * Feeds stamped reads to a StreamReader on the next turn (setImmediate): when many streams deliver at once,
 * every read is stamped before any is parsed, so parsing never delays another stream's timestamp. Settles once:
 * at [DONE] or the first failure (undefined = done, else why), or at `end()` (NO_DONE when no [DONE] came).
 */
export class StampedFeed {
  private queue: { us: number; chunk: Uint8Array }[] = [];
  private scheduled = false;
  private ended = false;
  private settled = false;
  private failed: ((events: number) => RodeoError) | undefined;

  constructor(
    private readonly reader: StreamReader,
    private readonly maxBytes: number,
    private readonly onFirstAnswer: () => void,
    private readonly settle: (failure: RodeoError | undefined) => void,
  ) {}

  push(us: number, chunk: Uint8Array): void {
    if (this.settled) return;
    this.queue.push({ us, chunk });
    this.schedule();
  }

  /** No more reads: the stream ended, or failed (`failed`, unless what was read already ended it). */
  end(failed?: (events: number) => RodeoError): void {
    this.ended = true;
    this.failed = failed;
    this.schedule();
  }

  /** Stops feeding (the stream failed or was aborted): nothing queued is read and `settle` is not called. */
  stop(): void {
    this.settled = true;
  }

  private schedule(): void {
    if (!this.scheduled && !this.settled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private finish(failure: RodeoError | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(failure);
  }

  private drain(): void {
    this.scheduled = false;
    const reader = this.reader;
    for (const { us, chunk } of this.queue.splice(0)) {
      if (this.settled) return;
      reader.bytes += chunk.length;
      if (reader.bytes > this.maxBytes) {
        this.finish(BenchErrors.RESPONSE_TOO_LARGE(this.maxBytes));
        return;
      }
      let more: boolean;
      try {
        more = reader.feed(chunk, us);
      } catch (err) {
        // a bug must fail this task, never escape this setImmediate callback and end the process
        this.finish(BenchErrors.INTERNAL('reading the stream', describeCause(err)));
        return;
      }
      if (reader.firstAnswerUs !== undefined) this.onFirstAnswer();
      if (!more) {
        this.finish(reader.failure);
        return;
      }
    }
    if (!this.ended) return;
    const cut = this.failed?.(reader.eventCount) ?? BenchErrors.NO_DONE(reader.eventCount);
    this.finish(reader.failure ?? (reader.done ? undefined : cut));
  }
}

export function describeCause(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
