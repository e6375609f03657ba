import { DatasetErrors } from './errors.js';
import { createRng } from './prng.js';
import type { Task } from './task.js';

export interface SampleOptions {
  /** Percent of each benchmark to keep (1..100). */
  subsetPercent: number;
  seed: string | number;
  /** Keep only tasks of this benchmark (or category) first. */
  benchmark?: string;
}

/**
 * janus-bench's subset sampling, with our PRNG (see prng.ts): per benchmark, in order of first
 * appearance, shuffle with the seed `${seed}:${benchmark}`, keep max(1, ceil(n * pct / 100)) tasks and
 * sort them by id. 100% keeps every task in its original order.
 */
export function sampleTasks(tasks: Task[], opts: SampleOptions): Task[] {
  if (!(opts.subsetPercent >= 1 && opts.subsetPercent <= 100))
    throw DatasetErrors.BAD_SAMPLE(`subsetPercent ${opts.subsetPercent}`);
  const pool = opts.benchmark
    ? tasks.filter((t) => t.benchmark === opts.benchmark || t.category === opts.benchmark)
    : tasks;
  if (opts.subsetPercent === 100) return pool;
  const groups = new Map<string, Task[]>();
  for (const t of pool) groups.set(t.benchmark, [...(groups.get(t.benchmark) ?? []), t]);
  const out: Task[] = [];
  for (const [benchmark, group] of groups) {
    const keep = Math.max(1, Math.ceil((group.length * opts.subsetPercent) / 100));
    const chosen = createRng(`${opts.seed}:${benchmark}`).shuffle(group).slice(0, keep);
    out.push(...chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }
  return out;
}
