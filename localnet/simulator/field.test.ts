import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchResults, runBench } from '../../bench/index.js';
import { defaultConfig } from '../../config/index.js';
import { gatherEvidence, generatePrivateTasks, probeSandbox } from '../../datasets/index.js';
import { type RunningMiner, serveMiner } from '../../miner-template/serve.js';
import { minerConfig } from '../../miner-template/testing/config.js';
import { aggregate, type RunScores, scoreMeasurements } from '../../scoring/index.js';
import { type SimulatorProcess, spawnSimulator } from './child.js';
import { SIM_PROFILES, type SimProfileName } from './profiles.js';

/**
 * The devnet field benchmarked the way a validator does it: each profile behind a real miner-template app
 * (router, pacer, upstream client), and the simulator alone, on 32 private/rotating tasks (4 of each kind),
 * scored with rodeo-v1. The simulator runs in its own process, as in the devnet, so the ~200 streams timed
 * here do not delay its timers. Figures are computed once; the assertions are orderings with margins.
 */
const config = defaultConfig();
const tasks = generatePrivateTasks('simulator-field', 32);
const names = Object.keys(SIM_PROFILES) as SimProfileName[];
const sandboxProblem = await probeSandbox(config.datasets.sandbox);

let sim: SimulatorProcess;
let miners: RunningMiner[] = [];
const results: BenchResults = new Map();
const scores = {
  miner: {} as Record<SimProfileName, RunScores>,
  direct: {} as Record<SimProfileName, RunScores>,
};

beforeAll(async () => {
  sim = await spawnSimulator({ port: 0, rounds: 1, profiles: names });
  await sim.add(tasks);
  miners = await Promise.all(
    names.map((n) =>
      serveMiner(
        minerConfig({
          host: '127.0.0.1',
          port: 0,
          upstream: { baseUrl: sim.url(n), model: SIM_PROFILES[n].model },
          tools: { searchOnComplex: false },
        }),
      ),
    ),
  );
  // One group at a time (behind miners, then alone), all tasks of a target at once: the streams of one
  // group are what a 2-core machine can time without starving its own event loop.
  for (const via of ['miner', 'direct'] as const) {
    const targets = names.map((n, i) =>
      via === 'miner'
        ? { id: `miner:${n}`, url: miners[i]!.url, model: 'rodeo-miner' }
        : { id: `direct:${n}`, url: sim.url(n).replace(/\/v1$/, ''), model: SIM_PROFILES[n].model },
    );
    const measured = await runBench({
      tasks,
      targets,
      config: {
        ...config.bench,
        concurrency: { global: targets.length * tasks.length, perTarget: tasks.length },
      },
      ...(sandboxProblem
        ? {}
        : { gatherEvidence: (task, m) => gatherEvidence(task, m, { sandbox: config.datasets.sandbox }) }),
      evidenceConcurrency: 4,
    });
    for (const [id, list] of measured) results.set(id, list);
  }
  const rows: string[] = [];
  for (const via of ['miner', 'direct'] as const) {
    for (const n of names) {
      const run = aggregate(
        'rodeo-v1',
        scoreMeasurements('rodeo-v1', tasks, results.get(`${via}:${n}`)!),
        config.scoring.weights,
      );
      scores[via][n] = run;
      const d = run.dimensions;
      rows.push(
        `${via.padEnd(6)} ${n.padEnd(12)} composite ${run.composite.toFixed(1).padStart(5)}  quality ${d.quality?.toFixed(0)} speed ${d.speed?.toFixed(0)} cost ${d.cost?.toFixed(0)} streaming ${d.streaming?.toFixed(0)} multimodal ${d.multimodal?.toFixed(0)}`,
      );
    }
  }
  console.info(
    `rodeo-v1 scores of the simulated field (${tasks.length} tasks${sandboxProblem ? ', no sandbox: code tasks score 0' : ''}):\n${rows.join('\n')}`,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(miners.map((m) => m.close()));
  await sim?.close();
});

describe.each(['miner', 'direct'] as const)('the simulated field ranked by rodeo-v1 (%s)', (via) => {
  const composite = (n: SimProfileName) => scores[via][n].composite;
  const dim = (n: SimProfileName, d: 'quality' | 'speed' | 'streaming') => scores[via][n].dimensions[d]!;

  it('strong ≈ copycat > slow-starter, bursty > average > broken', () => {
    expect(composite('strong')).toBeGreaterThanOrEqual(70);
    expect(composite('copycat')).toBeGreaterThanOrEqual(70);
    expect(Math.abs(composite('strong') - composite('copycat'))).toBeLessThanOrEqual(8);
    const top = Math.min(composite('strong'), composite('copycat'));
    const middle = [composite('slow-starter'), composite('bursty')];
    expect(top).toBeGreaterThanOrEqual(Math.max(...middle) + 3);
    expect(Math.min(...middle)).toBeGreaterThanOrEqual(composite('average') + 2);
    expect(composite('average')).toBeGreaterThanOrEqual(composite('broken') + 30);
    expect(composite('broken')).toBeLessThanOrEqual(10);
  });

  it('for the reasons the profiles say', () => {
    // The copycat answers exactly like strong: only the duplicate-submission rule can tell them apart.
    expect(dim('copycat', 'quality')).toBe(dim('strong', 'quality'));
    expect(dim('slow-starter', 'speed')).toBeLessThanOrEqual(dim('strong', 'speed') - 15);
    expect(dim('bursty', 'streaming')).toBeLessThanOrEqual(0.6 * dim('strong', 'streaming'));
    expect(dim('average', 'quality')).toBeLessThanOrEqual(dim('bursty', 'quality') - 10);
    expect(results.get(`${via}:broken`)!.every((m) => m.error !== undefined)).toBe(true);
    for (const n of names.filter((x) => x !== 'broken'))
      expect(
        results.get(`${via}:${n}`)!.flatMap((m) => (m.error ? [`${n} ${m.taskId} ${m.error.code}`] : [])),
      ).toEqual([]);
  });
});
