import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BenchErrors, type Measurement, runBench } from '../bench/index.js';
import type { Config } from '../config/index.js';
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

const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? 'n/a' : v.toFixed(digits);

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

export function printReport(report: BenchReport): void {
  process.stdout.write(
    `\n${report.suite} against ${report.target_url} (model ${report.model}), profile ${report.rodeo.profile}\n` +
      `${report.passed_tasks}/${report.total_tasks} tasks passed; avg TTFT ${fmt(report.avg_ttft_seconds, 2)} s; ` +
      `max gap ${fmt(report.max_gap_seconds, 2)} s; p50 latency ${fmt(report.p50_latency_seconds, 2)} s\n\n`,
  );
  printTable(
    ['composite', 'quality', 'speed', 'cost', 'streaming', 'multimodal'],
    [
      [
        fmt(report.composite_score),
        fmt(report.quality_score),
        fmt(report.speed_score),
        fmt(report.cost_score),
        fmt(report.streaming_score),
        fmt(report.multimodal_score),
      ],
    ],
  );
  printTable(
    ['category', 'tasks', 'passed', 'quality', 'speed', 'cost', 'streaming'],
    Object.entries(report.rodeo.by_category).map(([name, c]) => [
      name,
      c.count,
      c.passed,
      fmt(c.quality),
      fmt(c.speed),
      fmt(c.cost),
      fmt(c.streaming),
    ]),
  );
  const errors = Object.entries(report.rodeo.errors_by_code);
  if (errors.length)
    printTable(
      ['failure', 'tasks'],
      errors.map(([code, n]) => [code, n]),
    );
}

export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description('benchmark an OpenAI-compatible engine the way validators do, and write a report')
    .option('-t, --target <url>', 'engine base URL (POST {target}/v1/chat/completions)')
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
        printReport(report);
        process.stdout.write(`report: ${path}\n`);
      }
    });

  bench
    .command('show <report>')
    .description('print a saved report as tables')
    .action((file: string) => printReport(readReport(file)));

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
