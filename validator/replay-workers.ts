import { Worker } from 'node:worker_threads';
import type { RoundInputs } from './derive.js';
import type { ScoresRecord } from './record-types.js';

export interface ScoreJob {
  id: number;
  inputs: Pick<RoundInputs, 'start' | 'tasks' | 'measurements'>;
}
export type ScoreResult = { id: number; scores: ScoresRecord } | { id: number; error: string };
/** A round streamed to a worker: begun with its start and tasks, then its measurements records' lines. */
export type StreamMessage =
  | { kind: 'begin'; id: number; start: RoundInputs['start']; tasks: RoundInputs['tasks'] }
  | { kind: 'add'; id: number; line: string }
  | { kind: 'finish'; id: number };

/** A round being scored on a worker: its measurements records' lines in ledger order, then its scores. */
export interface StreamedJob {
  add(line: string): void;
  /** The scores, or undefined when the worker could not score the round (the caller scores it itself). */
  finish(): Promise<ScoresRecord | undefined>;
}

/**
 * Worker threads that score whole rounds (scoreMiners, the bulk of a replay) while the main thread reads and
 * checks the ledger and settles earlier rounds in order. A round's inputs reach a worker by structured clone,
 * which keeps every value exactly, so its scores are the ones the main thread would compute. A round a worker
 * could not score resolves to undefined: the caller scores it itself.
 */
export class ReplayWorkers {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (scores: ScoresRecord | undefined) => void>();
  private readonly load: number[];
  private next = 0;
  private dead = false;
  /** Rounds the workers scored (the rest were scored on the main thread). */
  scored = 0;

  constructor(count: number) {
    // from the TypeScript sources (tsx, vitest) the worker registers tsx and imports its .ts file; from dist/, its .js
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './replay-worker.ts' : './replay-worker.js', import.meta.url);
    const spawn = () =>
      fromSource
        ? new Worker(
            `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true },
          )
        : new Worker(url);
    this.workers = Array.from({ length: count }, spawn);
    this.load = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (r: ScoreResult) => {
        this.load[i]!--;
        const done = this.waiting.get(r.id);
        this.waiting.delete(r.id);
        if ('scores' in r && done) this.scored++;
        done?.('scores' in r ? r.scores : undefined);
      });
      const died = () => {
        // a worker that died leaves its rounds, and every later one, to the main thread
        this.dead = true;
        for (const done of this.waiting.values()) done(undefined);
        this.waiting.clear();
      };
      w.on('error', died);
      w.on('exit', died);
    });
  }

  private leastBusy(): number {
    let i = 0;
    for (let j = 1; j < this.load.length; j++) if (this.load[j]! < this.load[i]!) i = j;
    return i;
  }

  /**
   * Starts scoring a round on the least busy worker, record by record as replay reads them (`add` each
   * measurements record's stored line, then `finish`): the round never has to be in memory whole, and the
   * main thread hands over each line as read instead of a structured clone of every record at the end.
   */
  begin(start: RoundInputs['start'], tasks: RoundInputs['tasks']): StreamedJob {
    const id = this.next++;
    const i = this.leastBusy();
    this.load[i]!++;
    const worker = this.workers[i]!;
    const post = (msg: StreamMessage) => {
      if (!this.dead) worker.postMessage(msg);
    };
    post({ kind: 'begin', id, start, tasks });
    return {
      add: (line) => post({ kind: 'add', id, line }),
      finish: () => {
        if (this.dead) return Promise.resolve(undefined);
        return new Promise((resolve) => {
          this.waiting.set(id, resolve);
          post({ kind: 'finish', id });
        });
      },
    };
  }

  /** The round's scores from the least busy worker. */
  score(inputs: ScoreJob['inputs']): Promise<ScoresRecord | undefined> {
    if (this.dead) return Promise.resolve(undefined);
    const id = this.next++;
    const i = this.leastBusy();
    this.load[i]!++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const job: ScoreJob = {
        id,
        inputs: { start: inputs.start, tasks: inputs.tasks, measurements: inputs.measurements },
      };
      this.workers[i]!.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.dead = true;
    for (const done of this.waiting.values()) done(undefined);
    this.waiting.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
