/**
 * perf/replay: seconds per round for `rodeo replay` on a synthetic ledger of validator-sized rounds (256 miners x
 * 30 tasks, written the way the daemon writes them: raw records, one measurements record per miner, derived
 * records, weights extrinsic, seal), then replayed end to end (hash, link, seal, every derived record recomputed
 * and compared).
 *
 *   npm run perf -- replay [--rounds 10] [--miners 256] [--tasks 30] [--answers same|distinct] [--repeat 2] [--workers 1,2] [--keep DIR]
 *
 * Baseline: the same replay with perf's internal `baseline` option (no per-round scoring memo, recorded and
 * recomputed records compared member by member, each round's measurements kept until its scores record), as replay
 * ran before (record decoding and stream metrics are today's in both); both must replay every round exactly.
 *
 * --workers 1,2: also replay with that many worker threads scoring rounds (CPU s counts this process's threads).
 *
 * --answers same: miners that get a task right send the same reference text (what perf/validator's scripted
 * miners do); distinct: every miner's text differs (a suffix naming it), so nothing repeats across miners.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { openLedger } from '../ledger/index.js';
import { countTokens } from '../protocol/index.js';
import { replayLedger, type StateRecord } from '../validator/index.js';
import { type SyntheticMiner, writeSyntheticRound } from '../validator/testing/synthetic-rounds.js';
import { printRows } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    miners: { type: 'string', default: '256' },
    tasks: { type: 'string', default: '30' },
    answers: { type: 'string', default: 'same' },
    repeat: { type: 'string', default: '2' },
    workers: { type: 'string', default: '' },
    keep: { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);
const MINERS = Number(args.miners);
const TASKS = Number(args.tasks);
const REPEAT = Number(args.repeat);
/** Worker counts to run beside the in-thread replay, e.g. --workers 1,2. */
const WORKERS = args.workers ? args.workers.split(',').map(Number) : [];
if (args.answers !== 'same' && args.answers !== 'distinct') throw new Error('--answers is same or distinct');

await cryptoWaitReady();
const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
countTokens('warm up'); // the tokenizer loads once per process; keep it out of both runs

const miners: SyntheticMiner[] = Array.from({ length: MINERS }, (_, i) => ({
  hotkey: `hk${i + 1}`,
  uid: i + 1,
  coldkey: `cold${i + 1}`,
  accuracy: 0.3 + (0.6 * i) / MINERS,
  timing: { ttftMs: 100 + (i % 50), intervalMs: 20, charsPerEvent: 4 },
  image: `registry.example/e${i}@sha256:${String(i).padStart(64, '0')}`,
  sourceCommit: String(i).padStart(40, '0'),
  commitBlock: i,
  ...(args.answers === 'distinct' ? { answerSuffix: ` (miner ${i + 1})` } : {}),
}));

const base = args.keep === undefined ? await mkdtemp(join(tmpdir(), 'rodeo-perf-replay-')) : undefined;
const dir = base === undefined ? args.keep! : join(base, 'ledger');
const ledger = await openLedger(dir);
try {
  let state: StateRecord | undefined;
  const w0 = performance.now();
  for (let round = 1; round <= ROUNDS; round++) {
    state = await writeSyntheticRound(ledger, signer, round, miners, state, { tasksPerRound: TASKS });
  }
  const writeS = (performance.now() - w0) / 1000;
  const info = await ledger.info();
  process.stdout.write(
    `perf/replay: ${ROUNDS} rounds of ${MINERS} miners x ${TASKS} tasks (answers: ${args.answers}), ` +
      `${info.records} records, ${(info.bytes / ROUNDS / 1e6).toFixed(1)} MB per round; written in ${writeS.toFixed(1)} s\n`,
  );

  // baseline and new alternate, twice each; the best of each is printed (the machine is shared)
  const run = async (label: string, options: Parameters<typeof replayLedger>[1]) => {
    const cpu0 = process.cpuUsage();
    const r = await replayLedger(ledger, options);
    const cpu = process.cpuUsage(cpu0);
    if (!r.ok || r.replayedRounds !== ROUNDS)
      throw new Error(`${label} replay failed: ${JSON.stringify(r.failure)} (${r.replayedRounds} rounds)`);
    return { wall: r.ms / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  };
  const runs: [string, Parameters<typeof replayLedger>[1]][] = [
    ['baseline', { baseline: true }],
    ['new', {}],
    ...WORKERS.map((w): [string, Parameters<typeof replayLedger>[1]] => [
      `new, ${w} workers`,
      { workers: w },
    ]),
  ];
  const best = new Map(runs.map(([label]) => [label, { wall: Infinity, cpu: Infinity }]));
  for (let i = 0; i < REPEAT; i++)
    for (const [label, options] of runs) {
      const r = await run(label, options);
      const was = best.get(label)!;
      best.set(label, { wall: Math.min(was.wall, r.wall), cpu: Math.min(was.cpu, r.cpu) });
    }
  const b = best.get('baseline')!;
  printRows(
    [
      'replay',
      'rounds',
      's',
      's/round',
      's per 100 rounds',
      'CPU s/round',
      'x baseline (s)',
      'x baseline (CPU)',
    ],
    runs.map(([label]) => {
      const n = best.get(label)!;
      return [
        label,
        ROUNDS,
        n.wall,
        n.wall / ROUNDS,
        (100 * n.wall) / ROUNDS,
        n.cpu / ROUNDS,
        b.wall / n.wall,
        b.cpu / n.cpu,
      ];
    }),
  );
} finally {
  await ledger.close();
  if (base !== undefined) await rm(base, { recursive: true, force: true });
}
