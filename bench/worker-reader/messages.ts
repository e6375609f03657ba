/** What the main thread and the stream reader worker (worker.ts) send each other. */

/** Main -> worker. */
export type ReaderCommand =
  | {
      k: 'open';
      id: number;
      /** Where to connect: the pinned, checked address when the caller gave one, else the URL's host. */
      host: string;
      port: number;
      /** The request head (request line and headers, ending in a blank line) and body, ready to write. */
      request: string;
      /** Stop reading (and close) once the body passed this many bytes. */
      maxBodyBytes: number;
      /** Body bytes read of a response that is not a 200 event stream (its error text). */
      maxErrorBodyBytes: number;
      /** Chunks of a chunked body: each costs the worker a parse whatever its size (1-byte chunks). */
      maxChunks: number;
    }
  | { k: 'close'; id: number };

/**
 * Worker -> main, in the order they happened. `at` is when the socket read was delivered, in ms on the
 * process-wide monotonic clock (process.hrtime): the same clock on every thread.
 */
export type ReaderEvent =
  | { k: 'head'; id: number; at: number; status: number; type: string; encoding: string }
  /** `len` bytes of decoded body, the next ones of the batch's buffer. */
  | { k: 'body'; id: number; at: number; len: number }
  /** The stream is over: cleanly (no `reason`), or the transport failed (`inBody` once the head had come). */
  | { k: 'end'; id: number; reason?: string; inBody?: boolean };

/** One post per event-loop turn: the events, and the body bytes they point into (transferred). */
export interface ReaderBatch {
  events: ReaderEvent[];
  bytes: ArrayBuffer;
}
