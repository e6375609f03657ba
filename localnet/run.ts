import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain } from '../chain/index.js';
import { type Config, ConfigSchema, createLogger, type Logger } from '../config/index.js';
import type { Task } from '../datasets/index.js';
import {
  checkSandbox,
  RECORD,
  replayLedger,
  startValidator,
  type TasksRecord,
  type ValidatorService,
} from '../validator/index.js';
import { cosine, normalized, stakeWeightedMean, YUMA_KAPPA, yumaTrust } from './consensus.js';
import { LocalnetErrors } from './errors.js';
import { buildField, type Field, type FieldValidator } from './field.js';
import { freePort } from './free-port.js';
import { roundsSealed, stoppedText, stoppedValidator } from './keep.js';
import { LiveView } from './live-view.js';
import { mainnetTempo, weightsLanded, weightsLandedText, weightsSettingsText } from './mainnet-defaults.js';
import { commitSubmissions, type RunningFieldMiner, startFieldMiners, stopFieldMiners } from './miners.js';
import { type SimulatorProcess, spawnSimulator } from './simulator/index.js';
import { createDevnetSubnet } from './subnet.js';

export interface DevnetRunOptions {
  miners: number;
  /** Validators on the subnet, each with its own hotkey, stake, ledger, API and secret seed chain (unset: 1). */
  validators?: number;
  rounds: number;
  keep: boolean;
  data: string | undefined;
  json: boolean;
  blockTimeMs: number;
  roundBlocks: number;
  /** Mainnet weights settings and the stateful epoch scheduler instead of the fast settings (localnet/mainnet-defaults.ts). */
  mainnetDefaults?: boolean;
  tasksPerRound: number;
  /** validator.anchorEveryRounds; unset or 0: no ledger anchors on the devnet. */
  anchorEveryRounds?: number;
  /** devnet.host (unset: 127.0.0.1). */
  chainHost?: string;
  chainPort: number;
  /** API port of the first validator (0: any free port); the others always take free ports. */
  apiPort: number;
  version: string;
  logLevel: string;
}

/** Consensus target of `rodeo devnet --validators N`: every pairwise cosine of the weight vectors on chain. */
export const CONSENSUS_MIN_COSINE = 0.95;

/** What one validator of the devnet did: rounds sealed, champion, weights on chain against its ledger, replay. */
export interface DevnetValidatorSummary {
  /** 1-based, as printed ("validator 2"). */
  number: number;
  hotkey: string;
  uid: number | undefined;
  /** The pool payer (validator.pool.payer): validator 1 only. */
  payer: boolean;
  dashboard: string;
  ledger: string;
  rounds: number;
  champion: { hotkey: string; name: string; profile: string } | undefined;
  weightsOnChain: { uid: number; value: number }[];
  weightsMatchLedger: boolean;
  replay: DevnetSummary['replay'];
}

/** Agreement of the validators, from the weights and stakes on chain after the last round (2+ validators). */
export interface DevnetConsensus {
  /** Block at which the weights, stakes and validator trust were read. */
  block: number;
  kappa: number;
  target: number;
  sameChampion: boolean;
  /** The smallest pairwise cosine similarity of the weight vectors on chain. */
  minCosine: number;
  ok: boolean;
  pairs: { a: number; b: number; cosine: number }[];
  validators: {
    number: number;
    hotkey: string;
    champion: string | undefined;
    /** Cosine of its weights with the stake-weighted mean of every validator's. */
    cosineWithConsensus: number;
    /** ValidatorTrust as the devnet chain stores it (its simplified epoch clips nothing). */
    trustOnChain: number;
    /** Validator trust under Yuma consensus, computed here from the weights and stakes on chain. */
    trustYuma: number;
    permit: boolean;
  }[];
}

/** `rodeo devnet` was stopped by a signal; everything it started has been stopped. */
export class DevnetStopped extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(
      `stopped by ${signal}: every validator, miner, the simulator and the chain it started were stopped`,
    );
  }

  get exitCode(): number {
    return signal128(this.signal);
  }
}

const signal128 = (signal: NodeJS.Signals) => 128 + (signal === 'SIGINT' ? 2 : 15);

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
  /** Every validator (the fields above are the first one's). */
  validators: DevnetValidatorSummary[];
  /** With 2+ validators: champions, cosine similarities and validator trust. */
  consensus: DevnetConsensus | undefined;
}

