import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDevnet } from '../../chain/devnet/index.js';
import { type ChainClient, connectChain } from '../../chain/index.js';
import { type Config, ConfigSchema, createLogger, type Logger } from '../../config/index.js';
import type { Task } from '../../datasets/index.js';
import { type SimulatorProcess, spawnSimulator } from '../../miner-template/index.js';
import {
  checkSandbox,
  RECORD,
  replayLedger,
  startValidator,
  type TasksRecord,
  type ValidatorService,
} from '../../validator/index.js';
import { buildField, type Field } from './field.js';
import { freePort } from './free-port.js';
import { LiveView } from './live-view.js';
import { commitSubmissions, type RunningFieldMiner, startFieldMiners, stopFieldMiners } from './miners.js';
import { createDevnetSubnet } from './subnet.js';

export interface DevnetRunOptions {
  miners: number;
  rounds: number;
  keep: boolean;
  data: string | undefined;
  json: boolean;
  blockTimeMs: number;
  roundBlocks: number;
  tasksPerRound: number;
  /** validator.anchorEveryRounds; unset or 0: no ledger anchors on the devnet. */
  anchorEveryRounds?: number;
  chainPort: number;
  apiPort: number;
  version: string;
  logLevel: string;
}

export interface DevnetSummary {
  ok: boolean;
  problems: string[];
  chain: string;
  netuid: number;
  dashboard: string;
  ledger: string;
  rounds: number;
  champion: { hotkey: string; name: string; profile: string } | undefined;
  miners: {
    uid: number;
    profile: string;
    name: string;
    hotkey: string;
    average: number;
    weight: number;
    eligible: boolean;
    reason: string | undefined;
  }[];
  weightsOnChain: { uid: number; value: number }[];
  weightsMatchLedger: boolean;
  replay: {
    ok: boolean;
    records: number;
    rounds: number;
    ms: number;
    failure: string | undefined;
    /** Rounds whose revealed seed secret, seed and tasks were checked; anchors read from the chain. */
    seeds: { checked: number; anchorsOnChain: number };
  };
}

