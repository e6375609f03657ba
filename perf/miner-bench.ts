/**
 * perf/miner-bench: the public/dev suite through the bench runner, straight to a bursty scripted upstream
 * and through the miner template in front of it (default paced settings; web search off, since the platform
 * services are not reachable here). Both run in processes of their own; tasks run one at a time, like
 * janus-bench. Prints continuity (janus formula, content events) and TTFT per target.
 * Target: miner continuity >= 0.9, and miner TTFT under 300 ms above the upstream's own.
 *   npx tsx perf/miner-bench.ts [subset percent, default 100]
 */
import { runBench } from '../bench/index.js';
import { defaultConfig } from '../config/index.js';
import { loadSuite, sampleTasks } from '../datasets/index.js';
import { streamMetrics } from '../scoring/index.js';
import { startMinerProcesses } from './lib/miner-processes.js';
import { percentile, printRows } from './lib/stats.js';

const subset = Number(process.argv[2] ?? 100);
const tasks = sampleTasks(loadSuite('public/dev'), { subsetPercent: subset, seed: '42' });
// Provider-like: 250 ms to the first token, then bursts of 3-8 words 5-200 ms apart, 200 words per answer.
const procs = await startMinerProcesses(
  ['--bursty', '--events', '40', '--tokens', '5', '--first-delay-ms', '250'],
  { RODEO_MINER_TOOLS_SEARCH_ON_COMPLEX: 'false' },
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  const rows: (string | number)[][] = [];
  const ttftMeans: number[] = [];
  for (const [id, url] of [
    ['upstream', procs.upstreamUrl.replace(/\/v1$/, '')],
    ['miner', procs.minerUrl.replace(/\/v1$/, '')],
  ] as const) {
    const results = await runBench({
      tasks,
      targets: [{ id, url, model: 'janus' }],
      config: { ...defaultConfig().bench, concurrency: { global: 1, perTarget: 1 } },
    });
    const measurements = results.get(id)!;
    const ok = measurements.filter((m) => !m.error);
    const metrics = ok.map(streamMetrics);
    const continuity = metrics.map((m) => m.continuity.score);
    const ttft = metrics.map((m) => m.ttftMs!).filter((x) => x !== undefined);
    ttftMeans.push(mean(ttft));
    rows.push([
      id,
      measurements.length,
      measurements.length - ok.length,
      mean(continuity),
      percentile(continuity, 0.1),
      mean(metrics.map((m) => m.chunkTps.avg)),
      mean(ttft),
      percentile(ttft, 0.5),
    ]);
  }
  process.stdout.write(`\npublic/dev, ${tasks.length} tasks per target, sequential\n`);
  printRows(
    [
      'target',
      'tasks',
      'failed',
      'continuity mean',
      'continuity p10',
      'chunks/s',
      'TTFT mean ms',
      'TTFT p50 ms',
    ],
    rows,
  );
  process.stdout.write(
    `\nTTFT added by the miner (mean): ${(ttftMeans[1]! - ttftMeans[0]!).toFixed(1)} ms\n`,
  );
} finally {
  procs.stop();
}
