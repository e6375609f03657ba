import { setMaxListeners } from 'node:events';
import { Agent, type Dispatcher } from 'undici';
import { type BenchConfig, isRodeoError } from '../config/index.js';
import { type Evidence, type Task, taskToRequestBody } from '../datasets/index.js';
import { taskDeadlines } from './deadlines.js';
import { BenchErrors } from './errors.js';
import { Limiter } from './limiter.js';
import { measure } from './measure.js';
import type { Measurement } from './types.js';
import { type ReaderWorker, sharedReaderWorker } from './worker-reader/client.js';

/** The reader worker, or undefined where worker threads cannot start (measure then reads with undici). */
function readerWorker(): ReaderWorker | undefined {
  try {
    return sharedReaderWorker();
  } catch {
    return undefined;
  }
}

export interface BenchTarget {
  /** Stable id of the engine (a hotkey, or the URL for a local bench). */
  id: string;
  url: string;
  model: string;
  headers?: Record<string, string>;
  /** Signs each request body (the validator's Epistula headers for this miner). */
  sign?: (body: string) => Record<string, string>;
  /** Connection pool for this target's requests (the validator's address-pinning connector); default: shared. */
  dispatcher?: Dispatcher;
  /**
   * The checked address to connect to for the URL's host name (the validator's pinning, as its dispatcher
   * does). A target with a dispatcher is read by the reader worker only when it has this too.
   */
  connectAddress?: (hostname: string) => Promise<string>;
}

export interface BenchRunOptions<T extends BenchTarget = BenchTarget> {
  tasks: Task[];
  targets: T[];
  config: Pick<
    BenchConfig,
    | 'deadlines'
    | 'ttftTimeoutMs'
    | 'requestTimeoutMs'
    | 'maxResponseBytes'
    | 'maxLineBytes'
    | 'maxEvents'
    | 'maxStoredChars'
    | 'maxJsonDepth'
    | 'maxToolCalls'
    | 'includeUsage'
    | 'concurrency'
    | 'reader'
  >;
  /** Characters one target may store over the whole run; each answer gets an equal share (at most maxStoredChars). */
  maxStoredCharsPerTarget?: number;
  /**
   * Evaluation steps that need I/O (running code, a judge), run for a target once all of its own streams
   * have finished (at most `evidenceConcurrency` at once); the result is stored in the measurement.
   */
  gatherEvidence?: (task: Task, measurement: Measurement) => Promise<Evidence | undefined>;
  evidenceConcurrency?: number;
  onMeasurement?: (target: T, task: Task, measurement: Measurement) => void;
  /**
   * Called once per target as soon as its measurements are final (evidence included), so a caller can
   * write them and let them go; with it, the returned map is empty unless `keepResults` is set.
   */
  onTargetDone?: (target: T, measurements: Measurement[]) => Promise<void>;
  keepResults?: boolean;
  /** Bugs that failed one task (BENCH_INTERNAL): for the caller's log. */
  onInternalError?: (target: T, task: Task, err: unknown) => void;
  /**
   * Stops the run. A RodeoError reason (BENCH_ROUND_DEADLINE) is recorded on every task still running or
   * not yet started, evidence included; any other reason records BENCH_ABORTED.
   */
  signal?: AbortSignal;
  /**
   * Stops the streams only (same reasons as `signal`), leaving time to gather the evidence of answers that
   * did arrive: one target that streams until the deadline must not leave the others ungraded.
   */
  streamSignal?: AbortSignal;
}

/** Measurements per target id, in task order. */
export type BenchResults = Map<string, Measurement[]>;

const failWith = (m: Measurement, err: { code: string; message: string }) => {
  m.error = { code: err.code, message: err.message };
  m.evidence = undefined;
};

/**
 * Streams every task against every target. Targets run concurrently (global limit); the tasks of one
 * target run `concurrency.perTarget` at a time (1 = sequential, like janus-bench). Nothing a target sends
 * and no failure while grading it can fail another target's tasks or end the run.
 */