function dataDir(requested: string | undefined): string {
  if (!requested) return mkdtempSync(join(tmpdir(), 'rodeo-devnet-'));
  const dir = resolve(requested);
  if (existsSync(join(dir, 'ledger')) && readdirSync(join(dir, 'ledger')).length > 0) {
    throw new Error(
      `--data ${dir} already holds a ledger from an earlier devnet; pass a new folder or remove it`,
    );
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function devnetConfig(
  o: DevnetRunOptions,
  endpoint: string,
  netuid: number,
  dir: string,
  apiPort: number,
): Config {
  return ConfigSchema.parse({
    log: { level: o.logLevel },
    chain: { endpoint, netuid },
    bench: { model: 'janus' },
    validator: {
      dataDir: dir,
      roundBlocks: o.roundBlocks,
      tasksPerRound: o.tasksPerRound,
      minerConcurrency: 4,
      allowPrivateEndpoints: true,
      anchorEveryRounds: o.anchorEveryRounds ?? 0,
      api: { host: '127.0.0.1', port: apiPort },
      pool: { perDayTao: 1000, auditWindowBlocks: 5, blocksPerDay: 7200, payouts: true },
    },
  });
}

/**
 * `rodeo devnet`: a whole subnet on this machine. Starts the devnet chain, creates the subnet, registers a
 * validator and a field of simulated miners (each a real `rodeo miner serve` process), commits their
 * submissions, runs validator rounds with a live view, then replays the ledger and compares the weights on
 * chain with the ledger's.
 */
export async function runDevnet(
  o: DevnetRunOptions,
  logger: Logger = createLogger({ level: 'warn', pretty: 'auto' }),
): Promise<DevnetSummary> {
  const dir = dataDir(o.data);
  const view = new LiveView(o.json ? process.stderr : process.stdout);
  const say = (text: string) => (o.json ? process.stderr.write(`${text}\n`) : view.note(text));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const devnet = await startDevnet({
      host: '127.0.0.1',
      port: o.chainPort,
      blockTimeMs: o.blockTimeMs,
      logger,
    });
    cleanups.push(() => devnet.close());
    say(`devnet chain: ${devnet.url} (block every ${o.blockTimeMs} ms)`);
    const client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), logger);
    cleanups.push(() => client.close());
    const field = buildField(o.miners);
    const netuid = await createDevnetSubnet(client, field, { tempo: Math.max(2, o.roundBlocks - 1) });
    // the hotkey pays for its ledger anchors
    if (o.anchorEveryRounds) await client.sudoFund(field.sudo, [field.validatorHot.address], 10n ** 12n);
    say(
      `subnet ${netuid}: validator ${field.validatorHot.address} and ${field.miners.length} miners registered`,
    );

    // the simulated upstreams run in their own process so their timers never share the validator's event loop
    const simulator = await spawnSimulator({
      port: 0,
      rounds: 4,
      profiles: [...new Set(field.miners.map((m) => m.profile))],
    });
    cleanups.push(() => simulator.close());
    const running = await startFieldMiners(field.miners, (m) => simulator.url(m.profile), dir);
    cleanups.push(() => stopFieldMiners(running));
    await commitSubmissions(client, netuid, running);
    say(
      `miners serving: ${running.map((r) => `${r.miner.name} ${r.endpoint}`).join(', ')} (simulated upstreams)`,
    );

    const sandbox = await checkSandbox(ConfigSchema.parse({})).then(
      () => undefined,
      (err: Error) => err.message,
    );
    if (sandbox) say(`warning: ${sandbox}; code tasks score 0 for every miner in this devnet`);
    const apiPort = o.apiPort || (await freePort());
    const config = devnetConfig(o, devnet.url, netuid, dir, apiPort);
    const service = await startDevnetValidator(o, config, client, field, simulator, view, netuid);
    cleanups.push(() => service.close());
    say(`dashboard: ${service.api.url}`);
    await service.done;
    view.stop();

    const summary = await summarize(o, service, client, field, running, netuid, devnet.url);
    if (!o.json) printSummary(summary);
    if (o.keep) {
      say('--keep: the subnet stays up (validator rounds go on); press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    return summary;
  } finally {
    view.stop();
    await cleanup();
  }
}

async function startDevnetValidator(
  o: DevnetRunOptions,
  config: Config,
  client: ChainClient,
  field: Field,
  simulator: SimulatorProcess,
  view: LiveView,
  netuid: number,
): Promise<ValidatorService> {
  let measured = 0;
  let expected = 0;
  let round: number | undefined;
  let phase = 'starting';
  let service: ValidatorService | undefined;
  const refresh = () => {
    if (service)
      view.update({
        round,
        rounds: o.rounds,
        measured,
        expected,
        phase,
        dashboard: service.api.url,
        board: service.model.leaderboard(),
      });
  };
  service = await startValidator({
    config,
    netuid,
    chain: client,
    hotkey: field.validatorHot,
    coldkey: field.validatorCold,
    logger: createLogger(config.log, 'validator'),
    version: o.version,
    ...(o.keep ? {} : { maxRounds: o.rounds }),
    pollMs: 250,
    onRecord: async (rec) => {
      if (rec.type === RECORD.tasks) {
        const tasks = (rec.data as TasksRecord).tasks as Task[];
        await simulator.add(tasks);
        round = rec.round;
        measured = 0;
        expected = tasks.length * field.miners.length;
        phase = 'benchmarking miners';
      } else if (rec.type === RECORD.scores) phase = 'scoring';
      else if (rec.type === RECORD.weightsTx) phase = 'setting weights';
      else if (rec.type === 'seal') {
        phase = 'sealed';
        if (!process.stdout.isTTY || o.json) {
          const board = service!.model.leaderboard();
          const champion = board.entries.find((e) => e.isChampion);
          process.stderr.write(`round ${rec.round} sealed; champion ${champion?.name ?? 'none'}\n`);
        }
      }
      refresh();
    },
    observer: {
      taskMeasured: () => {
        measured++;
        refresh();
      },
    },
  });
  refresh();
  return service;
}

async function summarize(
  o: DevnetRunOptions,
  service: ValidatorService,
  client: ChainClient,
  field: Field,
  running: RunningFieldMiner[],
  netuid: number,
  chain: string,
): Promise<DevnetSummary> {
  const board = service.model.leaderboard();
  const profileOf = new Map(running.map((r) => [r.miner.hotkey.address, r.miner]));
  const last = board.round === undefined ? undefined : service.model.round(board.round);
  const rows = await client.weights(netuid);
  const mine = rows.find((r) => r.hotkey === field.validatorHot.address);
  const weightsOnChain = (mine?.weights ?? []).map((w) => ({ uid: w.uid, value: w.value }));
  const ledgerEmit = (last?.weights ?? [])
    .filter((w) => w.value > 0)
    .map((w) => ({ uid: w.uid, value: w.value }));
  const weightsMatchLedger = JSON.stringify(weightsOnChain) === JSON.stringify(ledgerEmit);
  const replay = await replayLedger(service.ledger, { seeds: { chain: client } });
  const champ = board.entries.find((e) => e.isChampion);
  const miners = board.entries.map((e) => ({
    uid: e.uid,
    profile: profileOf.get(e.hotkey)?.profile ?? 'unknown',
    name: e.name,
    hotkey: e.hotkey,
    average: e.average,
    weight: e.weight,
    eligible: e.eligible,
    reason: e.ineligibleReason,
  }));
  const problems: string[] = [];
  const sealed = service.model.rounds().filter((n) => service.model.round(n)?.sealed).length;
  if (sealed < o.rounds) problems.push(`only ${sealed} of ${o.rounds} rounds sealed`);
  if (!replay.ok) problems.push(`replay failed: ${replay.failure?.message}`);
  if (!weightsMatchLedger) problems.push('weights on chain differ from the ledger');
  return {
    ok: problems.length === 0,
    problems,
    chain,
    netuid,
    dashboard: service.api.url,
    ledger: service.ledger.dir,
    rounds: sealed,
    champion: champ
      ? { hotkey: champ.hotkey, name: champ.name, profile: profileOf.get(champ.hotkey)?.profile ?? 'unknown' }
      : undefined,
    miners,
    weightsOnChain,
    weightsMatchLedger,
    replay: {
      ok: replay.ok,
      records: replay.records,
      rounds: replay.replayedRounds,
      ms: Math.round(replay.ms),
      failure: replay.failure ? `${replay.failure.code}: ${replay.failure.message}` : undefined,
      seeds: { checked: replay.seeds.checked, anchorsOnChain: replay.seeds.anchorsOnChain ?? 0 },
    },
  };
}

function printSummary(s: DevnetSummary): void {
  const out = process.stdout;
  out.write(`\n${statusHeader(s)}\n`);
  out.write(
    `${leaderboardTableFromSummary(s)}\n` +
      `champion: ${s.champion ? `${s.champion.name} (${s.champion.profile})` : 'none'}\n` +
      `weights on chain (netuid ${s.netuid}, ${s.chain}): ${s.weightsOnChain.map((w) => `uid ${w.uid}=${w.value}`).join(', ') || 'none'} — ${s.weightsMatchLedger ? 'equal to the ledger' : 'DIFFERENT from the ledger'}\n` +
      `  inspect: rodeo weights --chain ${s.chain} --netuid ${s.netuid}\n` +
      `ledger: ${s.ledger}\n` +
      `replay: ${s.replay.ok ? `verified (${s.replay.records} records, ${s.replay.rounds} rounds recomputed, ${s.replay.seeds.checked} round seeds checked against ${s.replay.seeds.anchorsOnChain} chain anchor(s) on chain, ${s.replay.ms} ms)` : `FAILED: ${s.replay.failure}`}\n` +
      `  again: rodeo replay --ledger ${s.ledger}\n` +
      (s.ok ? 'devnet: OK\n' : `devnet: PROBLEMS\n${s.problems.map((p) => `  - ${p}`).join('\n')}\n`),
  );
}

const statusHeader = (s: DevnetSummary) =>
  `Rodeo devnet finished: ${s.rounds} rounds · dashboard was ${s.dashboard}`;

function leaderboardTableFromSummary(s: DevnetSummary): string {
  return s.miners
    .map(
      (m, i) =>
        `  ${String(i + 1).padStart(2)}. ${m.name.padEnd(20)} ${m.profile.padEnd(13)} avg ${m.average.toFixed(1).padStart(5)}  weight ${m.weight.toFixed(3)}  ${m.eligible ? '' : `(${m.reason})`}`,
    )
    .join('\n');
}
