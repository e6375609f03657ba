/**
 * perf/validator: one validator round for 256 miners x 30 tasks against scripted miners (an SSE server in
 * another process, 256 endpoints), then replay of 100 such rounds.
 *   - round wall time vs the slowest miner's own tasks (target: within +3%), with the derive step as it was
 *     (baseline) and as it is,
 *   - the previous state's lookup (twice per round) as it was (a scan of every state record) and as it is,
 *   - peak memory, ledger bytes per round,
 *   - replay time of 100 rounds (target: under 30 s).
 *
 *   npm run perf -- validator [--miners 256] [--tasks 30] [--events 50] [--replay-rounds 100] [--keep DIR]
 *
 * --keep DIR: write the ledger to DIR and leave it there (to profile `rodeo replay` on it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { runBench } from '../bench/index.js';
import * as benchTesting from '../bench/testing/index.js';
import { defaultConfig } from '../config/index.js';
import { generatePrivateTasks } from '../datasets/index.js';
import { openLedger } from '../ledger/index.js';
import { countTokens } from '../protocol/index.js';
import {
  deriveRound,
  type MeasurementsRecord,
  RECORD,
  replayLedger,
  type StateRecord,
} from '../validator/index.js';
import { previousState } from '../validator/round-records.js';
import { defaultSettings, syntheticRaw } from '../validator/testing/synthetic-rounds.js';
import { printRows } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    miners: { type: 'string', default: '256' },
    tasks: { type: 'string', default: '30' },
    events: { type: 'string', default: '50' },
    'replay-rounds': { type: 'string', default: '100' },
    keep: { type: 'string' },
  },
});
const MINERS = Number(args.miners);
const TASKS = Number(args.tasks);
const EVENTS = Number(args.events);
const REPLAY_ROUNDS = Number(args['replay-rounds']);

await cryptoWaitReady();
const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

// the tokenizer loads once per process (the daemon warms it at start); keep that out of the round
countTokens('warm up');

// 1. one round against scripted miners
const server = await benchTesting.startChildSseServer();
const tasks = generatePrivateTasks('perf-validator', TASKS);
const targets = Array.from({ length: MINERS }, (_, i) => ({
  id: `hk${i + 1}`,
  url: `${server.url}/m${i + 1}`,
  model: `prose:${EVENTS}:20:100`,
}));
const t0 = performance.now();
const results = await runBench({
  tasks,
  targets,
  config: { ...defaultConfig().bench, concurrency: { global: MINERS, perTarget: 1 } },
});
const benchMs = performance.now() - t0;
await server.close();
const perMiner = [...results.values()].map((ms) => ms.reduce((s, m) => s + m.endUs / 1000, 0));
const slowest = Math.max(...perMiner);
const failed = [...results.values()].flat().filter((m) => m.error).length;

// 2. record it as the daemon does: raw records, measurements, derived records, seal
const base = syntheticRaw(
  1,
  100,
  targets.map((t, i) => ({
    hotkey: t.id,
    uid: i + 1,
    coldkey: `cold${i + 1}`,
    accuracy: 0,
    timing: { ttftMs: 100, intervalMs: 20, charsPerEvent: 8 },
    image: `registry.example/e${i}@sha256:${String(i).padStart(64, '0')}`,
    sourceCommit: String(i).padStart(40, '0'),
    commitBlock: i,
  })),
  tasks,
  defaultSettings(),
  signer.address, // the validator the start records name: replay checks the seals are by it
);
const measurements: MeasurementsRecord[] = targets.map((t, i) => ({
  hotkey: t.id,
  uid: i + 1,
  endpoint: t.url,
  measurements: results.get(t.id)!,
}));
const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'rodeo-perf-validator-'));
const ledger = await openLedger(join(dir, 'ledger'));
let state: StateRecord | undefined;
let recordMs = 0;
let deriveMs = 0;
let deriveBaselineMs = 0;
const writeRound = async (round: number) => {
  const a = performance.now();
  const start = { ...base.start, round, block: round * 100 };
  await ledger.appendBatch<unknown>([
    { type: RECORD.start, round, data: start },
    { type: RECORD.metagraph, round, data: base.metagraph },
    { type: RECORD.submissions, round, data: base.submissions },
    { type: RECORD.tasks, round, data: base.tasks },
  ]);
  await ledger.appendBatch(measurements.map((data) => ({ type: RECORD.measurements, round, data })));
  const rawWritten = performance.now();
  const inputs = {
    start,
    metagraph: base.metagraph,
    submissions: base.submissions,
    tasks: base.tasks,
    measurements,
    disqualified: new Map(),
  };
  if (round === 1) {
    // the derive step as it was (every answer graded and counted, however many miners sent it), after one
    // untimed derive so that both run warm; the same result
    const warm = deriveRound(inputs, state);
    const t = performance.now();
    const old = deriveRound(inputs, state, { memo: false });
    deriveBaselineMs = performance.now() - t;
    if (JSON.stringify(old) !== JSON.stringify(warm)) throw new Error('derive without the memo differs');
  }
  const b = performance.now();
  const out = deriveRound(inputs, state);
  const c = performance.now();
  await ledger.appendBatch<unknown>([
    { type: RECORD.scores, round, data: out.scores },
    { type: RECORD.state, round, data: out.state },
    { type: RECORD.weights, round, data: out.weights },
  ]);
  await ledger.seal(round, signer);
  state = out.state;
  recordMs += rawWritten - a + (performance.now() - c);
  deriveMs += c - b;
};
await writeRound(1);
const roundMs = benchMs + recordMs + deriveMs;
const roundBaselineMs = benchMs + recordMs + deriveBaselineMs;
const bytesPerRound = await ledger.countBytes(1);
process.stdout.write(
  `perf/validator: ${MINERS} miners x ${TASKS} tasks, ${EVENTS} content events per answer every 20 ms; scripted miners in a child process\n`,
);
printRows(
  ['miners', 'tasks', 'failed', 'bench s', 'slowest miner s', 'bench/slowest', 'record s', 'ledger MB/round'],
  [
    [
      MINERS,
      TASKS,
      failed,
      benchMs / 1000,
      slowest / 1000,
      benchMs / slowest,
      recordMs / 1000,
      bytesPerRound / 1e6,
    ],
  ],
);
// baseline: the derive step before the round's scoring memo; the same bench and records
printRows(
  ['round', 'derive s', 'round s', 'round/slowest'],
  [
    ['baseline', deriveBaselineMs / 1000, roundBaselineMs / 1000, roundBaselineMs / slowest],
    ['new', deriveMs / 1000, roundMs / 1000, roundMs / slowest],
  ],
);

// 3. replay of REPLAY_ROUNDS such rounds
for (let r = 2; r <= REPLAY_ROUNDS; r++) await writeRound(r);
// the previous round's state, read twice per round (eligibility before the bench, derive after): the old scan
// of every state record grows with the ledger's age, the seek does not
const lookup = async (find: () => Promise<unknown>) => {
  const t = performance.now();
  await find();
  return performance.now() - t;
};
const scanMs = await lookup(async () => {
  let last: unknown;
  for await (const rec of ledger.records({ type: RECORD.state })) last = rec.data;
  return last;
});
const seekMs = await lookup(() => previousState(ledger, REPLAY_ROUNDS + 1));
const YEAR = 7300; // rounds a year at tempo 360 (12 s blocks)
printRows(
  ['previous state', `ms at ${REPLAY_ROUNDS} rounds`, 'x2 per round, s/round after a year (est.)'],
  [
    ['baseline (scan)', scanMs, (2 * scanMs * YEAR) / REPLAY_ROUNDS / 1000],
    ['new (seek)', seekMs, (2 * seekMs) / 1000],
  ],
);
const info = await ledger.info();
// replay as it was (no scoring memo, records compared through their JSON, each round's measurements kept until its
// scores record) beside replay as it is; record decoding and stream metrics are today's in both
const replayBaseline = await replayLedger(ledger, { baseline: true });
const replay = await replayLedger(ledger);
clearInterval(sampler);
printRows(
  ['replay', 'rounds', 'records', 'ledger GB', 'replay s', 's per 100 rounds', 'verified', 'peak RSS MB'],
  [replayBaseline, replay].map((r, i) => [
    i === 0 ? 'baseline' : 'new',
    REPLAY_ROUNDS,
    info.records,
    info.bytes / 1e9,
    r.ms / 1000,
    (100 * r.ms) / 1000 / REPLAY_ROUNDS,
    String(r.ok),
    peakRss / 1e6,
  ]),
);
await ledger.close();
if (args.keep === undefined) rmSync(dir, { recursive: true, force: true });
