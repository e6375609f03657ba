import { type BenchConfig, MAX_TIMER_MS } from '../config/index.js';
import type { Category, Task } from '../datasets/index.js';

/**
 * The deadlines of one request, both absolute and counted from the moment it is sent.
 * First token: the first content or tool-call delta must arrive by then; reasoning deltas and keep-alive
 * comments never meet it. Total: the stream must end by then; until then any bytes (keep-alives,
 * reasoning) keep it alive, and no shorter idle limit applies.
 */
export interface Deadlines {
  firstTokenMs: number;
  totalMs: number;
}

export type DeadlineConfig = Pick<BenchConfig, 'deadlines' | 'ttftTimeoutMs' | 'requestTimeoutMs'>;

// config/ cannot import datasets/: this fails to compile when a category has no deadlines there
const perCategory = (config: DeadlineConfig): Record<Category, Deadlines> => config.deadlines;

/** janus's per-task allowance (`expected.max_latency_ms`), when it is a usable number of milliseconds. */
function taskMaxLatency(task: Pick<Task, 'expected'>): number | undefined {
  const v = task.expected.max_latency_ms;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return undefined;
  return Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(v)));
}

/**
 * A task's deadlines: its category's (bench.deadlines), the total replaced by the task's own
 * `max_latency_ms`; bench.ttftTimeoutMs / bench.requestTimeoutMs, when set, are forced on every task.
 * The first-token deadline never exceeds the total.
 */
export function taskDeadlines(task: Pick<Task, 'category' | 'expected'>, config: DeadlineConfig): Deadlines {
  const base = perCategory(config)[task.category];
  const totalMs = config.requestTimeoutMs ?? taskMaxLatency(task) ?? base.totalMs;
  const firstTokenMs = Math.min(config.ttftTimeoutMs ?? base.firstTokenMs, totalMs);
  return { firstTokenMs, totalMs };
}
