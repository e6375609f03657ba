/**
 * Ledger throughput for validator-sized rounds: 256 miners x 30 tasks = 7,680 Measurements (columnar event
 * arrays, realistic text sizes) plus the round's other records, appended per miner (30 per batch), sealed,
 * then verified, read back and exported. Prints records/s and MB/s, and ledger bytes per round.
 *
 *   node --import tsx perf/ledger.ts [--rounds 3] [--miners 256] [--tasks 30] [--keep DIR]
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Measurement } from '../bench/index.js';
import { createRng } from '../datasets/index.js';
import { canonicalJson, type Ledger, openLedger } from '../ledger/index.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    miners: { type: 'string', default: '256' },
    tasks: { type: 'string', default: '30' },
    keep: { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);
const MINERS = Number(args.miners);
const TASKS = Number(args.tasks);

const WORDS =
  'the of and to in is that for it as with was on be by this are or at from which an but not'.split(' ');
function text(rand: () => number, chars: number): string {
  let s = '';
  while (s.length < chars) s += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
  return s.slice(0, chars);
}

/** One Measurement as the bench runner records it: 40..900 SSE events, reasoning then content. */
function measurement(rand: () => number, miner: number, task: number): Measurement {
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

function hotkey(rand: () => number): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return `5${Array.from({ length: 47 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')}`;
}

const mb = (bytes: number) => bytes / 1e6;
const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Appends one round; only the time spent inside ledger calls is counted. */
async function appendRound(ledger: Ledger, round: number, signer: ReturnType<Keyring['addFromUri']>) {
  const rng = createRng(`perf-ledger-round-${round}`); // the same records on every run
  const rand = () => rng.next();
  let inLedger = 0;
  let encodeOnly = 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const start = process.hrtime.bigint();
    const out = await call();
    inLedger += seconds(start);
    return out;
  };
  const hotkeys = Array.from({ length: MINERS }, () => hotkey(rand));
  await timed(() =>
    ledger.append('metagraph', round, {
      block: round * 360,
      neurons: hotkeys.map((hk, uid) => ({
        uid,
        hotkey: hk,
        coldkey: hotkey(rand),
        stake: rand() * 1e4,
        axon: `10.0.0.${uid}:8080`,
        active: true,
      })),
    }),
  );
  await timed(() =>
    ledger.append(
      'commitments',
      round,
      hotkeys.map((hk, uid) => ({
        uid,
        hotkey: hk,
        block: 1000 + uid,
        sha256: Math.floor(rand() * 2 ** 52)
          .toString(16)
          .padStart(64, '0'),
      })),
    ),
  );
  await timed(() =>
    ledger.append(
      'tasks',
      round,
      Array.from({ length: TASKS }, (_, i) => ({
        id: `t${i}`,
        prompt: text(rand, 600 + Math.floor(rand() * 1200)),
      })),
    ),
  );

  let measurements = 0;
  let measurementBytes = 0;
  for (let miner = 0; miner < MINERS; miner++) {
    const batch = Array.from({ length: TASKS }, (_, task) => ({
      type: 'measurement',
      round,
      data: measurement(rand, miner, task),
    }));
    // What a record costs before LevelDB: canonical JSON and sha256 (the ledger does this once per record).
    const start = process.hrtime.bigint();
    for (const b of batch) {
      const json = canonicalJson(b.data)!;
      createHash('sha256').update(json).digest('hex');
      measurementBytes += json.length;
    }
    encodeOnly += seconds(start);
    measurements += batch.length;
    await timed(() => ledger.appendBatch(batch));
  }
  await timed(() =>
    ledger.appendBatch(
      hotkeys.map((hk, uid) => ({
        type: 'task-scores',
        round,
        data: {
          uid,
          hotkey: hk,
          scores: Array.from({ length: TASKS }, () => Math.round(rand() * 1e4) / 100),
        },
      })),
    ),
  );
  await timed(() =>
    ledger.append('weights', round, {
      uids: hotkeys.map((_, i) => i),
      weights: hotkeys.map(() => Math.floor(rand() * 65535)),
    }),
  );
  await timed(() => ledger.seal(round, signer));
  return { measurements, measurementBytes, inLedger, encodeOnly };
}

