/**
 * The clients perf/runner sets side by side on one scenario server. Each streams one request per model
 * string (all at once) and reports the timestamp error of every stamped content event (arrival minus the
 * server's true send time, ms) and its CPU time. See perf/runner.ts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runBench, StreamReader } from '../../bench/index.js';
import * as benchTesting from '../../bench/testing/index.js';
import { defaultConfig } from '../../config/index.js';
import { normalizeTask } from '../../datasets/index.js';
import { openRawSse } from './raw-sse-connection.js';
import type { OpenStreams, WorkerMessage } from './raw-sse-worker.js';

export interface ClientRun {
  /** Timestamp error of every stamped content event, ms. */
  errors: number[];
  /** SSE events read (all kinds). */
  events: number;
  failed: number;
  /** CPU time of the client (user + system), µs. */
  cpuUs: number;
}

const task = normalizeTask({
  id: 'perf',
  category: 'streaming',
  input: { messages: [{ role: 'user', content: 'go' }] },
});
const requestBody = (model: string) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'go' }], stream: true });

/** Timestamp errors of one stream read by the bench's StreamReader, whose times are µs since `startMs`. */
function readerErrors(reader: StreamReader, startMs: number, errors: number[]): void {
  const sent = benchTesting.stampedSendTimes(reader.answer().content);
  let i = 0;
  for (const [j, us] of reader.events.t.entries())
    if (reader.events.k[j] === 'c') errors.push(startMs + us / 1000 - sent[i++]!);
}

/**
 * Ours: the bench runner as the validator runs it (runBench -> measure -> StreamReader), reading with
 * `reader` (bench.reader: the worker by default; undici for the side-by-side). Process CPU, so the
 * reader worker's own thread, and its start-up once per run, are counted.
 */
export async function runOurs(
  url: string,
  models: string[],
  reader: 'worker' | 'undici',
): Promise<ClientRun> {
  const cpu0 = process.cpuUsage();
  const results = await runBench({
    tasks: [task],
    targets: models.map((model, i) => ({ id: `t${i}`, url, model })),
    config: { ...defaultConfig().bench, reader, concurrency: { global: 1024, perTarget: 1 } },
  });
  const cpu = process.cpuUsage(cpu0);
  const errors: number[] = [];
  let events = 0;
  let failed = 0;
  for (const [m] of results.values()) {
    if (!m || m.error) {
      failed++;
      continue;
    }
    events += m.events.k.length;
    const sent = benchTesting.stampedSendTimes(m.content);
    const seen = m.events.t.filter((_, i) => m.events.k[i] === 'c');
    for (const [i, us] of seen.entries()) errors.push(m.startedAt + us / 1000 - sent[i]!);
  }
  return { errors, events, failed, cpuUs: cpu.user + cpu.system };
}

const limits = () => defaultConfig().bench;

/**
 * Ours on the raw path: net.Socket + hand-decoded HTTP/1.1, the same StreamReader. With `workers` > 0 the
 * sockets live on that many worker threads, which stamp the reads and post them here once per turn;
 * with 0 they are read on this thread, stamped on arrival and parsed on the next turn (as measure does).
 */
export async function runOursRaw(url: string, models: string[], workers: number): Promise<ClientRun> {
  const cpu0 = process.cpuUsage();
  const readers = models.map(() => new StreamReader(limits()));
  const starts = models.map(() => 0);
  const endedWith: (string | undefined)[] = models.map(() => undefined);
  const feed = (id: number, at: number, bytes: Uint8Array) => {
    readers[id]!.feed(bytes, Math.round((at - starts[id]!) * 1000));
  };
  let whenDone = () => {};
  await new Promise<void>((resolve) => {
    let open = models.length;
    const onEnd = (id: number, error?: string) => {
      endedWith[id] = error;
      if (--open === 0) resolve();
    };
    if (workers === 0) {
      const target = new URL(url);
      let queue: { id: number; at: number; bytes: Uint8Array }[] = [];
      const drain = () => {
        const items = queue;
        queue = [];
        for (const { id, at, bytes } of items) feed(id, at, bytes);
      };
      for (const [id, model] of models.entries()) {
        starts[id] = performance.timeOrigin + performance.now();
        openRawSse(target, requestBody(model), {
          onBytes(at, bytes) {
            if (!queue.length) setImmediate(drain);
            queue.push({ id, at, bytes });
          },
          onEnd(error) {
            setImmediate(() => {
              drain();
              onEnd(id, error);
            });
          },
        });
      }
      return;
    }
    const pool = readerWorkers(workers);
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'bytes') for (const { id, at, bytes } of m.items) feed(id, at, bytes);
      else onEnd(m.id, m.error);
    };
    for (const [w, worker] of pool.entries()) {
      const requests = models
        .map((model, id) => ({ id, body: requestBody(model) }))
        .filter(({ id }) => id % workers === w);
      const now = performance.timeOrigin + performance.now();
      for (const { id } of requests) starts[id] = now;
      worker.on('message', onMessage);
      worker.postMessage({ url, requests } satisfies OpenStreams);
    }
    whenDone = () => {
      for (const worker of pool) worker.off('message', onMessage);
    };
  });
  whenDone();
  const cpu = process.cpuUsage(cpu0);
  const errors: number[] = [];
  let events = 0;
  let failed = 0;
  for (const [id, reader] of readers.entries()) {
    if (!reader.done || reader.failure || endedWith[id]) {
      failed++;
      continue;
    }
    events += reader.eventCount;
    readerErrors(reader, starts[id]!, errors);
  }
  return { errors, events, failed, cpuUs: cpu.user + cpu.system };
}

const workerPool: Worker[] = [];

/** The reader workers, started once (their start-up is not charged to a run) and kept until closeWorkers. */
function readerWorkers(n: number): Worker[] {
  const entry = new URL('./raw-sse-worker.ts', import.meta.url).href;
  while (workerPool.length < n) {
    // Node 20 does not hand tsx's loader to workers: the worker registers it, then imports the entry.
    const worker = new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true },
    );
    worker.on('error', (err) => {
      throw err;
    });
    workerPool.push(worker);
  }
  return workerPool.slice(0, n);
}

export async function closeWorkers(): Promise<void> {
  await Promise.all(workerPool.splice(0).map((w) => w.terminate()));
}

/** The Python asyncio raw-socket peer (perf/lib/asyncio_sse_client.py) in its own process. */
export async function runPython(url: string, models: string[]): Promise<ClientRun> {
  const target = new URL(url);
  const script = fileURLToPath(new URL('./asyncio_sse_client.py', import.meta.url));
  const child = spawn('python3', [script, target.hostname, target.port], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(models));
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`the Python client exited with ${code}`);
  const r = JSON.parse(out) as { errors: number[]; events: number; failed: number; cpu_us: number };
  return { errors: r.errors, events: r.events, failed: r.failed, cpuUs: r.cpu_us };
}
