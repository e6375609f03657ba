import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BenchErrors, type Measurement, runBench } from '../bench/index.js';
import { type Config, defaultConfig } from '../config/index.js';
import {
  gatherEvidence,
  listBenchmarks,
  listSuites,
  loadJsonlFile,
  loadSuite,
  sampleTasks,
  type Task,
} from '../datasets/index.js';
import { aggregate, type BenchReport, buildReport, scoreMeasurements } from '../scoring/index.js';
import {
  analyzeReport,
  compareReports,
  printAnalysis,
  printComparison,
  printReport,
  printTasks,
} from './bench-views.js';
import { loadCommandConfig } from './context.js';
import { progressBar } from './progress.js';
import { printTable } from './table.js';

const RUN_FLAGS = {
  target: 'bench.target',
  model: 'bench.model',
  suite: 'bench.suite',
  dataset: 'bench.dataset',
  benchmark: 'bench.benchmark',
  subset: 'bench.subset',
  seed: 'bench.seed',
  output: 'bench.output',
  ttftTimeout: 'bench.ttftTimeoutMs',
  timeout: 'bench.requestTimeoutMs',
  concurrency: 'bench.concurrency.perTarget',
  profile: 'scoring.profile',
};

function loadTasks(config: Config): { suite: string; tasks: Task[] } {
  const b = config.bench;
  const all = b.dataset ? loadJsonlFile(b.dataset) : loadSuite(b.suite, { seed: String(b.seed) });
  const tasks = sampleTasks(all, {
    subsetPercent: b.subset,
    seed: String(b.seed),
    ...(b.benchmark ? { benchmark: b.benchmark } : {}),
  });
  return { suite: b.dataset ?? b.suite, tasks };
}

/** Streams every task against the target, scores it and writes the report (janus-bench's fields plus ours). */
export async function benchRun(config: Config): Promise<{ report: BenchReport; path: string }> {
  const { suite, tasks } = loadTasks(config);
  if (config.datasets.sandbox.isolation === 'none')
    process.stderr.write(
      '\n*** WARNING: datasets.sandbox.isolation is "none": the code in answers runs UNJAILED as this user and can read\n' +
        '*** your files, keys and environment. Use it only against a target you trust; `validator run` refuses it. ***\n\n',
    );
  const startedAt = new Date().toISOString();
  const progress = progressBar(tasks.length, `bench ${config.bench.target}`);
  const results = await runBench({
    tasks,
    targets: [
      { id: 'target', url: config.bench.target, model: config.bench.model, headers: config.bench.headers },
    ],
    config: config.bench,
    gatherEvidence: (task, m) =>
      gatherEvidence(task, m, { sandbox: config.datasets.sandbox, judge: config.datasets.judge }),
    onMeasurement: (_t, task, m) => progress.tick(m.error ? `${task.id}: ${m.error.code}` : task.id),
  });
  progress.stop();
  const measurements = results.get('target') as Measurement[];
  // nothing answered at all: no report of zeros, a clear error (exit 1)
  if (measurements.length > 0 && measurements.every((m) => m.error?.code === BenchErrors.CONNECT.code)) {
    const first = measurements[0]!.error!.message;
    throw BenchErrors.TARGET_UNREACHABLE(config.bench.target, /\bE[A-Z_]{3,}\b/.exec(first)?.[0] ?? first);
  }
  const scores = scoreMeasurements(config.scoring.profile, tasks, measurements);
  const run = aggregate(config.scoring.profile, scores, config.scoring.weights);
  const runId = randomUUID().slice(0, 8);
  const report = buildReport({
    runId,
    suite,
    targetUrl: config.bench.target,
    model: config.bench.model,
    startedAt,
    completedAt: new Date().toISOString(),
    seed: config.bench.seed,
    subset: config.bench.subset,
    passQuality: config.bench.passQuality,
    weights: config.scoring.weights,
    tasks,
    measurements,
    scores,
    run,
  });
  const path = config.bench.output ?? `bench_results_${runId}.json`;
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return { report, path };
}

