/**
 * Ledger size and throughput for validator-sized rounds, in record format 1 (each record stored as its JSON
 * line) and record format 2 (compact: ledger/README.md "Stored values") side by side, on the same synthetic
 * rounds: 256 miners x 30 tasks = 7,680 Measurements, stored as the validator stores them (one
 * `round.measurements` record per miner, appended as it finishes), plus the round's other records and its seal.
 * Then each ledger is verified, read back (checked and parsed, as a replay reads) and exported.
 *
 * Two shapes of Measurement (--profile, default both):
 *   paced  what the runner records from perf/validator's scripted miners (50 content events ~20 ms apart)
 *   wide   40..900 events 5-35 ms apart at random, reasoning then content: long irregular answers
 *
 *   node --import tsx perf/ledger.ts [--rounds 2] [--miners 256] [--tasks 30] [--profile paced|wide|both]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Measurement } from '../bench/index.js';
import { createRng } from '../datasets/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { printRows } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    miners: { type: 'string', default: '256' },
    tasks: { type: 'string', default: '30' },
    profile: { type: 'string', default: 'both' },
  },
});
const ROUNDS = Number(args.rounds);
const MINERS = Number(args.miners);
const TASKS = Number(args.tasks);
const PROFILE_NAMES: Profile[] = args.profile === 'both' ? ['paced', 'wide'] : [args.profile as Profile];

const WORDS =
  'the of and to in is that for it as with was on be by this are or at from which an but not'.split(' ');
function text(rand: () => number, chars: number): string {
  let s = '';
  while (s.length < chars) s += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
  return s.slice(0, chars);
}

/** `wide`: 40..900 SSE events 5-35 ms apart, reasoning then content (a long, irregular answer). */
function wideMeasurement(rand: () => number, miner: number, task: number): Measurement {
  const events = 40 + Math.floor(rand() * 860);
  const reasoningEvents = Math.floor(events * rand() * 0.5);
  const t: number[] = [];
  const n: number[] = [];
  let k = 'o';
  let at = 150_000 + Math.floor(rand() * 600_000);
  t.push(at);
  n.push(0);
  for (let i = 1; i < events - 2; i++) {
    at += 5_000 + Math.floor(rand() * 30_000);
    t.push(at);
    const chars = 1 + Math.floor(rand() * 7);
    n.push(chars);
    k += i < reasoningEvents ? 'r' : 'c';
  }
  t.push(at + 200, at + 400);
  n.push(0, 0);
  k += 'fd';
  const contentChars = n.slice(reasoningEvents).reduce((s, x) => s + x, 0);
  const reasoningChars = n.slice(0, reasoningEvents).reduce((s, x) => s + x, 0);
  const failed = rand() < 0.02;
  return {
    v: 1,
    taskId: `r-${task.toString().padStart(3, '0')}-${Math.floor(rand() * 1e9).toString(36)}`,
    target: `http://10.0.${miner >> 8}.${miner & 255}:8080/v1/chat/completions`,
    model: 'janus-engine',
    startedAt: 1_760_000_000_000 + task * 1000,
    status: 200,
    headersUs: t[0]! - 1000,
    endUs: at + 500,
    bytes: events * 180,
    events: { t, k, n },
    error: failed
      ? { code: 'BENCH_REQUEST_TIMEOUT', message: 'no end of stream within 60000 ms' }
      : undefined,
    evidence:
      task % 10 === 0
        ? {
            code: {
              language: 'python',
              found: true,
              passed: 4,
              total: 5,
              cases: [
                { ok: true },
                { ok: true },
                { ok: true },
                { ok: true },
                { ok: false, error: 'AssertionError' },
              ],
              timedOut: false,
              durationMs: 812,
            },
          }
        : undefined,
    content: text(rand, contentChars),
    reasoning: text(rand, reasoningChars),
    toolCalls: [],
    usage: {
      promptTokens: 180 + Math.floor(rand() * 400),
      completionTokens: Math.floor(events * 0.9),
      totalTokens: 0,
    },
    finishReason: failed ? undefined : 'stop',
  };
}

/**
 * `paced`: what the runner records from perf/validator's scripted miners: 50 content events about 20 ms apart
 * (the arrival jitter of a loaded validator, about 1 ms), 3-9 characters each, then usage, finish and [DONE].
 */