export async function runBench<T extends BenchTarget>(options: BenchRunOptions<T>): Promise<BenchResults> {
  const { tasks, targets, config, signal } = options;
  const streamSignal =
    signal && options.streamSignal
      ? AbortSignal.any([signal, options.streamSignal])
      : (options.streamSignal ?? signal);
  const global = new Limiter(config.concurrency.global);
  const shared = new Agent({ keepAliveTimeout: 10_000 });
  // the process's reader worker, for the targets it can read (plain http, and pinned if the caller pins)
  const readsOnWorker = (t: T) =>
    t.url.startsWith('http:') && (t.dispatcher === undefined || t.connectAddress !== undefined);
  const worker = config.reader === 'worker' && targets.some(readsOnWorker) ? readerWorker() : undefined;
  const maxStoredChars = Math.min(
    config.maxStoredChars,
    Math.max(1, Math.floor((options.maxStoredCharsPerTarget ?? Number.POSITIVE_INFINITY) / tasks.length)),
  );
  const limits = { ...config, maxStoredChars };
  // every stream of the run listens to the same stop signal
  for (const s of [signal, streamSignal]) if (s) setMaxListeners(0, s);

  const measureOne = async (target: T, task: Task): Promise<Measurement> => {
    const m = await measure(
      {
        taskId: task.id,
        url: target.url,
        model: target.model,
        body: taskToRequestBody(task, target.model, { includeUsage: config.includeUsage }),
        deadlines: taskDeadlines(task, config),
        dispatcher: target.dispatcher ?? shared,
        ...(worker && readsOnWorker(target)
          ? { worker, ...(target.connectAddress ? { connectAddress: target.connectAddress } : {}) }
          : {}),
        ...(target.headers ? { headers: target.headers } : {}),
        ...(target.sign ? { sign: target.sign } : {}),
        ...(streamSignal ? { signal: streamSignal } : {}),
      },
      limits,
    );
    options.onMeasurement?.(target, task, m);
    return m;
  };

  const results: BenchResults = new Map();
  const evidence = new Limiter(options.evidenceConcurrency ?? 2);
  const runTarget = async (target: T) => {
    const perTarget = new Limiter(config.concurrency.perTarget);
    const list = await Promise.all(
      tasks.map((task) =>
        perTarget.run(() =>
          global.run(() =>
            measureOne(target, task).catch((err: unknown) => {
              options.onInternalError?.(target, task, err);
              return internalFailure(task, target, 'measuring', err);
            }),
          ),
        ),
      ),
    );
    // graded as soon as this target's own streams end: a target still streaming never delays the others
    const gather = options.gatherEvidence;
    if (gather)
      await Promise.all(
        list.map((m, i) =>
          m.error ? undefined : evidence.run(() => gatherOne(tasks[i]!, m, gather, target, options)),
        ),
      );
    await options.onTargetDone?.(target, list);
    if (!options.onTargetDone || options.keepResults) results.set(target.id, list);
  };
  try {
    await Promise.all(targets.map(runTarget));
  } finally {
    await shared.close();
  }
  return results;
}

/** Gathers one measurement's evidence; a throw fails that task (BENCH_INTERNAL), a deadline fails it by name. */
async function gatherOne<T extends BenchTarget>(
  task: Task,
  m: Measurement,
  gather: NonNullable<BenchRunOptions['gatherEvidence']>,
  target: T,
  options: BenchRunOptions<T>,
): Promise<void> {
  const { signal } = options;
  const stopped = () => (signal?.aborted && isRodeoError(signal.reason) ? signal.reason : undefined);
  const before = stopped();
  if (before) return failWith(m, before);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const evidence = await Promise.race([gather(task, m), aborted]);
    if (evidence === 'aborted') {
      const why = stopped();
      if (why) failWith(m, why);
    } else m.evidence = evidence;
  } catch (err) {
    options.onInternalError?.(target, task, err);
    failWith(m, BenchErrors.INTERNAL('gathering evidence', describe(err)));
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

function internalFailure(task: Task, target: BenchTarget, doing: string, err: unknown): Measurement {
  return failedMeasurement(task.id, target, BenchErrors.INTERNAL(doing, describe(err)));
}

/** A measurement of a task that failed before anything could be observed. */
export function failedMeasurement(
  taskId: string,
  target: Pick<BenchTarget, 'url' | 'model'>,
  error: { code: string; message: string },
): Measurement {
  return {
    v: 1,
    taskId,
    target: target.url,
    model: target.model,
    startedAt: 0,
    status: undefined,
    headersUs: undefined,
    endUs: 0,
    bytes: 0,
    events: { t: [], k: '', n: [] },
    content: '',
    reasoning: '',
    toolCalls: [],
    usage: undefined,
    finishReason: undefined,
    error: { code: error.code, message: error.message },
    evidence: undefined,
  };
}
