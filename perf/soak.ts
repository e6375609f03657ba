/**
 * perf/soak: many validator rounds on the devnet with hostile miners, beside a baseline without them.
 *   - the soak: `--rounds` rounds, `--miners` miners of which `--hostile` are hostile, each hostile miner
 *     running a different attack every round (test/hostile/miners.ts, cycled; two slots never share one);
 *   - the baseline: `--baseline-rounds` rounds of the same field, the hostile slots replaced by honest relays.
 * The validator daemon runs in its own process (perf/lib/soak-validator.ts), the hostile miners in another
 * (perf/lib/soak-hostile.ts), the honest miners are real `rodeo miner serve` processes in front of the
 * simulator. Prints rounds completed, rounds skipped with reasons, records written by type, measurement
 * records per round, round and benchmark durations against the round deadline, ledger bytes, peak validator
 * memory (VmHWM) and the replay of each ledger, then what each attack did.
 * Targets (the soak): every round ends on time (its benchmark by the round deadline, its seal within its
 * slot of `--round-blocks` blocks, no slot missed), zero measurement records lost (one per miner per round,
 * none quarantined, one measurement per task), the ledger replays clean. Exits 1 naming each target missed.
 *
 *   npm run perf -- soak [--rounds 50] [--miners 8] [--hostile 2] [--baseline-rounds 5] [--tasks 4]
 *     [--concurrency 2] [--round-blocks 100] [--block-ms 250] [--deadline-ms 19000] [--ttft-ms 6000]
 *     [--request-ms 12000] [--keep]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { openLedger } from '../ledger/index.js';
import {
  buildField,
  commitSubmissions,
  createDevnetSubnet,
  type FieldMiner,
  type RunningFieldMiner,
  type SimulatorProcess,
  spawnSimulator,
  startFieldMiners,
  stopFieldMiners,
} from '../localnet/index.js';
import type { Attack } from '../test/hostile/miners.js';
import { peakKb } from '../test/hostile/process-memory.js';
import { RECORD, type ReplayResult, readRound, replayLedger } from '../validator/index.js';
import {
  attacksFor,
  type HostileInput,
  type HostileReady,
  type SoakValidatorInput,
} from './lib/soak-plan.js';
import { percentile, printRows } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    'baseline-rounds': { type: 'string', default: '5' },
    miners: { type: 'string', default: '8' },
    hostile: { type: 'string', default: '2' },
    tasks: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '2' },
    'round-blocks': { type: 'string', default: '100' },
    'block-ms': { type: 'string', default: '250' },
    'deadline-ms': { type: 'string', default: '19000' },
    'ttft-ms': { type: 'string', default: '6000' },
    'request-ms': { type: 'string', default: '12000' },
    keep: { type: 'boolean', default: false },
  },
});

function count(name: keyof typeof args, min: number): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`perf/soak: --${name} must be an integer >= ${min} (got ${String(args[name])})\n`);
    process.exit(2);
  }
  return n;
}
const ROUNDS = count('rounds', 1);
const BASELINE_ROUNDS = count('baseline-rounds', 0);
const MINERS = count('miners', 2);
const HOSTILE = count('hostile', 0);
const TASKS = count('tasks', 1);
const CONCURRENCY = count('concurrency', 1);
const ROUND_BLOCKS = count('round-blocks', 4);
const BLOCK_MS = count('block-ms', 50);
const DEADLINE_MS = count('deadline-ms', 1000);
const TTFT_MS = count('ttft-ms', 100);
const REQUEST_MS = count('request-ms', 100);
const HONEST = MINERS - HOSTILE;
if (HONEST < 1) {
  process.stderr.write(`perf/soak: --hostile ${HOSTILE} leaves no honest miner among --miners ${MINERS}\n`);
  process.exit(2);
}
/** The time a round has, start to seal, before the next one is due. */
const SLOT_MS = ROUND_BLOCKS * BLOCK_MS;
/** Time to record the last measurements after the deadline aborts what is still running. */
const RECORD_GRACE_MS = 2000;
/** Profiles of the honest miners, in turn: all finish their tasks well inside the per-task deadlines. */
const HONEST_PROFILES = ['strong', 'average', 'slow-starter'];

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VALIDATOR_CHILD = fileURLToPath(new URL('./lib/soak-validator.ts', import.meta.url));
const HOSTILE_CHILD = fileURLToPath(new URL('./lib/soak-hostile.ts', import.meta.url));

