import { setMaxListeners } from 'node:events';
import { Agent } from 'undici';
import type { BenchConfig } from '../config/index.js';
import { type Evidence, type Task, taskToRequestBody } from '../datasets/index.js';
import { Limiter } from './limiter.js';
import { measure } from './measure.js';
import type { Measurement } from './types.js';

export interface BenchTarget {
  /** Stable id of the engine (a hotkey, or the URL for a local bench). */
  id: string;
  url: string;
  model: string;
  headers?: Record<string, string>;
  /** Signs each request body (the validator's Epistula headers for this miner). */
  sign?: (body: string) => Record<string, string>;
}

export interface BenchRunOptions {
  tasks: Task[];
  targets: BenchTarget[];
  config: Pick<
    BenchConfig,
    | 'ttftTimeoutMs'
    | 'requestTimeoutMs'
    | 'maxResponseBytes'
    | 'maxLineBytes'
    | 'maxEvents'
    | 'includeUsage'
    | 'concurrency'
  >;
  /**
   * Evaluation steps that need I/O (running code, a judge). Called after every stream of the run has
   * finished, so they never compete with the streams being timed; the result is stored in the measurement.
   */
  gatherEvidence?: (task: Task, measurement: Measurement) => Promise<Evidence | undefined>;
  evidenceConcurrency?: number;
  onMeasurement?: (target: BenchTarget, task: Task, measurement: Measurement) => void;
  signal?: AbortSignal;
}

/** Measurements per target id, in task order. */
export type BenchResults = Map<string, Measurement[]>;

/**
 * Streams every task against every target. Targets run concurrently (global limit); the tasks of one
 * target run `concurrency.perTarget` at a time (1 = sequential, like janus-bench).
 */
export async function runBench(options: BenchRunOptions): Promise<BenchResults> {
  const { tasks, targets, config } = options;
  const global = new Limiter(config.concurrency.global);
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const results: BenchResults = new Map();
  // every stream of the run listens to the same stop signal
  if (options.signal) setMaxListeners(0, options.signal);
  try {
    await Promise.all(
      targets.map(async (target) => {
        const perTarget = new Limiter(config.concurrency.perTarget);
        const list = await Promise.all(
          tasks.map((task) =>
            perTarget.run(() =>
              global.run(async () => {
                const m = await measure(
                  {
                    taskId: task.id,
                    url: target.url,
                    model: target.model,
                    body: taskToRequestBody(task, target.model, { includeUsage: config.includeUsage }),
                    dispatcher,
                    ...(target.headers ? { headers: target.headers } : {}),
                    ...(target.sign ? { sign: target.sign } : {}),
                    ...(options.signal ? { signal: options.signal } : {}),
                  },
                  config,
                );
                options.onMeasurement?.(target, task, m);
                return m;
              }),
            ),
          ),
        );
        results.set(target.id, list);
      }),
    );
  } finally {
    await dispatcher.close();
  }
  if (options.gatherEvidence)
    await gatherAll(tasks, results, options.gatherEvidence, options.evidenceConcurrency ?? 2);
  return results;
}

async function gatherAll(
  tasks: Task[],
  results: BenchResults,
  gather: NonNullable<BenchRunOptions['gatherEvidence']>,
  concurrency: number,
): Promise<void> {
  const limiter = new Limiter(concurrency);
  const jobs: Promise<void>[] = [];
  for (const measurements of results.values()) {
    measurements.forEach((m, i) => {
      const task = tasks[i]!;
      if (m.error) return;
      jobs.push(
        limiter.run(async () => {
          m.evidence = await gather(task, m);
        }),
      );
    });
  }
  await Promise.all(jobs);
}