async function main(): Promise<void> {
  await cryptoWaitReady();
  const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const base = args.keep === undefined ? await mkdtemp(join(tmpdir(), 'rodeo-perf-ledger-')) : undefined;
  const dir = base === undefined ? args.keep! : join(base, 'ledger');
  const ledger = await openLedger(dir);
  console.log(`ledger perf: ${ROUNDS} rounds of ${MINERS} miners x ${TASKS} tasks, in ${dir}`);
  try {
    let appendSeconds = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await appendRound(ledger, round, signer);
      appendSeconds += r.inLedger;
      const summary = (await ledger.roundSummary(round))!;
      const stored = mb(summary.bytes);
      console.log(
        `round ${round}: ${summary.records} records (${r.measurements} Measurements, avg ${fmt(r.measurementBytes / r.measurements / 1000, 2)} kB each), ` +
          `${fmt(stored)} MB stored; append ${fmt(r.inLedger, 2)} s = ${fmt(summary.records / r.inLedger, 0)} records/s, ` +
          `${fmt(stored / r.inLedger)} MB/s (canonical JSON + sha256 alone: ${fmt(mb(r.measurementBytes) / r.encodeOnly)} MB/s)`,
      );
    }
    const info = await ledger.info();
    console.log(
      `ledger bytes per round: ${fmt(mb(info.bytes / ROUNDS))} MB stored (JSON lines), ${fmt(mb(info.diskBytes / ROUNDS))} MB on disk before compaction (Snappy), total append ${fmt(appendSeconds, 2)} s`,
    );

    let start = process.hrtime.bigint();
    const full = await ledger.verify();
    let s = seconds(start);
    if (!full.ok) throw new Error(`verify failed: ${JSON.stringify(full.firstError)}`);
    console.log(
      `full verify: ${full.records} records in ${fmt(s, 2)} s = ${fmt(full.records / s, 0)} records/s, ${fmt(mb(info.bytes) / s)} MB/s`,
    );

    start = process.hrtime.bigint();
    const one = await ledger.verify({ round: ROUNDS });
    s = seconds(start);
    console.log(
      `round verify: ${one.records} records in ${fmt(s, 2)} s = ${fmt(one.records / s, 0)} records/s`,
    );

    start = process.hrtime.bigint();
    let read = 0;
    for await (const _ of ledger.records({ round: ROUNDS, type: 'measurement' })) read++;
    s = seconds(start);
    console.log(
      `read + JSON.parse one round's Measurements: ${read} in ${fmt(s, 2)} s = ${fmt(read / s, 0)} records/s`,
    );

    // What a replay reads: every round, each record checked (hash, link, seal) and parsed, in one pass.
    start = process.hrtime.bigint();
    read = 0;
    for (let round = 1; round <= ROUNDS; round++)
      for await (const _ of ledger.checkedRecords({ round })) read++;
    s = seconds(start);
    console.log(
      `checked read (hash + link + seal + JSON.parse) of all rounds: ${read} records in ${fmt(s, 2)} s = ` +
        `${fmt(read / s, 0)} records/s, ${fmt(mb(info.bytes) / s)} MB/s; ${fmt(s / ROUNDS, 2)} s per round, ~${fmt((100 * s) / ROUNDS, 0)} s per 100 rounds`,
    );

    start = process.hrtime.bigint();
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const exported = await ledger.exportNdjson(sink, { round: ROUNDS });
    s = seconds(start);
    console.log(
      `export one round: ${fmt(mb(exported.bytes))} MB in ${fmt(s, 2)} s = ${fmt(mb(exported.bytes) / s)} MB/s`,
    );
    console.log(`peak RSS: ${fmt(mb(process.resourceUsage().maxRSS * 1024), 0)} MB`);
  } finally {
    await ledger.close();
    if (base !== undefined) await rm(base, { recursive: true, force: true });
  }
}

await main();
