import { DIMENSIONS } from '../config/index.js';
import type { BenchReport } from '../scoring/index.js';
import { printTable } from './table.js';

/** One task result as saved in a report (older reports lack some rodeo fields: read them as optional). */
type TaskRow = BenchReport['results'][number];

/** Characters of an answer (or of its error) shown per task by `bench show --tasks`. */
const ANSWER_PREFIX_CHARS = 48;

export const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);

const signed = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;

const completed = (r: TaskRow) => r.success && r.error === null;
const categoryOf = (r: TaskRow) => r.rodeo?.category ?? r.benchmark;

/** Tasks completed (no transport error) and tasks that also reached the quality threshold. */
export interface PassCounts {
  total: number;
  completed: number;
  qualityPassed: number;
  threshold: number;
}

/**
 * Counts from the report itself; `fallbackThreshold` (bench.passQuality) only for reports written before
 * they recorded their own threshold.
 */
export function passCounts(
  report: BenchReport,
  fallbackThreshold: number,
  rows: TaskRow[] = report.results,
): PassCounts {
  const threshold = report.rodeo.quality_pass?.threshold ?? fallbackThreshold;
  return {
    total: rows.length,
    completed: rows.filter(completed).length,
    qualityPassed: rows.filter((r) => completed(r) && r.quality_score >= threshold).length,
    threshold,
  };
}

/** The summary line: transport and quality are counted apart (every answer can arrive and be wrong). */
export function summaryLine(c: PassCounts): string {
  return (
    `${c.completed}/${c.total} completed (answered without a transport error); ` +
    `${c.qualityPassed}/${c.total} passed on quality (score >= ${c.threshold.toFixed(2)})`
  );
}