const log = (line: string) => process.stderr.write(`perf/soak: ${line}\n`);
const hex = (seed: string, length: number) =>
  createHash('sha256').update(seed).digest('hex').repeat(2).slice(0, length);

// ---- everything started is stopped: on success, on error, on Ctrl-C and SIGTERM ----
const stops: { what: string; stop: () => Promise<void> }[] = [];
const started = <T>(what: string, value: T, stop: (v: T) => Promise<void>): T => {
  stops.push({ what, stop: () => stop(value) });
  return value;
};
let stopping: Promise<void> | undefined;
let aborted: NodeJS.Signals | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const s of stops.reverse()) {
      await s.stop().catch((err: unknown) => log(`stopping ${s.what} failed: ${(err as Error).message}`));
    }
  })();
  return stopping;
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    aborted = signal;
    log(`${signal}: stopping every process started`);
    void stopAll().finally(() => {
      if (!args.keep) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  });
}

/** Stops a child: SIGTERM, SIGKILL after 5 s; resolves once it has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the hostile miners' process and waits for its URLs. */
async function startHostileProcess(
  input: HostileInput,
): Promise<{ ready: HostileReady; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOSTILE_CHILD, JSON.stringify(input)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  started('the hostile miners', child, stopChild);
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<HostileReady>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`the hostile miners' process exited (${code ?? signal}) before listening`)),
    );
    lines.once('line', (line) => resolve(JSON.parse(line) as HostileReady));
  });
  lines.close();
  return { ready, child };
}

interface Phase {
  name: 'baseline' | 'soak';
  rounds: number;
  netuid: number;
  dataDir: string;
  /** Hotkeys of the hostile slots (soak) in slot order; [] for the baseline. */
  hostileHotkeys: string[];
  honestHotkeys: string[];
  control: string | undefined;
  /** Commits every miner's submission on the phase's subnet. */
  commit: () => Promise<void>;
  /** Why committing failed, if it did. */
  commitError?: string;
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  events: Record<string, unknown>[];
  stderr: string;
  errorLogs: number;
  /** The last error the validator logged (its message), if any. */
  lastError: string | undefined;
  /** Every line the validator logged (pino JSON, level warn and up). */
  logFile: string;
  peakKb: number;
}

