import type { Answer, Evidence } from '../datasets/index.js';
import type { TextCut } from './capped-text.js';

/**
 * One char per SSE event, in arrival order:
 *   c content delta · r reasoning delta · t tool_call delta · k comment (keep-alive)
 *   u usage-only chunk · f finish-only chunk · o other chunk (role, empty delta) · e error event · d [DONE]
 */
export type EventKind = 'c' | 'r' | 't' | 'k' | 'u' | 'f' | 'o' | 'e' | 'd';

/** Columnar per-event record: compact in the ledger, enough to recompute every streaming metric. */
export interface EventLog {
  /** Arrival time of each event in integer microseconds since the request was sent (monotonic clock). */
  t: number[];
  /** Kinds, one char per event (see EventKind). */
  k: string;
  /** Characters of text each event carried (content/reasoning/arguments); 0 for others. */
  n: number[];
}

export interface MeasurementError {
  /** A BENCH_* code: TTFT_TIMEOUT, REQUEST_TIMEOUT, HTTP_STATUS, CONNECT, STREAM_ERROR_EVENT, NO_DONE, ... */
  code: string;
  message: string;
}

/** Everything the runner observed for one task against one target. Raw data: scoring derives from it. */
export interface Measurement extends Answer {
  v: 1;
  taskId: string;
  target: string;
  model: string;
  /** Unix ms (sub-ms precision, performance.timeOrigin-based) when the request was sent; never used in scoring. */
  startedAt: number;
  /** HTTP status, when a response arrived. */
  status: number | undefined;
  /** Microseconds from send to response headers. */
  headersUs: number | undefined;
  /** Microseconds from send to the end of the stream (or the failure). */
  endUs: number;
  /** Response body bytes received. */
  bytes: number;
  events: EventLog;
  /** Set when the task failed at transport/protocol level; such a task scores as failed. */
  error: MeasurementError | undefined;
  evidence: Evidence | undefined;
  /** Texts longer than the storage cap: only a prefix is stored and graded; length and hash of the whole. */
  cuts?: TextCut[];
  /** Usage fields the miner sent that were not sane; they are left out of `usage` and of every report. */
  usageRejected?: string[];
}
