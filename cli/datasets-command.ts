import type { Command } from 'commander';
import {
  answerFromReference,
  evaluate,
  listBenchmarks,
  listSuites,
  loadJsonlFile,
  loadSuite,
  needsEvidence,
  PRIVATE_SUITE,
  promptText,
  sampleTasks,
  type Task,
} from '../datasets/index.js';
import { printTable } from './table.js';

const excerpt = (text: string, n = 70) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

function printTasks(tasks: Task[]): void {
  printTable(
    ['id', 'category', 'type', 'difficulty', 'prompt'],
    tasks.map((t) => [t.id, t.category, t.type, t.difficulty, excerpt(promptText(t))]),
  );
}

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('task suites, private task generation and suite files');

  datasets
    .command('list')
    .description('suites and benchmarks')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const suites = listSuites();
      const benchmarks = listBenchmarks();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ suites, benchmarks }, null, 2)}\n`);
        return;
      }
      printTable(
        ['suite', 'tasks', 'categories', 'description'],
        suites.map((s) => [
          s.name,
          s.tasks,
          Object.entries(s.categories)
            .map(([c, n]) => `${c} ${n}`)
            .join(', '),
          s.description,
        ]),
      );
      printTable(
        ['benchmark', 'tasks', 'description'],
        benchmarks.map((b) => [b.name, b.tasks, b.description]),
      );
    });

  datasets
    .command('sample')
    .description('print tasks of a suite: a seeded subset, or a private/rotating draw')
    .requiredOption('--suite <name>', `public/train, public/dev or ${PRIVATE_SUITE}`)
    .option('--seed <seed>', 'seed (private/rotating: the round seed, e.g. a block hash)', '42')
    .option('--n <count>', 'private/rotating: how many tasks', (v) => Number.parseInt(v, 10), 20)
    .option('--subset <percent>', 'public suites: percent of each benchmark', (v) => Number(v), 100)
    .option('--benchmark <name>', 'only this benchmark or category')
    .option('--json', 'print the tasks as JSON')
    .action(
      (opts: {
        suite: string;
        seed: string;
        n: number;
        subset: number;
        benchmark?: string;
        json?: boolean;
      }) => {
        const all = loadSuite(opts.suite, { seed: opts.seed, n: opts.n });
        const tasks = sampleTasks(all, {
          subsetPercent: opts.subset,
          seed: opts.seed,
          ...(opts.benchmark ? { benchmark: opts.benchmark } : {}),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(tasks, null, 2)}\n`);
        else printTasks(tasks);
      },
    );

  datasets
    .command('validate <file>')
    .description(
      'check a JSONL task file (janus-bench public format or ours); grades reference answers when present',
    )
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const tasks = loadJsonlFile(file);
      const byCategory: Record<string, number> = {};
      const weak: { id: string; quality: number }[] = [];
      let graded = 0;
      for (const t of tasks) {
        byCategory[t.category] = (byCategory[t.category] ?? 0) + 1;
        const answer = answerFromReference(t);
        // Code tasks are graded from a sandbox run, which a file check does not do.
        if (!answer || needsEvidence(t)) continue;
        graded++;
        const { quality } = evaluate(t, answer, undefined, 'rodeo');
        if (quality < 0.9) weak.push({ id: t.id, quality });
      }
      const result = {
        file,
        tasks: tasks.length,
        byCategory,
        referencesGraded: graded,
        referencesBelow90: weak,
      };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(`${file}: ${tasks.length} valid tasks\n`);
        printTable(['category', 'tasks'], Object.entries(byCategory));
        process.stdout.write(`reference answers graded: ${graded}; below 0.9: ${weak.length}\n`);
        for (const w of weak) process.stdout.write(`  ${w.id}: ${w.quality.toFixed(2)}\n`);
      }
      if (weak.length) process.exitCode = 1;
    });
}
