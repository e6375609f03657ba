/**
 * Worker entry for perf/runner's raw reader: opens the streams it is sent, stamps every read on this
 * thread (its event loop does nothing else) and posts the stamped bytes to the main thread once per turn.
 */
import { parentPort } from 'node:worker_threads';
import { openRawSse } from './raw-sse-connection.js';

export interface OpenStreams {
  url: string;
  requests: { id: number; body: string }[];
}

export type WorkerMessage =
  | { type: 'bytes'; items: { id: number; at: number; bytes: Uint8Array }[] }
  | { type: 'end'; id: number; error?: string };

let batch: { id: number; at: number; bytes: Uint8Array }[] = [];
const flush = () => {
  const items = batch;
  batch = [];
  parentPort!.postMessage({ type: 'bytes', items } satisfies WorkerMessage);
};
parentPort!.on('message', ({ url, requests }: OpenStreams) => {
  const target = new URL(url);
  for (const { id, body } of requests) {
    openRawSse(target, body, {
      onBytes(at, bytes) {
        if (!batch.length) setImmediate(flush);
        batch.push({ id, at, bytes: new Uint8Array(bytes) });
      },
      onEnd(error) {
        if (batch.length) flush();
        parentPort!.postMessage({ type: 'end', id, ...(error ? { error } : {}) } satisfies WorkerMessage);
      },
    });
  }
});