function pacedMeasurement(rand: () => number, miner: number, task: number): Measurement {
  const t: number[] = [];
  const n: number[] = [];
  let at = 60_000 + Math.floor(rand() * 10_000);
  t.push(at);
  n.push(0);
  let k = 'o';
  for (let i = 0; i < 50; i++) {
    at += 18_500 + Math.floor((rand() + rand() + rand()) * 1_000);
    t.push(at);
    n.push(3 + Math.floor(rand() * 7));
    k += 'c';
  }
  t.push(at + 15, at + 15, at + 16);
  n.push(0, 0, 0);
  k += 'fud';
  return {
    v: 1,
    taskId: `rot-${Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')}-${task.toString().padStart(4, '0')}`,
    target: `http://10.0.${miner >> 8}.${miner & 255}:8080/v1/chat/completions`,
    model: 'janus-engine',
    startedAt: 1_760_000_000_000 + task * 1100 + rand(),
    status: 200,
    headersUs: t[0]! - 600,
    endUs: at + 16,
    bytes: 9_900 + Math.floor(rand() * 100),
    events: { t, k, n },
    error: undefined,
    evidence: undefined,
    content: text(
      rand,
      n.reduce((s, x) => s + x, 0),
    ),
    reasoning: '',
    toolCalls: [],
    usage: { promptTokens: 10 + Math.floor(rand() * 40), completionTokens: 50, totalTokens: 100 },
    finishReason: 'stop',
  };
}

const PROFILES = { paced: pacedMeasurement, wide: wideMeasurement } as const;
type Profile = keyof typeof PROFILES;

function hotkey(rand: () => number): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return `5${Array.from({ length: 47 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')}`;
}

const mb = (bytes: number) => bytes / 1e6;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
/** CPU seconds of the whole process (LevelDB's threads included) since `start`: steadier than wall time on a shared machine. */
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};
type Pair = ReturnType<Keyring['addFromUri']>;

/** Appends one round; returns the seconds spent inside ledger calls and the JSON bytes of its lines. */
async function appendRound(ledger: Ledger, round: number, profile: Profile, miners: number, signer: Pair) {
  const rng = createRng(`perf-ledger-${profile}-round-${round}`); // the same records in both formats
  const rand = () => rng.next();
  let inLedger = 0;
  let cpu = 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const out = await call();
    inLedger += seconds(start);
    cpu += cpuSeconds(cpuStart);
    return out;
  };
  const hotkeys = Array.from({ length: miners }, () => hotkey(rand));
  await timed(() =>
    ledger.append('round.metagraph', round, {
      block: round * 360,
      neurons: hotkeys.map((hk, uid) => ({
        uid,
        hotkey: hk,
        coldkey: hotkey(rand),
        stake: String(Math.floor(rand() * 1e13)),
        axon: { ip: `10.0.${uid >> 8}.${uid & 255}`, port: 8080, ipType: 4 },
      })),
    }),
  );
  await timed(() =>
    ledger.append('round.tasks', round, {
      tasks: Array.from({ length: TASKS }, (_, i) => ({
        id: `t${i}`,
        prompt: text(rand, 600 + Math.floor(rand() * 1200)),
      })),
    }),
  );
  const measure = PROFILES[profile];
  for (let miner = 0; miner < miners; miner++) {
    const data = {
      hotkey: hotkeys[miner]!,
      uid: miner,
      endpoint: `http://10.0.${miner >> 8}.${miner & 255}:8080`,
      measurements: Array.from({ length: TASKS }, (_, task) => measure(rand, miner, task)),
    };
    await timed(() => ledger.append('round.measurements', round, data));
  }
  await timed(() =>
    ledger.append('round.scores', round, {
      miners: hotkeys.map((hk, uid) => ({
        uid,
        hotkey: hk,
        tasks: Array.from({ length: TASKS }, () => Math.round(rand() * 1e4) / 1e4),
      })),
    }),
  );
  await timed(() =>
    ledger.append('round.weights', round, {
      uids: hotkeys.map((_, i) => i),
      weights: hotkeys.map(() => Math.floor(rand() * 65535)),
    }),
  );
  await timed(() => ledger.seal(round, signer));
  return { wall: inLedger, cpu };
}

interface Figures {
  records: number;
  storedBytes: number;
  jsonBytes: number;
  diskBytes: number;
  appendS: number;
  appendCpuS: number;
  verifyS: number;
  checkedReadS: number;
  checkedReadCpuS: number;
  readS: number;
  exportS: number;
}