/** Validator i's data dir (ledger, secret seed chain): the devnet folder itself with one validator. */
const validatorDir = (dir: string, index: number, count: number) =>
  count === 1 ? dir : join(dir, `validator-${index + 1}`);

function dataDir(requested: string | undefined, validators: number): string {
  if (!requested) return mkdtempSync(join(tmpdir(), 'rodeo-devnet-'));
  const dir = resolve(requested);
  for (const ledger of [
    join(dir, 'ledger'),
    ...Array.from({ length: validators }, (_, i) => join(validatorDir(dir, i, validators), 'ledger')),
  ]) {
    if (existsSync(ledger) && readdirSync(ledger).length > 0) {
      throw LocalnetErrors.DATA_NOT_EMPTY(dir, ledger);
    }
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
  payer: boolean,
): Config {
  return ConfigSchema.parse({
    log: { level: o.logLevel },
    chain: { endpoint, netuid },
    bench: { model: 'janus' },
    validator: {
      dataDir: dir,
      // with mainnet defaults rounds follow the epochs, and budgets use the devnet's real block time
      roundBlocks: o.mainnetDefaults ? 0 : o.roundBlocks,
      ...(o.mainnetDefaults ? { blockTimeMs: o.blockTimeMs } : {}),
      tasksPerRound: o.tasksPerRound,
      minerConcurrency: 4,
      allowPrivateEndpoints: true,
      anchorEveryRounds: o.anchorEveryRounds ?? 0,
      api: { host: '127.0.0.1', port: apiPort },
      pool: { perDayTao: 1000, auditWindowBlocks: 5, blocksPerDay: 7200, payer },
    },
  });
}

/**
 * `rodeo devnet`: a whole subnet on this machine. Starts the devnet chain, creates the subnet, registers
 * `validators` validators and a field of simulated miners (each a real `rodeo miner serve` process), commits
 * their submissions, runs validator rounds with a live view, then replays every ledger, compares the weights
 * on chain with each ledger's and, with several validators, measures their consensus. SIGINT/SIGTERM stop
 * everything it started (every validator, miner, the simulator and the chain); a second signal exits at once.
 */
export async function runDevnet(
  o: DevnetRunOptions,
  logger: Logger = createLogger({ level: 'warn', pretty: 'auto' }),
): Promise<DevnetSummary> {
  const count = o.validators ?? 1;
  const dir = dataDir(o.data, count);
  const view = new LiveView(o.json ? process.stderr : process.stdout);
  const say = (text: string) => (o.json ? process.stderr.write(`${text}\n`) : view.note(text));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  let signal: NodeJS.Signals | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (sig: NodeJS.Signals) => {
    if (signal) process.exit(signal128(sig));
    signal = sig;
    say(`${sig}: stopping every validator, miner, the simulator and the chain (again to exit at once)`);
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  /** Waits for a step unless a signal comes first; what the step started is stopped even if it ends later. */
  const step = async <T>(p: Promise<T>, close?: (v: T) => Promise<unknown>): Promise<T> => {
    const owned = p.then((v) => {
      if (close && signal) void close(v).catch(() => undefined);
      else if (close) cleanups.push(() => close(v));
      return v;
    });
    return Promise.race([
      owned,
      stopped.then(() => {
        throw new DevnetStopped(signal!);
      }),
    ]);
  };
  try {
    const devnet = await step(
      startDevnet({
        host: o.chainHost ?? '127.0.0.1',
        port: o.chainPort,
        blockTimeMs: o.blockTimeMs,
        statefulEpochs: o.mainnetDefaults === true,
        logger,
      }),
      (d) => d.close(),
    );
    say(`devnet chain: ${devnet.url} (block every ${o.blockTimeMs} ms)`);
    const chainConfig = ConfigSchema.shape.chain.parse({ endpoint: devnet.url });
    const client = await step(connectChain(chainConfig, logger), (c) => c.close());
    const field = buildField(o.miners, count);
    const tempo = o.mainnetDefaults ? mainnetTempo(o.roundBlocks) : Math.max(2, o.roundBlocks - 1);
    const netuid = await step(
      createDevnetSubnet(client, field, { tempo, mainnetDefaults: o.mainnetDefaults }),
    );
    say(await weightsSettingsText(client, netuid, o.mainnetDefaults === true));
    // each hotkey pays for its ledger anchors
    if (o.anchorEveryRounds)
      await step(
        client.sudoFund(
          field.sudo,
          field.validators.map((v) => v.hotkey.address),
          10n ** 12n,
        ),
      );
    say(
      count === 1
        ? `subnet ${netuid}: validator ${field.validatorHot.address} and ${field.miners.length} miners registered`
        : `subnet ${netuid}: ${count} validators (${field.validators.map((v) => v.hotkey.address).join(', ')}), equally staked, and ${field.miners.length} miners registered`,
    );

    // the simulated upstreams run in their own process so their timers never share the validators' event loop
    const simulator = await step(
      spawnSimulator({ port: 0, rounds: 4, profiles: [...new Set(field.miners.map((m) => m.profile))] }),
      (s) => s.close(),
    );
    // one at a time: on a busy machine processes loading at once miss the miners' health deadline
    const running: RunningFieldMiner[] = [];
    for (const miner of field.miners)
      running.push(
        ...(await step(
          startFieldMiners([miner], (m) => simulator.url(m.profile), dir),
          stopFieldMiners,
        )),
      );
    await step(commitSubmissions(client, netuid, running));
    say(
      `miners serving: ${running.map((r) => `${r.miner.name} ${r.endpoint}`).join(', ')} (simulated upstreams)`,
    );

    const sandbox = await step(
      checkSandbox(ConfigSchema.parse({})).then(
        () => undefined,
        (err: Error) => err.message,
      ),
    );
    if (sandbox) say(`warning: ${sandbox}; code tasks score 0 for every miner in this devnet`);
    const validators: RunningValidator[] = [];
    for (const v of field.validators) {
      const apiPort = (v.index === 0 && o.apiPort) || (await freePort());
      const config = devnetConfig(
        o,
        devnet.url,
        netuid,
        validatorDir(dir, v.index, count),
        apiPort,
        v.index === 0,
      );
      // its own connection, as a validator on its own machine would have
      const vclient =
        v.index === 0 ? client : await step(connectChain(chainConfig, logger), (c) => c.close());
      const service = await step(
        startDevnetValidator(o, config, vclient, field, v, simulator, view, netuid, say),
        (s) => s.close(),
      );
      validators.push({ v, service, client: vclient });
      say(
        count === 1
          ? `dashboard: ${service.api.url}\nledger: ${service.ledger.dir}`
          : `validator ${v.index + 1} ${v.hotkey.address}${v.index === 0 ? ' (pool payer)' : ''}: dashboard ${service.api.url}, ledger ${service.ledger.dir}`,
      );
    }
    // with --keep the validators go on: the summary comes once the first --rounds rounds are sealed
    await step(
      Promise.all(validators.map((r) => (o.keep ? roundsSealed(r.service, o.rounds) : r.service.done))),
    );
    view.stop();

    const summary = await step(summarize(o, validators, client, running, netuid, devnet.url, tempo));
    for (const r of validators)
      say(await weightsLandedText(r.service.ledger, r.v.index + 1, validators.length));
    if (!o.json) view.note(summaryText(summary, o.keep));
    if (o.keep && !signal) {
      say('--keep: the subnet stays up (validator rounds go on); press Ctrl-C to stop');
      await stopped;
      view.close();
      say(
        stoppedText(
          signal ?? 'SIGINT',
          validators.map((r) => stoppedValidator(r.service, r.v.index + 1)),
          (o.json ? process.stderr : process.stdout).columns || 80,
        ),
      );
    }
    return summary;
  } finally {
    view.close();
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

interface RunningValidator {
  v: FieldValidator;
  service: ValidatorService;
  client: ChainClient;
}

async function startDevnetValidator(
  o: DevnetRunOptions,
  config: Config,
  client: ChainClient,
  field: Field,
  v: FieldValidator,
  simulator: SimulatorProcess,
  view: LiveView,
  netuid: number,
  say: (text: string) => void,
): Promise<ValidatorService> {
  let measured = 0;
  let expected = 0;
  let round: number | undefined;
  let phase = 'starting';
  let service: ValidatorService | undefined;
  const several = field.validators.length > 1;
  const label = several ? `validator ${v.index + 1}: ` : '';
  // the live view follows the first validator; the others report their sealed rounds as notes
  const refresh = () => {
    if (service && v.index === 0)
      view.update({
        round,
        rounds: o.keep ? undefined : o.rounds,
        measured,
        expected,
        phase: several ? `${phase} (validator 1 of ${field.validators.length})` : phase,
        dashboard: service.api.url,
        board: service.model.leaderboard(),
      });
  };
  service = await startValidator({
    config,
    netuid,
    chain: client,
    hotkey: v.hotkey,
    // only the payer sends payouts, so only it holds its coldkey here
    coldkey: config.validator.pool.payer ? v.coldkey : undefined,
    logger: createLogger(config.log, several ? `validator-${v.index + 1}` : 'validator'),
    version: o.version,
    ...(o.keep ? {} : { maxRounds: o.rounds }),
    pollMs: 250,
    onRecord: async (rec) => {
      if (rec.type === RECORD.tasks) {
        // the devnet-only feed: the simulator learns this validator's round tasks from it, and only from it
        const tasks = (rec.data as TasksRecord).tasks as Task[];
        await simulator.add(tasks, v.hotkey.address);
        round = rec.round;
        measured = 0;
        expected = tasks.length * field.miners.length;
        phase = 'benchmarking miners';
      } else if (rec.type === RECORD.scores) phase = 'scoring';
      else if (rec.type === RECORD.weightsTx) phase = 'setting weights';
      else if (rec.type === 'seal') {
        phase = 'sealed';
        const board = service!.model.leaderboard();
        const champion = board.entries.find((e) => e.isChampion);
        const text = `${label}round ${rec.round} sealed; champion ${champion?.name ?? 'none'}`;
        if (!process.stdout.isTTY || o.json) process.stderr.write(`${text}\n`);
        else if (v.index > 0) say(text);
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

async function summarizeValidator(
  o: DevnetRunOptions,
  r: RunningValidator,
  client: ChainClient,
  running: RunningFieldMiner[],
  netuid: number,
): Promise<{ summary: DevnetValidatorSummary; miners: DevnetSummary['miners']; problems: string[] }> {
  const { service } = r;
  const board = service.model.leaderboard();
  const profileOf = new Map(running.map((m) => [m.miner.hotkey.address, m.miner]));
  const last = board.round === undefined ? undefined : service.model.round(board.round);
  const rows = await client.weights(netuid);
  const mine = rows.find((row) => row.hotkey === r.v.hotkey.address);
  const weightsOnChain = (mine?.weights ?? []).map((w) => ({ uid: w.uid, value: w.value }));
  // with commit-reveal the latest round may still await its reveal: compare with the latest round that landed
  const landed = o.mainnetDefaults ? await weightsLanded(service.ledger) : undefined;
  const ledgerEmit =
    landed?.emit ??
    (last?.weights ?? []).filter((w) => w.value > 0).map((w) => ({ uid: w.uid, value: w.value }));
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
    miners,
    problems,
    summary: {
      number: r.v.index + 1,
      hotkey: r.v.hotkey.address,
      uid:
        mine?.uid ??
        (await client.metagraph(netuid)).neurons.find((n) => n.hotkey === r.v.hotkey.address)?.uid,
      payer: r.v.index === 0,
      dashboard: service.api.url,
      ledger: service.ledger.dir,
      rounds: sealed,
      champion: champ
        ? {
            hotkey: champ.hotkey,
            name: champ.name,
            profile: profileOf.get(champ.hotkey)?.profile ?? 'unknown',
          }
        : undefined,
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
    },
  };
}

/**
 * Waits until the chain has run an epoch after the last weights (so its validator trust reflects them), then
 * reads every validator's weights and stake and computes the agreement figures.
 */
async function measureConsensus(
  o: DevnetRunOptions,
  client: ChainClient,
  netuid: number,
  tempo: number,
  validators: DevnetValidatorSummary[],
): Promise<DevnetConsensus> {
  const until = (await client.head()).number + tempo + 2;
  for (let i = 0; i < 4 * (tempo + 2) + 40; i++) {
    if ((await client.head()).number >= until) break;
    await new Promise((r) => setTimeout(r, Math.max(50, o.blockTimeMs / 2)));
  }
  const meta = await client.metagraph(netuid);
  const rows = await client.weights(netuid);
  const neuronOf = new Map(meta.neurons.map((n) => [n.hotkey, n]));
  const vectors = validators.map(
    (v) =>
      new Map(
        (rows.find((row) => row.hotkey === v.hotkey)?.weights ?? []).map((w) => [w.uid, w.value] as const),
      ),
  );
  const stake = validators.map((v) => Number(neuronOf.get(v.hotkey)?.stake ?? 0n));
  const mean = stakeWeightedMean(vectors, stake);
  const yuma = yumaTrust(vectors, stake, YUMA_KAPPA);
  const pairs: DevnetConsensus['pairs'] = [];
  for (let a = 0; a < validators.length; a++)
    for (let b = a + 1; b < validators.length; b++)
      pairs.push({ a: a + 1, b: b + 1, cosine: cosine(normalized(vectors[a]!), normalized(vectors[b]!)) });
  const champions = validators.map((v) => v.champion?.hotkey);
  const sameChampion = champions[0] !== undefined && champions.every((c) => c === champions[0]);
  const minCosine = Math.min(...pairs.map((p) => p.cosine));
  return {
    block: meta.block,
    kappa: YUMA_KAPPA,
    target: CONSENSUS_MIN_COSINE,
    sameChampion,
    minCosine,
    ok: sameChampion && minCosine >= CONSENSUS_MIN_COSINE,
    pairs,
    validators: validators.map((v, i) => ({
      number: v.number,
      hotkey: v.hotkey,
      champion: v.champion?.name,
      cosineWithConsensus: cosine(vectors[i]!, mean),
      trustOnChain: neuronOf.get(v.hotkey)?.validatorTrust ?? 0,
      trustYuma: yuma.trust[i] ?? 0,
      permit: neuronOf.get(v.hotkey)?.validatorPermit ?? false,
    })),
  };
}

async function summarize(
  o: DevnetRunOptions,
  validators: RunningValidator[],
  client: ChainClient,
  running: RunningFieldMiner[],
  netuid: number,
  chain: string,
  tempo: number,
): Promise<DevnetSummary> {
  const each = [];
  for (const r of validators) each.push(await summarizeValidator(o, r, client, running, netuid));
  const several = each.length > 1;
  const problems = each.flatMap((e, i) => e.problems.map((p) => (several ? `validator ${i + 1}: ${p}` : p)));
  const consensus = several
    ? await measureConsensus(
        o,
        client,
        netuid,
        tempo,
        each.map((e) => e.summary),
      )
    : undefined;
  if (consensus && !consensus.sameChampion)
    problems.push(
      `consensus: the validators name different champions (${consensus.validators.map((v) => `${v.number}: ${v.champion ?? 'none'}`).join(', ')})`,
    );
  if (consensus && consensus.minCosine < consensus.target)
    problems.push(
      `consensus: smallest cosine similarity of the weights on chain is ${consensus.minCosine.toFixed(3)} (target >= ${consensus.target})`,
    );
  const first = each[0]!;
  return {
    ok: problems.length === 0,
    problems,
    chain,
    netuid,
    dashboard: first.summary.dashboard,
    ledger: first.summary.ledger,
    rounds: first.summary.rounds,
    champion: first.summary.champion,
    miners: first.miners,
    weightsOnChain: first.summary.weightsOnChain,
    weightsMatchLedger: first.summary.weightsMatchLedger,
    replay: first.summary.replay,
    validators: each.map((e) => e.summary),
    consensus,
  };
}

/** The summary; `keep`: the devnet stays up, so the chain can still be inspected. */
function summaryText(s: DevnetSummary, keep: boolean): string {
  return (
    `\n${statusHeader(s, keep)}\n` +
    `${leaderboardTableFromSummary(s)}\n` +
    `champion: ${s.champion ? `${s.champion.name} (${s.champion.profile})` : 'none'}\n` +
    `weights on chain (netuid ${s.netuid}, ${s.chain}): ${s.weightsOnChain.map((w) => `uid ${w.uid}=${w.value}`).join(', ') || 'none'} — ${s.weightsMatchLedger ? 'equal to the ledger' : 'DIFFERENT from the ledger'}\n` +
    (keep
      ? `  inspect them while it is up: rodeo weights --chain ${s.chain} --netuid ${s.netuid}\n`
      : '  (the chain stopped with this run: `rodeo devnet --keep` keeps it up for `rodeo weights --chain URL --netuid N`)\n') +
    `ledger: ${s.ledger}\n` +
    `replay: ${s.replay.ok ? `verified (${s.replay.records} records, ${s.replay.rounds} rounds recomputed, ${s.replay.seeds.checked} round seeds checked against ${s.replay.seeds.anchorsOnChain} chain anchor(s) on chain, ${s.replay.ms} ms)` : `FAILED: ${s.replay.failure}`}\n` +
    `  again: rodeo replay --ledger ${s.ledger}\n` +
    validatorsText(s) +
    (s.ok ? 'devnet: OK' : `devnet: PROBLEMS\n${s.problems.map((p) => `  - ${p}`).join('\n')}`)
  );
}

const f3 = (x: number) => x.toFixed(3);
const f4 = (x: number) => x.toFixed(4);

/** With several validators: each one's rounds, champion and replay, then the consensus figures. */
export function validatorsText(s: DevnetSummary): string {
  if (s.validators.length < 2 || !s.consensus) return '';
  const c = s.consensus;
  const lines = [`validators (the lines above are validator 1's):`];
  for (const v of s.validators) {
    lines.push(
      `  validator ${v.number} ${v.hotkey} uid ${v.uid ?? '-'}${v.payer ? ' (pool payer)' : ''}: ${v.rounds} rounds, champion ${v.champion?.name ?? 'none'}, weights on chain ${v.weightsMatchLedger ? 'equal to its ledger' : 'DIFFERENT from its ledger'}, replay ${v.replay.ok ? `verified (${v.replay.seeds.checked} round seeds checked)` : `FAILED: ${v.replay.failure}`}`,
      `    ledger ${v.ledger} · dashboard was ${v.dashboard}`,
    );
  }
  lines.push(`consensus (weights and stakes read from chain at block ${c.block}):`);
  for (const v of c.validators) {
    const pairs = c.pairs
      .filter((p) => p.a === v.number || p.b === v.number)
      .map((p) => `vs ${p.a === v.number ? p.b : p.a} ${f4(p.cosine)}`)
      .join(', ');
    lines.push(
      `  validator ${v.number}: champion ${v.champion ?? 'none'} · cosine ${pairs} · vs stake-weighted consensus ${f4(v.cosineWithConsensus)} · validator trust: Yuma ${f3(v.trustYuma)}, chain ${f3(v.trustOnChain)}${v.permit ? '' : ' (no permit)'}`,
    );
  }
  lines.push(
    `  same champion: ${c.sameChampion ? 'yes' : 'NO'} · smallest pairwise cosine ${f4(c.minCosine)} (target >= ${c.target}) · consensus ${c.ok ? 'OK' : 'MISSED'}`,
    `  validator trust "Yuma" is computed here from the weights on chain (each uid clipped at the level validators holding kappa ${c.kappa} of the stake give it, the clipped row summed); "chain" is the devnet's ValidatorTrust, whose simplified epoch clips nothing (1 for every permit holder whose weights count)`,
  );
  return `${lines.join('\n')}\n`;
}

const statusHeader = (s: DevnetSummary, keep: boolean) =>
  keep
    ? `Rodeo devnet: ${s.rounds} rounds sealed, more to come · dashboard: ${s.dashboard}`
    : `Rodeo devnet finished: ${s.rounds} rounds · dashboard was ${s.dashboard}`;

function leaderboardTableFromSummary(s: DevnetSummary): string {
  return s.miners
    .map(
      (m, i) =>
        `  ${String(i + 1).padStart(2)}. ${m.name.padEnd(20)} ${m.profile.padEnd(13)} avg ${m.average.toFixed(1).padStart(5)}  weight ${m.weight.toFixed(3)}  ${m.eligible ? '' : `(${m.reason})`}`,
    )
    .join('\n');
}
