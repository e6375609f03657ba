/**
 * perf/round-memory: peak memory of one validator round, 256 miners x 30 tasks against scripted miners (an SSE
 * server in another process), with the round's scoring done the old way and the new way, each in a fresh
 * process so that each peak is its own:
 *   - old: the round's records are read back whole (every miner's measurements in memory) and derived at once;
 *   - new: the round runner's way (validator/round-runner.ts): measurements leave memory once written per
 *     miner, the round is read without them and scoring streams over them (scoreRound).
 * Both run the same benchmark (their timings differ run to run) and write each miner's measurements as it
 * finishes (as measureMiners does); that both ways derive the same records is validator/score-round.test.ts. Prints peak RSS (VmHWM) after the benchmark and at the end of the round.
 *
 *   npm run perf -- round-memory [--miners 256] [--tasks 30] [--events 50]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { runBench } from '../bench/index.js';
import * as benchTesting from '../bench/testing/index.js';
import { defaultConfig } from '../config/index.js';
import { generatePrivateTasks } from '../datasets/index.js';
import { openLedger } from '../ledger/index.js';
import { countTokens } from '../protocol/index.js';
import { deriveRound, RECORD, readRound } from '../validator/index.js';
import { previousState, roundInputs, scoreRound } from '../validator/round-records.js';
import { defaultSettings, syntheticRaw } from '../validator/testing/synthetic-rounds.js';
import { printRows } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    miners: { type: 'string', default: '256' },
    tasks: { type: 'string', default: '30' },
    events: { type: 'string', default: '50' },
    mode: { type: 'string' },
  },
});
const MINERS = Number(args.miners);
const TASKS = Number(args.tasks);
const EVENTS = Number(args.events);

const peakMb = () => Number(/VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1000;
const rssMb = () => process.memoryUsage().rss / 1e6;

interface RoundFigures {
  mode: string;
  benchS: number;
  deriveS: number;
  peakAfterBench: number;
  peak: number;
  rssEnd: number;
  ledgerMb: number;
  scored: number;
}

async function round(mode: 'old' | 'new'): Promise<RoundFigures> {
  await cryptoWaitReady();
  const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  countTokens('warm up'); // the daemon loads the tokenizer at start
  const server = await benchTesting.startChildSseServer();
  const tasks = generatePrivateTasks('perf-round-memory', TASKS);
  const targets = Array.from({ length: MINERS }, (_, i) => ({
    id: `hk${i + 1}`,
    uid: i + 1,
    url: `${server.url}/m${i + 1}`,
    model: `prose:${EVENTS}:20:100`,
  }));
  const raw = syntheticRaw(
    1,
    100,
    targets.map((t) => ({
      hotkey: t.id,
      uid: t.uid,
      coldkey: `cold${t.uid}`,
      accuracy: 0,
      timing: { ttftMs: 100, intervalMs: 20, charsPerEvent: 8 },
      image: `registry.example/e${t.uid}@sha256:${String(t.uid).padStart(64, '0')}`,
      sourceCommit: String(t.uid).padStart(40, '0'),
      commitBlock: t.uid,
    })),
    tasks,
    defaultSettings(),
    signer.address,
  );
  const dir = mkdtempSync(join(tmpdir(), 'rodeo-perf-round-memory-'));
  const ledger = await openLedger(join(dir, 'ledger'));
  try {
    await ledger.appendBatch<unknown>([
      { type: RECORD.start, round: 1, data: raw.start },
      { type: RECORD.metagraph, round: 1, data: raw.metagraph },
      { type: RECORD.submissions, round: 1, data: raw.submissions },
      { type: RECORD.tasks, round: 1, data: raw.tasks },
    ]);
    const t0 = performance.now();
    await runBench({
      tasks,
      targets,
      config: { ...defaultConfig().bench, concurrency: { global: MINERS, perTarget: 1 } },
      // as measureMiners: each miner's measurements are written when final, and not kept
      onTargetDone: async (t, measurements) => {
        await ledger.append(RECORD.measurements, 1, {
          hotkey: t.id,
          uid: t.uid,
          endpoint: t.url,
          measurements,
        });
      },
    });
    const benchS = (performance.now() - t0) / 1000;
    await server.close();
    const peakAfterBench = peakMb();
    const t1 = performance.now();
    let out: ReturnType<typeof deriveRound>;
    if (mode === 'old') {
      const rec = await readRound(ledger, 1);
      out = deriveRound(roundInputs(rec, new Map())!, await previousState(ledger, 1));
    } else {
      const rec = await readRound(ledger, 1, { measurements: false });
      const inputs = roundInputs(rec, new Map())!;
      const scores = await scoreRound(ledger, 1, inputs);
      out = deriveRound(inputs, await previousState(ledger, 1), { scores });
    }
    await ledger.appendBatch<unknown>([
      { type: RECORD.scores, round: 1, data: out.scores },
      { type: RECORD.state, round: 1, data: out.state },
      { type: RECORD.weights, round: 1, data: out.weights },
    ]);
    await ledger.seal(1, signer);
    const deriveS = (performance.now() - t1) / 1000;
    return {
      mode,
      benchS,
      deriveS,
      peakAfterBench,
      peak: peakMb(),
      rssEnd: rssMb(),
      ledgerMb: (await ledger.countBytes(1)) / 1e6,
      scored: out.scores.miners.length,
    };
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.mode === 'old' || args.mode === 'new') {
  process.stdout.write(`${JSON.stringify(await round(args.mode))}\n`);
} else {
  process.stdout.write(
    `perf/round-memory: one round of ${MINERS} miners x ${TASKS} tasks (${EVENTS} content events per answer every 20 ms), scoring the old way and the new, each in its own process\n`,
  );
  const self = fileURLToPath(import.meta.url);
  const results = (['old', 'new'] as const).map((mode) => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        '--mode',
        mode,
        '--miners',
        String(MINERS),
        '--tasks',
        String(TASKS),
        '--events',
        String(EVENTS),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`the ${mode} round failed (exit ${r.status})`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RoundFigures;
  });
  const [old, neu] = results as [RoundFigures, RoundFigures];
  // the two benchmarks differ in their timings; that both ways score alike is validator/score-round.test.ts
  for (const r of [old, neu])
    if (r.scored !== MINERS) throw new Error(`the ${r.mode} round scored ${r.scored} miners`);
  printRows(
    [
      'scoring',
      'bench s',
      'score+derive+record s',
      'peak RSS MB after bench',
      'peak RSS MB (round)',
      'RSS MB at end',
      'ledger MB/round',
    ],
    [
      [
        'old: whole round in memory',
        old.benchS,
        old.deriveS,
        old.peakAfterBench,
        old.peak,
        old.rssEnd,
        old.ledgerMb,
      ],
      [
        'new: streamed per miner',
        neu.benchS,
        neu.deriveS,
        neu.peakAfterBench,
        neu.peak,
        neu.rssEnd,
        neu.ledgerMb,
      ],
      [
        'new / old',
        '',
        neu.deriveS / old.deriveS,
        neu.peakAfterBench / old.peakAfterBench,
        neu.peak / old.peak,
        neu.rssEnd / old.rssEnd,
        '',
      ],
    ],
  );
}