/** Runs the validator child until it has ended `phase.rounds` rounds, with a progress line per round. */
function runValidator(
  phase: Phase,
  config: unknown,
  onEvent: (e: Record<string, unknown>) => void,
): Promise<ChildRun> {
  const input: SoakValidatorInput = {
    config,
    netuid: phase.netuid,
    hotkeyUri: '//RodeoValidator',
    coldkeyUri: '//Alice',
    simulator: simulatorOrigin,
    rounds: phase.rounds,
    ...(phase.control ? { control: phase.control } : {}),
  };
  // a round may miss its slot a few times before the child is stopped from outside
  const limitMs = (phase.rounds + 4) * SLOT_MS * 2 + 120_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', VALIDATOR_CHILD, JSON.stringify(input)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    started(`the ${phase.name} validator`, child, stopChild);
    const events: Record<string, unknown>[] = [];
    let stderr = '';
    let errorLogs = 0;
    let lastError: string | undefined;
    const logFile = join(dir, `${phase.name}-validator.log`);
    const logStream = createWriteStream(logFile);
    let peak = 0;
    let killed = false;
    const roundStart = new Map<number, number>();
    const tasksAt = new Map<number, number>();
    const lastMeasured = new Map<number, number>();
    const skipped = new Set<number>();
    let ended = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      events.push(e);
      onEvent(e);
      const ms = e.ms as number;
      if (typeof e.started === 'number' && !roundStart.has(e.started)) roundStart.set(e.started, ms);
      if (e.record === RECORD.tasks) tasksAt.set(e.round as number, ms);
      if (e.record === RECORD.measurements) lastMeasured.set(e.round as number, ms);
      if (e.record === RECORD.skipped) skipped.add(e.round as number);
      if (e.record === 'seal') {
        const r = e.round as number;
        ended++;
        const bench = (lastMeasured.get(r) ?? Number.NaN) - (tasksAt.get(r) ?? Number.NaN);
        const total = ms - (roundStart.get(r) ?? Number.NaN);
        const attacks = phase.hostileHotkeys.length
          ? `, attacks ${attacksFor(r, phase.hostileHotkeys.length)
              .map((a) => a.name)
              .join(' + ')}`
          : '';
        log(
          `${phase.name} round ${r} (${ended}/${phase.rounds})${skipped.has(r) ? ' SKIPPED' : ''}${attacks}: ` +
            `benchmark ${(bench / 1000).toFixed(1)} s (deadline ${DEADLINE_MS / 1000} s), sealed ${(total / 1000).toFixed(1)} s after its start (slot ${SLOT_MS / 1000} s)`,
        );
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      logStream.write(`${line}\n`);
      stderr = `${stderr}${line}\n`.slice(-20_000);
      if (!line.includes('"level":50') && !line.includes('"level":60')) return;
      errorLogs++;
      try {
        lastError = String((JSON.parse(line) as { msg?: unknown }).msg).slice(0, 600);
      } catch {
        lastError = line.slice(0, 600);
      }
    });
    const sample = setInterval(() => {
      peak = Math.max(peak, peakKb(child.pid!) ?? 0);
    }, 200);
    const killer = setTimeout(() => {
      killed = true;
      log(`the ${phase.name} validator is still running after ${limitMs / 1000} s: stopping it`);
      void stopChild(child);
    }, limitMs);
    child.once('exit', (code, signal) => {
      clearInterval(sample);
      clearTimeout(killer);
      const reported = events.find((e) => e.done)?.peakKb;
      if (typeof reported === 'number') peak = Math.max(peak, reported);
      logStream.end();
      resolve({ code, signal, killed, events, stderr, errorLogs, lastError, logFile, peakKb: peak });
    });
  });
}

interface RoundFigures {
  round: number;
  block: number | undefined;
  sealed: boolean;
  skipped: string | undefined;
  measurementRecords: number;
  quarantined: number;
  /** Measurement records that do not hold one measurement per task. */
  incomplete: number;
  benchMs: number;
  roundMs: number;
  bytes: number;
  records: number;
  /** Error codes of the honest miners' tasks that failed. */
  honestFailed: string[];
  /** Hostile slot -> its measurements' error codes ('ok' for a pass, flagged usage marked). */
  hostile: { attack: Attack; codes: string[]; expected: number; problem: string | undefined }[];
}

interface PhaseResult {
  phase: Phase;
  run: ChildRun;
  rounds: RoundFigures[];
  recordTypes: Map<string, number>;
  ledgerBytes: number;
  replay: ReplayResult | undefined;
  replayError: string | undefined;
}

/**
 * Why a hostile slot's measurements of one round are not contained, or undefined. Contained: a result for
 * every task, each either failed with a named BENCH_* code or (absurd usage, costly answers) passed with
 * anything absurd flagged. An attack on time alone (its only code is ROUND_DEADLINE: answering just under every
 * deadline) may pass the tasks it answers inside their own deadlines: what it attacks is the round's end, which
 * the on-time target checks. Which code is expected is counted apart (expectedOutcome): on a busy machine a
 * task may meet a nearer deadline first (a first-token timeout instead of too many events).
 */
