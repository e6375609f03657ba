import type { EngineEvent, PacedEvent } from '../types.js';

export interface PacerOptions {
  mode: 'paced' | 'passthrough';
  /** Spacing of content events. */
  intervalMs: number;
  /** Content held back: each tick sends buffered × interval / buffer characters. */
  bufferMs: number;
  keepAliveMs: number;
}

type Item = EngineEvent | { type: 'text'; text: string } | { type: 'error'; error: unknown };

export interface PollResult {
  out: PacedEvent[];
  /** When to poll again without new input (undefined: only when input arrives). */
  wakeAt: number | undefined;
  done: boolean;
  error?: unknown;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isSpace = (code: number) => code === 32 || code === 10 || code === 9 || code === 13;

/**
 * The first piece of `text` about `size` characters long: cut after a space when one lies within
 * [size/2, 1.5·size] (closest to size wins), never inside a surrogate pair.
 */
export function cutPiece(text: string, size: number): string {
  if (size >= text.length) return text;
  let end = size;
  if (size >= 4) {
    const lo = Math.ceil(size / 2);
    const hi = Math.min(text.length - 1, Math.floor(size * 1.5));
    for (let d = 0; size - d >= lo || size + d <= hi; d++) {
      if (size - d >= lo && isSpace(text.charCodeAt(size - d - 1))) {
        end = size - d;
        break;
      }
      if (size + d <= hi && isSpace(text.charCodeAt(size + d - 1))) {
        end = size + d;
        break;
      }
    }
  }
  if (isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
  return text.slice(0, end);
}

/**
 * The pacer's clockless state machine: the runtime loop feeds it upstream events and polls it with the time.
 * Content is re-emitted on a fixed grid of `intervalMs`; the piece size follows the buffer (a proportional
 * controller), so a steady upstream settles at buffer ≈ rate × bufferMs, a burst makes pieces larger rather
 * than events closer, and a stall shrinks pieces geometrically before the stream ever runs dry. Reasoning and
 * `start` go out at once; tool calls, finish and usage keep their place behind earlier content.
 */
export class PacerCore {
  private readonly queue: Item[] = [];
  private immediate: EngineEvent[] = [];
  private bufferedChars = 0;
  private drainPiece: number | undefined;
  private nextTickAt = Number.NEGATIVE_INFINITY;
  private lastSentAt: number;
  private ended = false;

  constructor(
    private readonly options: PacerOptions,
    now: number,
  ) {
    this.lastSentAt = now;
  }

  push(event: EngineEvent): void {
    if (event.type === 'reasoning' || event.type === 'start') {
      this.immediate.push(event);
      return;
    }
    if (event.type === 'content' && this.options.mode === 'paced') {
      const tail = this.queue[this.queue.length - 1];
      if (tail?.type === 'text') tail.text += event.text;
      else this.queue.push({ type: 'text', text: event.text });
      this.bufferedChars += event.text.length;
      return;
    }
    this.queue.push(event);
  }

  /** The source is finished; with `error`, it failed after everything queued so far. */
  end(error?: unknown): void {
    this.ended = true;
    if (error !== undefined) this.queue.push({ type: 'error', error });
    const { intervalMs, bufferMs } = this.options;
    this.drainPiece = Math.max(1, Math.ceil((this.bufferedChars * intervalMs) / bufferMs));
  }

  get hasImmediate(): boolean {
    return this.immediate.length > 0;
  }

  poll(now: number): PollResult {
    const out: PacedEvent[] = this.immediate;
    this.immediate = [];
    let error: unknown;
    while (this.queue.length) {
      const head = this.queue[0]!;
      if (head.type === 'error') {
        this.queue.shift();
        error = head.error;
        break;
      }
      if (head.type !== 'text') {
        out.push(head);
        this.queue.shift();
        continue;
      }
      if (now < this.nextTickAt) break;
      const piece = cutPiece(head.text, this.pieceSize());
      out.push({ type: 'content', text: piece });
      this.bufferedChars -= piece.length;
      if (piece.length === head.text.length) this.queue.shift();
      else head.text = head.text.slice(piece.length);
      const { intervalMs } = this.options;
      // Keep the grid when on time; restart it after an idle spell instead of catching up in a burst.
      this.nextTickAt = now - this.nextTickAt > intervalMs ? now + intervalMs : this.nextTickAt + intervalMs;
      // Loop on: events queued right behind this text go out now; more text waits for the next tick.
    }
    if (out.length) this.lastSentAt = now;
    else if (!error && now - this.lastSentAt >= this.options.keepAliveMs) {
      out.push({ type: 'keepalive' });
      this.lastSentAt = now;
    }
    const done = error !== undefined || (this.ended && this.queue.length === 0 && !this.immediate.length);
    let wakeAt: number | undefined;
    if (!done) {
      wakeAt = this.lastSentAt + this.options.keepAliveMs;
      if (this.queue[0]?.type === 'text') wakeAt = Math.min(wakeAt, this.nextTickAt);
    }
    return error === undefined ? { out, wakeAt, done } : { out, wakeAt, done, error };
  }

  private pieceSize(): number {
    if (this.drainPiece !== undefined) return this.drainPiece;
    const { intervalMs, bufferMs } = this.options;
    return Math.max(1, Math.round((this.bufferedChars * intervalMs) / bufferMs));
  }
}