function readReport(file: string): BenchReport {
  let report: Partial<BenchReport>;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchReport>;
  } catch (err) {
    throw BenchErrors.REPORT_UNREADABLE(file, (err as Error).message);
  }
  if (typeof report.composite_score !== 'number' || !report.rodeo) {
    throw BenchErrors.REPORT_UNREADABLE(
      file,
      'it is not a rodeo bench report (no composite_score / rodeo section)',
    );
  }
  return report as BenchReport;
}

export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description('benchmark an OpenAI-compatible engine the way validators do, and write a report')
    .option(
      '-t, --target <url>',
      `engine base URL (POST {target}/v1/chat/completions; default ${defaultConfig().bench.target}, where \`rodeo miner serve\` listens)`,
    )
    .option('-s, --suite <name>', 'task suite (see `rodeo bench list-suites`)')
    .option('-d, --dataset <file>', 'a JSONL file in janus-bench public format instead of --suite')
    .option('-b, --benchmark <name>', 'only this benchmark (see `rodeo bench list-benchmarks`)')
    .option('-m, --model <model>', '`model` sent in the requests')
    .option('--subset <percent>', 'percent of each benchmark to run, 1-100')
    .option('--seed <seed>', 'sampling seed')
    .option('-o, --output <file>', 'report path (default bench_results_<run_id>.json)')
    .option('--profile <name>', 'scoring profile: rodeo-v1 | janus-compat')
    .option('--ttft-timeout <ms>', 'one first-token deadline for every task, ms (default: per task category)')
    .option('--timeout <ms>', 'one deadline for every whole response, ms (default: per task category)')
    .option('--concurrency <n>', 'tasks in flight at once (1 = sequential, like janus-bench)')
    .option('--json', 'print the report JSON on stdout instead of tables')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), RUN_FLAGS);
      const { report, path } = await benchRun(config);
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        printReport(report, config.bench.passQuality);
        process.stdout.write(`report: ${path}\n`);
      }
      // every request failed: the report says why, and the exit status says it failed
      if (report.total_tasks > 0 && report.rodeo.completed_tasks === 0) {
        const codes = Object.entries(report.rodeo.errors_by_code)
          .map(([code, n]) => `${code} x${n}`)
          .join(', ');
        throw BenchErrors.NOTHING_COMPLETED(config.bench.target, report.total_tasks, codes, path);
      }
    });

  bench
    .command('show <report>')
    .description('print a saved report as tables; --tasks adds one row per task')
    .option('--tasks', 'per-task scores (0-100), error codes and the start of each answer')
    .action((file: string, opts: { tasks?: boolean }, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals());
      const report = readReport(file);
      printReport(report, config.bench.passQuality);
      if (opts.tasks) printTasks(report);
    });

  bench
    .command('compare <a> <b>')
    .description('two saved reports side by side: composite, dimensions, counts, per-category deltas (B - A)')
    .option('--json', 'print the comparison as JSON')
    .action((fileA: string, fileB: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals(); // `bench --json` and `bench compare --json` are the same flag
      const config = loadCommandConfig(opts);
      const comparison = compareReports(readReport(fileA), readReport(fileB), config.bench.passQuality);
      if (opts.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
      else printComparison(comparison, fileA, fileB);
    });

  bench
    .command('analyze <report>')
    .description('timings of a saved report per category: p50/p95 TTFT, tokens per second and latency')
    .option('--json', 'print the analysis as JSON')
    .action((file: string, _opts: unknown, cmd: Command) => {
      const report = readReport(file);
      if (cmd.optsWithGlobals().json)
        process.stdout.write(`${JSON.stringify(analyzeReport(report), null, 2)}\n`);
      else printAnalysis(report);
    });

  bench
    .command('list-suites')
    .description('suites you can run')
    .action(() =>
      printTable(
        ['suite', 'tasks', 'description'],
        listSuites().map((s) => [s.name, s.tasks, s.description]),
      ),
    );

  bench
    .command('list-benchmarks')
    .description('benchmarks (task groups) you can pick with --benchmark')
    .action(() =>
      printTable(
        ['benchmark', 'tasks', 'description'],
        listBenchmarks().map((b) => [b.name, b.tasks, b.description]),
      ),
    );
}