async function run(
  profile: Profile,
  format: 1 | 2,
  signer: Pair,
  miners = MINERS,
  rounds = ROUNDS,
): Promise<Figures> {
  const base = await mkdtemp(join(tmpdir(), 'rodeo-perf-ledger-'));
  const ledger = await openLedger(join(base, 'ledger'), { recordFormat: format });
  try {
    let appendS = 0;
    let appendCpuS = 0;
    for (let round = 1; round <= rounds; round++) {
      const t = await appendRound(ledger, round, profile, miners, signer);
      appendS += t.wall;
      appendCpuS += t.cpu;
    }
    const info = await ledger.info();

    let start = process.hrtime.bigint();
    const full = await ledger.verify();
    const verifyS = seconds(start);
    if (!full.ok) throw new Error(`verify failed: ${JSON.stringify(full.firstError)}`);

    // what a replay reads: every round, each record checked (hash, link, seal) and parsed, in one pass
    start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let round = 1; round <= rounds; round++) for await (const _ of ledger.checkedRecords({ round }));
    const checkedReadS = seconds(start);
    const checkedReadCpuS = cpuSeconds(cpuStart);

    start = process.hrtime.bigint();
    for await (const _ of ledger.records({ type: 'round.measurements' }));
    const readS = seconds(start);

    start = process.hrtime.bigint();
    let jsonBytes = 0;
    const sink = new Writable({ write: (_c, _e, done) => done() });
    for (let round = 1; round <= rounds; round++)
      jsonBytes +=
        (await ledger.exportNdjson(sink, { round })).bytes - (await ledger.roundSummary(round))!.records;
    const exportS = seconds(start);
    return {
      records: info.records,
      storedBytes: info.bytes,
      jsonBytes,
      diskBytes: info.diskBytes,
      appendS,
      appendCpuS,
      verifyS,
      checkedReadS,
      checkedReadCpuS,
      readS,
      exportS,
    };
  } finally {
    await ledger.close();
    await rm(base, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await cryptoWaitReady();
  const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  process.stdout.write(
    `perf/ledger: ${ROUNDS} round(s) of ${MINERS} miners x ${TASKS} tasks per profile, record format 1 (JSON lines) vs 2 (compact), same records\n`,
  );
  // warm-up (JIT, zlib, LevelDB) so that neither format pays it in the figures
  for (const format of [1, 2] as const) await run(PROFILE_NAMES[0]!, format, signer, 16, 1);
  for (const profile of PROFILE_NAMES) {
    const [old, compact] = [await run(profile, 1, signer), await run(profile, 2, signer)];
    const perRound = (f: Figures) => mb(f.storedBytes / ROUNDS);
    const json = mb(old.jsonBytes);
    const row = (name: string, f: Figures) => [
      name,
      f.records / ROUNDS,
      perRound(f),
      mb(f.diskBytes / ROUNDS),
      json / f.appendS,
      f.appendCpuS / ROUNDS,
      json / f.verifyS,
      json / f.checkedReadS,
      f.checkedReadCpuS / ROUNDS,
      json / f.readS,
      json / f.exportS,
    ];
    process.stdout.write(
      `\nprofile ${profile}: ${fmtAvg(old.jsonBytes / ROUNDS / (MINERS * TASKS))} kB of JSON per Measurement (throughput in MB/s of JSON lines)\n`,
    );
    printRows(
      [
        'format',
        'records/round',
        'MB/round stored',
        'MB/round on disk',
        'append MB/s',
        'append CPU s/round',
        'verify MB/s',
        'checked read MB/s',
        'checked read CPU s/round',
        'read+parse MB/s',
        'export MB/s',
      ],
      [
        row('1 (JSON lines)', old),
        row('2 (compact)', compact),
        [
          'format 2 / 1',
          '',
          perRound(compact) / perRound(old),
          compact.diskBytes / old.diskBytes,
          old.appendS / compact.appendS,
          compact.appendCpuS / old.appendCpuS,
          old.verifyS / compact.verifyS,
          old.checkedReadS / compact.checkedReadS,
          compact.checkedReadCpuS / old.checkedReadCpuS,
          old.readS / compact.readS,
          old.exportS / compact.exportS,
        ].map((x) => (typeof x === 'number' ? Number(x.toFixed(2)) : x)),
      ],
    );
    if (old.jsonBytes !== compact.jsonBytes) throw new Error('the two formats exported different lines');
    process.stdout.write(
      `bytes per round: ${perRound(old).toFixed(2)} MB in format 1, ${perRound(compact).toFixed(2)} MB in format 2: ` +
        `${(perRound(old) / perRound(compact)).toFixed(2)}x smaller\n`,
    );
  }
  process.stdout.write(
    `\nrow "format 2 / 1": each figure of format 2 divided by that of format 1 (sizes and CPU s < 1: smaller; MB/s < 1: slower)\n` +
      `on disk: LevelDB files after the writes (Snappy on both), before compaction\n` +
      `peak RSS: ${Math.round(mb(process.resourceUsage().maxRSS * 1024))} MB\n`,
  );
}

const fmtAvg = (bytes: number) => (bytes / 1000).toFixed(2);

await main();