function hostileProblem(attack: Attack, tasks: number, ms: SlotMeasurement[]): string | undefined {
  if (ms.length !== tasks) return `${ms.length} measurements for ${tasks} tasks`;
  for (const m of ms) {
    const code = m.error?.code;
    if (code !== undefined && !/^BENCH_[A-Z0-9_]+$/.test(code))
      return `${m.taskId} failed with ${code}, not a BENCH_* code`;
    const onTimeOnly = attack.codes.length === 1 && attack.codes[0] === 'ROUND_DEADLINE';
    if (attack.outcome === 'fails' && code === undefined && !onTimeOnly) return `${m.taskId} did not fail`;
    if (attack.outcome === 'usage-flagged' && code === undefined && !(m.usageRejected?.length ?? 0))
      return `${m.taskId}: absurd usage not flagged (${JSON.stringify(m.usage ?? null)})`;
  }
  return undefined;
}

type SlotMeasurement = {
  taskId: string;
  error?: { code: string } | undefined;
  usage?: unknown;
  usageRejected?: string[];
};

/** A task outcome the attack's own description expects (test/hostile/miners.ts codes, or the round deadline). */
function expectedOutcome(attack: Attack, m: SlotMeasurement): boolean {
  const code = m.error?.code.replace(/^BENCH_/, '');
  if (code === 'ROUND_DEADLINE') return true;
  if (attack.outcome === 'fails') return code !== undefined && attack.codes.includes(code);
  if (attack.outcome === 'usage-flagged') return code === undefined && (m.usageRejected?.length ?? 0) >= 3;
  return true;
}

/** Reads the phase's ledger after its validator exited: per-round figures, record counts, replay. */
async function analyse(phase: Phase, run: ChildRun): Promise<PhaseResult> {
  const at = (pred: (e: Record<string, unknown>) => boolean) =>
    run.events.filter(pred).map((e) => e.ms as number);
  const ledger = await openLedger(join(phase.dataDir, 'ledger'), { create: false });
  try {
    const recordTypes = new Map<string, number>();
    const perRound = new Map<number, number>();
    for await (const rec of ledger.records()) {
      recordTypes.set(rec.type, (recordTypes.get(rec.type) ?? 0) + 1);
      perRound.set(rec.round, (perRound.get(rec.round) ?? 0) + 1);
    }
    const rounds: RoundFigures[] = [];
    for (const round of await ledger.rounds()) {
      const rec = await readRound(ledger, round);
      if (!rec.start) continue; // records of no round (seed anchors before the first round)
      const tasks = rec.tasks?.data.tasks.length ?? 0;
      const started = at((e) => e.started === round)[0];
      const tasksAt = at((e) => e.record === RECORD.tasks && e.round === round)[0];
      const measuredAt = at((e) => e.record === RECORD.measurements && e.round === round).at(-1);
      const sealAt = at((e) => e.record === 'seal' && e.round === round)[0];
      const hostile = phase.hostileHotkeys.map((hotkey, slot) => {
        const attack = attacksFor(round, phase.hostileHotkeys.length)[slot]!;
        const ms = rec.measurements.find((m) => m.data.hotkey === hotkey)?.data.measurements ?? [];
        const codes = ms.map(
          (m) =>
            m.error?.code.replace(/^BENCH_/, '') ?? (m.usageRejected?.length ? 'ok(usage flagged)' : 'ok'),
        );
        return {
          attack,
          codes,
          expected: ms.filter((m) => expectedOutcome(attack, m)).length,
          problem: hostileProblem(attack, tasks, ms),
        };
      });
      rounds.push({
        round,
        block: rec.start.data.block,
        sealed: rec.sealed,
        skipped: rec.skipped?.data.reason,
        measurementRecords: rec.measurements.length,
        quarantined: rec.measurements.filter((m) => m.data.quarantined !== undefined).length,
        incomplete: rec.measurements.filter((m) => m.data.measurements.length !== tasks).length,
        benchMs: (measuredAt ?? Number.NaN) - (tasksAt ?? Number.NaN),
        roundMs: (sealAt ?? Number.NaN) - (started ?? Number.NaN),
        bytes: await ledger.countBytes(round),
        records: perRound.get(round) ?? 0,
        honestFailed: rec.measurements
          .filter((m) => phase.honestHotkeys.includes(m.data.hotkey))
          .flatMap((m) => m.data.measurements.flatMap((x) => (x.error ? [x.error.code] : []))),
        hostile,
      });
    }
    let replay: ReplayResult | undefined;
    let replayError: string | undefined;
    try {
      replay = await replayLedger(ledger);
    } catch (err) {
      replayError = (err as Error).message;
    }
    return {
      phase,
      run,
      rounds,
      recordTypes,
      ledgerBytes: (await ledger.info()).bytes,
      replay,
      replayError,
    };
  } finally {
    await ledger.close();
  }
}