function groupByCategory(rows: TaskRow[]): Map<string, TaskRow[]> {
  const groups = new Map<string, TaskRow[]>();
  for (const r of rows) groups.set(categoryOf(r), [...(groups.get(categoryOf(r)) ?? []), r]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function printReport(report: BenchReport, fallbackThreshold: number): void {
  const counts = passCounts(report, fallbackThreshold);
  process.stdout.write(
    `\n${report.suite} against ${report.target_url} (model ${report.model}), profile ${report.rodeo.profile}\n` +
      `${summaryLine(counts)}\n` +
      `avg TTFT ${fmt(report.avg_ttft_seconds, 2)} s; max gap ${fmt(report.max_gap_seconds, 2)} s; ` +
      `p50 latency ${fmt(report.p50_latency_seconds, 2)} s\n\n`,
  );
  printTable(
    ['composite', ...DIMENSIONS],
    [[fmt(report.composite_score), ...DIMENSIONS.map((d) => fmt(report[`${d}_score`]))]],
  );
  const rowsByCategory = groupByCategory(report.results);
  printTable(
    ['category', 'tasks', 'completed', 'quality pass', 'quality', 'speed', 'cost', 'streaming'],
    Object.entries(report.rodeo.by_category).map(([name, c]) => {
      const rows = rowsByCategory.get(name) ?? [];
      return [
        name,
        c.count,
        c.passed,
        passCounts(report, fallbackThreshold, rows).qualityPassed,
        fmt(c.quality),
        fmt(c.speed),
        fmt(c.cost),
        fmt(c.streaming),
      ];
    }),
  );
  const errors = Object.entries(report.rodeo.errors_by_code);
  if (errors.length)
    printTable(
      ['failure', 'tasks'],
      errors.map(([code, n]) => [code, n]),
    );
}

/** Control characters (C0, DEL, C1) and bidi overrides: a miner's text must not drive the operator's terminal. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** A one-line prefix of a text: whitespace collapsed, control characters shown as �, cut at `max` characters. */
export function prefix(text: string | null | undefined, max = ANSWER_PREFIX_CHARS): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').replace(CONTROL, '\ufffd').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `bench show --tasks`: one row per task with its scores (0-100), its error code and the start of its answer. */
export function printTasks(report: BenchReport): void {
  printTable(
    ['task', 'category', 'result', 'quality', 'speed', 'cost', 'streaming', 'ttft s', 'answer (or error)'],
    report.results.map((r) => [
      r.task_id,
      categoryOf(r),
      r.rodeo?.error_code ?? (r.error ? 'error' : 'ok'),
      fmt(r.quality_score * 100, 0),
      fmt(r.speed_score * 100, 0),
      fmt(r.cost_score * 100, 0),
      fmt(r.streaming_score * 100, 0),
      completed(r) ? fmt(r.rodeo?.ttft_ms == null ? null : r.rodeo.ttft_ms / 1000, 2) : '',
      // an error's URL is the target's, the same on every row: the reason is what differs
      r.response_text ? prefix(r.response_text) : prefix(r.error?.replace(/^https?:\/\/\S+\s+/, '')),
    ]),
  );
}

/** The p-th percentile (0..1) by nearest rank; undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

export interface CategoryTiming {
  category: string;
  tasks: number;
  completed: number;
  ttft_p50_s?: number;
  ttft_p95_s?: number;
  tps_p50?: number;
  tps_p95?: number;
  latency_p50_s?: number;
  latency_p95_s?: number;
}

function timing(category: string, rows: TaskRow[]): CategoryTiming {
  const done = rows.filter(completed);
  const ttfts = done.flatMap((r) => (r.rodeo?.ttft_ms == null ? [] : [r.rodeo.ttft_ms / 1000]));
  const tps = done.flatMap((r) => (r.tokens_per_second == null ? [] : [r.tokens_per_second]));
  const latencies = done.map((r) => r.latency_seconds);
  const fields = {
    ttft_p50_s: percentile(ttfts, 0.5),
    ttft_p95_s: percentile(ttfts, 0.95),
    tps_p50: percentile(tps, 0.5),
    tps_p95: percentile(tps, 0.95),
    latency_p50_s: percentile(latencies, 0.5),
    latency_p95_s: percentile(latencies, 0.95),
  };
  return {
    category,
    tasks: rows.length,
    completed: done.length,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
}

/** `bench analyze`: p50/p95 of TTFT, tokens per second and latency per category, over completed tasks. */
export function analyzeReport(report: BenchReport): { categories: CategoryTiming[]; all: CategoryTiming } {
  return {
    categories: [...groupByCategory(report.results)].map(([name, rows]) => timing(name, rows)),
    all: timing('all', report.results),
  };
}

export function printAnalysis(report: BenchReport): void {
  const { categories, all } = analyzeReport(report);
  process.stdout.write(
    `\n${report.suite} against ${report.target_url} (model ${report.model}): timings of completed tasks\n`,
  );
  printTable(
    [
      'category',
      'completed',
      'TTFT p50 s',
      'TTFT p95 s',
      'TPS p50',
      'TPS p95',
      'latency p50 s',
      'latency p95 s',
    ],
    [...categories, all].map((t) => [
      t.category,
      `${t.completed}/${t.tasks}`,
      fmt(t.ttft_p50_s, 2),
      fmt(t.ttft_p95_s, 2),
      fmt(t.tps_p50, 1),
      fmt(t.tps_p95, 1),
      fmt(t.latency_p50_s, 2),
      fmt(t.latency_p95_s, 2),
    ]),
  );
}

export interface Comparison {
  /** What makes the two runs differ beyond the engine (suite, seed, subset, profile). */
  differences: string[];
  overall: { name: string; a: number | null; b: number | null; delta: number | null }[];
  categories: {
    category: string;
    tasks: [number, number];
    quality: [number | null, number | null];
    delta: Record<'quality' | 'speed' | 'cost' | 'streaming', number | null>;
  }[];
}

const minus = (b: number | null | undefined, a: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : b - a;

/** `bench compare A B`: composite and dimensions side by side, then per-category deltas (B - A). */
export function compareReports(a: BenchReport, b: BenchReport, fallbackThreshold: number): Comparison {
  const differences: string[] = [];
  const same = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y))
      differences.push(`${what}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  same('suite', a.suite, b.suite);
  same('seed', a.rodeo.seed, b.rodeo.seed);
  same('subset', a.rodeo.subset_percent, b.rodeo.subset_percent);
  same('profile', a.rodeo.profile, b.rodeo.profile);
  const pa = passCounts(a, fallbackThreshold);
  const pb = passCounts(b, fallbackThreshold);
  same('quality pass threshold', pa.threshold, pb.threshold);
  const row = (name: string, x: number | null, y: number | null) => ({
    name,
    a: x,
    b: y,
    delta: minus(y, x),
  });
  const overall = [
    row('composite', a.composite_score, b.composite_score),
    ...DIMENSIONS.map((d) => row(d, a[`${d}_score`], b[`${d}_score`])),
    row('tasks', pa.total, pb.total),
    row('completed', pa.completed, pb.completed),
    row('quality passes', pa.qualityPassed, pb.qualityPassed),
    row('avg TTFT s', a.avg_ttft_seconds, b.avg_ttft_seconds),
    row('p50 latency s', a.p50_latency_seconds, b.p50_latency_seconds),
  ];
  const names = [
    ...new Set([...Object.keys(a.rodeo.by_category), ...Object.keys(b.rodeo.by_category)]),
  ].sort();
  const categories = names.map((category) => {
    const x = a.rodeo.by_category[category];
    const y = b.rodeo.by_category[category];
    return {
      category,
      tasks: [x?.count ?? 0, y?.count ?? 0] as [number, number],
      quality: [x?.quality ?? null, y?.quality ?? null] as [number | null, number | null],
      delta: {
        quality: minus(y?.quality, x?.quality),
        speed: minus(y?.speed, x?.speed),
        cost: minus(y?.cost, x?.cost),
        streaming: minus(y?.streaming, x?.streaming),
      },
    };
  });
  return { differences, overall, categories };
}

export function printComparison(c: Comparison, fileA: string, fileB: string): void {
  process.stdout.write(`\nA: ${fileA}\nB: ${fileB}\n`);
  for (const d of c.differences) process.stdout.write(`note: the runs differ in ${d}\n`);
  process.stdout.write('\n');
  const digits = (name: string) => (name.endsWith(' s') ? 2 : /tasks|completed|passes/.test(name) ? 0 : 1);
  printTable(
    ['', 'A', 'B', 'B - A'],
    c.overall.map((r) => [
      r.name,
      fmt(r.a, digits(r.name)),
      fmt(r.b, digits(r.name)),
      signed(r.delta, digits(r.name)),
    ]),
  );
  printTable(
    ['category', 'tasks A/B', 'quality A', 'quality B', 'Δ quality', 'Δ speed', 'Δ cost', 'Δ streaming'],
    c.categories.map((r) => [
      r.category,
      `${r.tasks[0]}/${r.tasks[1]}`,
      fmt(r.quality[0]),
      fmt(r.quality[1]),
      signed(r.delta.quality),
      signed(r.delta.speed),
      signed(r.delta.cost),
      signed(r.delta.streaming),
    ]),
  );
}
