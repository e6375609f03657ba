import type { StreamReader } from './stream-reader.js';

/**
 * One request/response as measure() hands it to a transport (undici, or the reader worker). The transport
 * reports the head (`onHead`), feeds the stamped body to `reader`, and resolves with the stream's failure
 * (undefined when it ended well); a transport failure is thrown (measure names it CONNECT before the head,
 * STREAM_CLOSED after).
 */
export interface Exchange {
  /** The full chat completions URL. */
  url: string;
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  totalMs: number;
  reader: StreamReader;
  /** maxResponseBytes. */
  maxBytes: number;
  /** maxEvents: a transport that sees the body's framing bounds its pieces by it (see ResponseLimits.maxChunks). */
  maxEvents: number;
  /** performance.now() when the request was sent. */
  start: number;
  /** Microseconds since `start`. */
  sinceStartUs(): number;
  onFirstAnswer(): void;
  onHead(status: number, headersUs: number): void;
}