/** The targets a phase missed, each a sentence. */
function misses(r: PhaseResult): string[] {
  const out: string[] = [];
  const { run, phase } = r;
  if (run.killed)
    out.push(
      `the validator was still running after its time limit and was stopped (last error it logged: ${run.lastError ?? 'none'})`,
    );
  else if (run.code !== 0)
    out.push(`the validator exited with ${run.code ?? run.signal}: ${run.stderr.trim().slice(-800)}`);
  const ended = r.rounds.filter((x) => x.sealed);
  if (ended.length < phase.rounds) out.push(`${ended.length} of ${phase.rounds} rounds ended`);
  for (const x of r.rounds) out.push(...roundMisses(x).map((m) => `round ${x.round}: ${m}`));
  const missed = missedSlots(r);
  if (missed > 0) out.push(`${missed} round slots passed without a round (a round ran late)`);
  if (phase.commitError) out.push(`committing the submissions failed: ${phase.commitError}`);
  if (r.replayError) out.push(`replay threw: ${r.replayError}`);
  else if (!r.replay?.ok)
    out.push(
      `replay failed: ${r.replay?.failure ? `round ${r.replay.failure.round} seq ${r.replay.failure.seq} ${r.replay.failure.code}: ${r.replay.failure.message}` : 'no result'}`,
    );
  return out;
}

/** The targets one round missed: skipped, late, or records lost. */
function roundMisses(x: RoundFigures): string[] {
  if (x.skipped) return [`skipped: ${x.skipped}`];
  if (!x.sealed) return ['never sealed'];
  const out: string[] = [];
  if (!(x.benchMs <= DEADLINE_MS + RECORD_GRACE_MS))
    out.push(
      `benchmark ended ${(x.benchMs / 1000).toFixed(1)} s after it began (deadline ${DEADLINE_MS / 1000} s + ${RECORD_GRACE_MS / 1000} s to record)`,
    );
  if (!(x.roundMs <= SLOT_MS))
    out.push(
      `sealed ${(x.roundMs / 1000).toFixed(1)} s after its start, past its slot of ${SLOT_MS / 1000} s`,
    );
  if (x.measurementRecords !== MINERS || x.quarantined > 0 || x.incomplete > 0)
    out.push(
      `${x.measurementRecords} measurement records for ${MINERS} miners (${x.quarantined} quarantined, ${x.incomplete} without one measurement per task)`,
    );
  return out;
}

/** Slots between the first and the last round without a round of their own. */
function missedSlots(r: PhaseResult): number {
  const blocks = r.rounds.map((x) => x.block).filter((b): b is number => b !== undefined);
  let missed = 0;
  for (let i = 1; i < blocks.length; i++)
    missed += Math.max(0, (blocks[i]! - blocks[i - 1]!) / ROUND_BLOCKS - 1);
  return missed;
}

// ---- setup ----
let simulatorOrigin = '';
let exitCode = 0;
const dir = mkdtempSync(join(tmpdir(), 'rodeo-perf-soak-'));
const t0 = performance.now();
try {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const devnet: Devnet = started('the devnet', await startDevnet({ port: 0, blockTimeMs: BLOCK_MS }), (d) =>
    d.close(),
  );
  const client: ChainClient = started(
    'the chain client',
    await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger),
    (c) => c.close(),
  );
  const base = buildField(HONEST * 3 + 6);
  const honestMiners = base.miners.filter((m) => HONEST_PROFILES.includes(m.profile)).slice(0, HONEST);
  const simulator: SimulatorProcess = started(
    'the simulator',
    await spawnSimulator({ port: 0, rounds: 4, profiles: HONEST_PROFILES }),
    (s) => s.close(),
  );
  simulatorOrigin = simulator.origin;
  // two at a time: on a busy machine six processes loading at once miss the 30 s health deadline
  const honest: RunningFieldMiner[] = [];
  for (let i = 0; i < honestMiners.length; i += 2) {
    const batch = honestMiners.slice(i, i + 2);
    honest.push(
      ...started(
        `honest miners ${i + 1}-${i + batch.length}`,
        await startFieldMiners(batch, (m) => simulator.url(m.profile), dir),
        stopFieldMiners,
      ),
    );
  }
  const slotMiner = (kind: 'hostile' | 'relay', i: number): FieldMiner => ({
    index: 100 + i,
    profile: 'broken',
    name: `soak-${kind}-${i}`,
    hotkey: keyring.addFromUri(`//RodeoSoak${kind}${i}`),
    coldkey: keyring.addFromUri(`//RodeoSoak${kind}${i}Cold`),
    image: `registry.rodeo.local/soak/${kind}-${i}@sha256:${hex(`${kind}-${i}`, 64)}`,
    sourceCommit: hex(`${kind}-${i}-commit`, 40),
  });
  const hostileMiners = Array.from({ length: HOSTILE }, (_, i) => slotMiner('hostile', i));
  const relayMiners = Array.from({ length: HOSTILE }, (_, i) => slotMiner('relay', i));
  const slotIdentity = (m: FieldMiner) => ({
    name: m.name,
    image: m.image,
    sourceCommit: m.sourceCommit,
    hotkey: m.hotkey.address,
  });
  const { ready } = await startHostileProcess({
    ttftMs: TTFT_MS,
    requestMs: REQUEST_MS,
    honestUrl: honest[0]!.endpoint,
    slots: [
      ...hostileMiners.map((m, index) => ({ mode: 'attack' as const, index, ...slotIdentity(m) })),
      ...relayMiners.map((m, index) => ({ mode: 'relay' as const, index, ...slotIdentity(m) })),
    ],
  });

  /** A subnet of the honest miners and `slots` (hostile or relays), with every submission committed. */
  const subnet = (owner: string, slots: FieldMiner[]): Promise<number> =>
    createDevnetSubnet(
      client,
      { ...base, owner: keyring.addFromUri(owner), miners: [...honestMiners, ...slots] },
      { tempo: ROUND_BLOCKS - 1 },
    );
  /**
   * Commits the submissions of the honest miners and of `slots` on `netuid`. Called once the phase's validator
   * has committed its seed anchor, just before its first round: the validator reads each commitment's block
   * events to order submissions, and the devnet (like a pruning node) keeps state for only 256 blocks.
   */
  const committer = (netuid: number, slots: FieldMiner[], urls: HostileReady['slots']) => async () => {
    await commitSubmissions(client, netuid, honest);
    for (const [i, m] of slots.entries()) {
      await client.setCommitment(m.hotkey, netuid, [
        { sha256: `0x${urls[i]!.sha256}` },
        { raw: urls[i]!.url },
      ]);
    }
  };
  const phases: Phase[] = [];
  if (BASELINE_ROUNDS > 0) {
    const netuid = await subnet('//RodeoSoakOwnerBaseline', relayMiners);
    phases.push({
      name: 'baseline',
      rounds: BASELINE_ROUNDS,
      netuid,
      dataDir: join(dir, 'baseline'),
      hostileHotkeys: [],
      honestHotkeys: [...honestMiners, ...relayMiners].map((m) => m.hotkey.address),
      control: undefined,
      commit: committer(netuid, relayMiners, ready.slots.slice(HOSTILE)),
    });
  }
  const soakNetuid = await subnet('//RodeoSoakOwner', hostileMiners);
  phases.push({
    name: 'soak',
    rounds: ROUNDS,
    netuid: soakNetuid,
    dataDir: join(dir, 'soak'),
    hostileHotkeys: hostileMiners.map((m) => m.hotkey.address),
    honestHotkeys: honestMiners.map((m) => m.hotkey.address),
    control: ready.control,
    commit: committer(soakNetuid, hostileMiners, ready.slots.slice(0, HOSTILE)),
  });
  log(
    `devnet ready in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${HONEST} honest miners (${honestMiners.map((m) => m.profile).join(', ')}), ${HOSTILE} hostile slots; ${phases.map((p) => `${p.name} ${p.rounds} rounds`).join(', ')} of ${SLOT_MS / 1000} s each`,
  );

  // ---- the phases, one after the other ----
  const results: PhaseResult[] = [];
  for (const phase of phases) {
    const config = {
      log: { level: 'warn', pretty: 'never' },
      chain: { endpoint: devnet.url, netuid: phase.netuid },
      bench: { ttftTimeoutMs: TTFT_MS, requestTimeoutMs: REQUEST_MS },
      validator: {
        dataDir: phase.dataDir,
        roundBlocks: ROUND_BLOCKS,
        blockTimeMs: BLOCK_MS,
        tasksPerRound: TASKS,
        minerConcurrency: CONCURRENCY,
        allowPrivateEndpoints: true,
        api: { host: '127.0.0.1', port: 0 },
        roundDeadlineMs: DEADLINE_MS,
      },
    };
    const p0 = performance.now();
    let committing: Promise<void> | undefined;
    const run = await runValidator(phase, config, (e) => {
      if (e.record === RECORD.seedAnchor && e.phase === 'result' && !committing)
        committing = phase.commit().catch((err: unknown) => {
          phase.commitError = (err as Error).message;
          log(`${phase.name}: committing the submissions failed: ${phase.commitError}`);
        });
    });
    await committing;
    if (aborted) throw new Error(`stopped by ${aborted}`);
    log(`${phase.name}: ${phase.rounds} rounds in ${((performance.now() - p0) / 1000).toFixed(0)} s`);
    results.push(await analyse(phase, run));
  }

  // ---- figures ----
  process.stdout.write(
    `perf/soak: ${MINERS} miners (${HOSTILE} hostile in the soak, honest relays in the baseline), ${TASKS} tasks each per round, ${CONCURRENCY} at a time; ` +
      `round ${ROUND_BLOCKS} blocks x ${BLOCK_MS} ms = ${SLOT_MS / 1000} s, round deadline ${DEADLINE_MS / 1000} s, per task first token ${TTFT_MS / 1000} s / total ${REQUEST_MS / 1000} s\n`,
  );
  const s = (ms: number) => ms / 1000;
  printRows(
    [
      'phase',
      'hostile',
      'rounds',
      'completed',
      'skipped',
      'on time',
      'round s p50',
      'p95',
      'bench s p50',
      'p95',
      'max',
      'records/round',
      'meas/round',
      'lost',
      'honest failed',
      'ledger KB/round',
      'peak MB',
      'errors logged',
      'replay',
    ],
    results.map((r) => {
      const done = r.rounds.filter((x) => x.sealed && !x.skipped);
      const lost = done.reduce(
        (n, x) => n + Math.max(0, MINERS - x.measurementRecords) + x.quarantined + x.incomplete,
        0,
      );
      const bench = done.map((x) => x.benchMs);
      const total = done.map((x) => x.roundMs);
      return [
        r.phase.name,
        r.phase.hostileHotkeys.length,
        r.phase.rounds,
        done.length,
        r.rounds.filter((x) => x.skipped).length,
        `${done.filter((x) => roundMisses(x).length === 0).length}/${r.phase.rounds}`,
        s(percentile(total, 0.5)),
        s(percentile(total, 0.95)),
        s(percentile(bench, 0.5)),
        s(percentile(bench, 0.95)),
        s(Math.max(...bench)),
        done.reduce((n, x) => n + x.records, 0) / Math.max(1, done.length),
        done.reduce((n, x) => n + x.measurementRecords, 0) / Math.max(1, done.length),
        lost,
        `${done.reduce((n, x) => n + x.honestFailed.length, 0)}/${done.length * TASKS * r.phase.honestHotkeys.length}`,
        done.reduce((n, x) => n + x.bytes, 0) / Math.max(1, done.length) / 1024,
        r.run.peakKb / 1024,
        r.run.errorLogs,
        r.replay?.ok ? `ok (${r.replay.replayedRounds} rounds, ${s(r.replay.ms).toFixed(1)} s)` : 'FAILED',
      ];
    }),
  );
  for (const r of results) {
    const types = [...r.recordTypes.entries()].sort((a, b) => b[1] - a[1]);
    process.stdout.write(
      `${r.phase.name}: records written ${types.reduce((n, [, c]) => n + c, 0)} (${types.map(([t, c]) => `${t} ${c}`).join(', ')}); ledger ${(r.ledgerBytes / 1e6).toFixed(2)} MB\n`,
    );
    const honestCodes = new Map<string, number>();
    for (const c of r.rounds.flatMap((x) => x.honestFailed))
      honestCodes.set(c, (honestCodes.get(c) ?? 0) + 1);
    if (honestCodes.size)
      process.stdout.write(
        `${r.phase.name}: honest tasks failed by ${[...honestCodes].map(([c, n]) => `${c} ${n}`).join(', ')}\n`,
      );
    const skipped = r.rounds.filter((x) => x.skipped);
    process.stdout.write(
      `${r.phase.name}: rounds skipped ${skipped.length}${skipped.map((x) => `\n  round ${x.round}: ${x.skipped}`).join('')}\n`,
    );
  }
  const soak = results.find((r) => r.phase.name === 'soak')!;
  if (HOSTILE > 0) {
    const byAttack = new Map<
      string,
      {
        trials: number;
        contained: number;
        tasks: number;
        expected: number;
        codes: Map<string, number>;
        problems: string[];
      }
    >();
    for (const x of soak.rounds.filter((x) => x.sealed && !x.skipped)) {
      for (const h of x.hostile) {
        const a = byAttack.get(h.attack.name) ?? {
          trials: 0,
          contained: 0,
          tasks: 0,
          expected: 0,
          codes: new Map<string, number>(),
          problems: [] as string[],
        };
        a.trials++;
        a.tasks += h.codes.length;
        a.expected += h.expected;
        if (!h.problem) a.contained++;
        else a.problems.push(`round ${x.round}: ${h.problem}`);
        for (const c of h.codes) a.codes.set(c, (a.codes.get(c) ?? 0) + 1);
        byAttack.set(h.attack.name, a);
      }
    }
    process.stdout.write(
      'soak: what each attack did (rounds it ran in; contained: every task failed by a named code or passed flagged; expected: tasks with the outcome test/hostile expects)\n',
    );
    printRows(
      ['attack', 'rounds', 'contained', 'expected', 'task outcomes'],
      [...byAttack.entries()].map(([name, a]) => [
        name,
        a.trials,
        a.contained,
        `${a.expected}/${a.tasks}`,
        [...a.codes.entries()].map(([c, n]) => `${c} ${n}`).join(', '),
      ]),
    );
    for (const [name, a] of byAttack)
      for (const p of a.problems.slice(0, 3)) process.stdout.write(`  ${name} not contained, ${p}\n`);
  }
  const missed = misses(soak);
  if (missed.length) {
    exitCode = 1;
    process.stdout.write(
      `soak: ${missed.length} target(s) missed:\n${missed.map((m) => `  - ${m}\n`).join('')}`,
    );
  } else {
    process.stdout.write(
      `soak: targets met: ${ROUNDS}/${ROUNDS} rounds ended on time, 0 records lost, replay clean\n`,
    );
  }
  for (const r of results.filter((r) => r.phase.name !== 'soak')) {
    const m = misses(r);
    if (m.length) process.stdout.write(`${r.phase.name} (informative): ${m.join('; ')}\n`);
  }
} catch (err) {
  exitCode = 1;
  process.stderr.write(`perf/soak failed: ${(err as Error).stack ?? String(err)}\n`);
} finally {
  await stopAll();
  if (args.keep) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  log(`took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
process.exit(exitCode);
