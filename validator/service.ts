import { join, resolve } from 'node:path';
import type { Signer } from '../chain/index.js';
import { type ChainClient, versionAsInt } from '../chain/index.js';
import { type Config, isRodeoError, type Logger } from '../config/index.js';
import { describeSandbox, probeSandbox } from '../datasets/index.js';
import { type Ledger, type LedgerRecord, openLedger } from '../ledger/index.js';
import { signEpistulaHeaders } from '../protocol/index.js';
import { LedgerArenaStore } from './arena-store.js';
import type { RoundObserver, ValidatorContext } from './context.js';
import { type DaemonOptions, ValidatorDaemon } from './daemon.js';
import { ValidatorErrors } from './errors.js';
import {
  createArena,
  createValidatorMetrics,
  type RunningValidatorApi,
  startValidatorApi,
} from './http/index.js';
import { minerDispatcher } from './miner-connector.js';
import { ReadModel } from './read-model.js';
import { RECORD, type RoundStart } from './record-types.js';
import { type RevealScheduler, startRevealScheduler } from './reveal-scheduler.js';
import { checkSeedSecrets } from './seeds.js';
import { weightsPath } from './weights-tx.js';

export interface ValidatorService {
  daemon: ValidatorDaemon;
  model: ReadModel;
  ledger: Ledger;
  api: RunningValidatorApi;
  /** Reveals hash commits in their window, block by block (absent when weights are not set). */
  reveals: RevealScheduler | undefined;
  /** Resolves when the daemon stops (maxRounds reached, or close()). */
  done: Promise<void>;
  close(): Promise<void>;
}

export interface StartValidatorOptions extends DaemonOptions {
  config: Config;
  netuid: number;
  chain: ChainClient;
  hotkey: Signer;
  coldkey: Signer | undefined;
  logger: Logger;
  /** Node version (package.json) sent as version_key. */
  version: string;
  /** Awaited with every record this validator appends, before the round goes on (devnet simulators follow tasks). */
  onRecord?: (rec: LedgerRecord) => void | Promise<void>;
  /** Extra hooks (progress displays), called after the metrics. */
  observer?: RoundObserver;
}

/** A ledger written by another validator or for another subnet must not be continued. */
async function checkOwnership(ledger: Ledger, netuid: number, hotkey: string): Promise<void> {
  for await (const rec of ledger.records<RoundStart>({ type: RECORD.start })) {
    if (rec.data.netuid !== netuid || rec.data.validator !== hotkey) {
      throw ValidatorErrors.LEDGER_MISMATCH(
        ledger.dir,
        `round ${rec.round} was run by ${rec.data.validator} on subnet ${rec.data.netuid}, not ${hotkey} on ${netuid}`,
      );
    }
    return;
  }
}

/**
 * The sandbox settings a validator runs code with: its data dir and wallet folder are added to the
 * paths no mount of the jail may contain ($HOME is always protected).
 */
export function validatorSandbox(config: Config): Config['datasets']['sandbox'] {
  const sandbox = config.datasets.sandbox;
  const protect = [...sandbox.protect, resolve(config.validator.dataDir), config.chain.wallet.path];
  return { ...sandbox, protect: [...new Set(protect)] };
}

/**
 * Code tasks are graded by running miners' code: a validator without a working, isolated sandbox
 * must not score. Refuses isolation "none" (the code could read the validator's files and
 * environment); logs what the sandbox guarantees here (memory per run or per process).
 */
export async function checkSandbox(config: Config, logger?: Logger): Promise<void> {
  if (config.datasets.sandbox.isolation === 'none') throw ValidatorErrors.SANDBOX_NOT_ISOLATED();
  const sandbox = validatorSandbox(config);
  for (const language of ['python', 'javascript'] as const) {
    const problem = await probeSandbox(sandbox, language);
    if (problem) throw ValidatorErrors.SANDBOX_UNAVAILABLE(language, problem);
    const limits = describeSandbox(sandbox, language);
    if (limits.memoryScope === 'run') logger?.info(`code sandbox: ${limits.summary}`);
    else logger?.warn(`code sandbox: ${limits.summary}`);
  }
}

/** Opens the ledger, builds the read model, starts the HTTP API and the round loop. */
export async function startValidator(options: StartValidatorOptions): Promise<ValidatorService> {
  const { logger } = options;
  const config: Config = {
    ...options.config,
    datasets: { ...options.config.datasets, sandbox: validatorSandbox(options.config) },
  };
  const ledger = await openLedger(join(config.validator.dataDir, 'ledger'), { logger });
  try {
    await checkOwnership(ledger, options.netuid, options.hotkey.address);
    await checkSeedSecrets(config.validator.dataDir, ledger);
  } catch (err) {
    await ledger.close();
    throw err;
  }
  const model = await ReadModel.load(ledger);
  ledger.onAppend(async (rec) => {
    await options.onRecord?.(rec);
    model.apply(rec);
  });
  const metrics = createValidatorMetrics();
  const controller = new AbortController();
  const extra = options.observer ?? {};
  const observer: RoundObserver = {
    roundStarted: (round, block) => {
      metrics.roundStarted(round, block);
      extra.roundStarted?.(round, block);
    },
    roundFinished: (round, seconds) => {
      metrics.roundFinished(round, seconds);
      const board = model.leaderboard();
      metrics.champion(board.entries.find((e) => e.isChampion)?.uid);
      metrics.poolBalance(board.pool.balanceRao);
      extra.roundFinished?.(round, seconds);
    },
    taskMeasured: (ok, code) => {
      metrics.taskMeasured(ok, code);
      extra.taskMeasured?.(ok, code);
    },
    chainCall: (method, ok) => {
      metrics.chainCall(method, ok);
      extra.chainCall?.(method, ok);
    },
    weightsSet: (ok) => {
      metrics.weightsSet(ok);
      extra.weightsSet?.(ok);
    },
    weightsCommitExpired: () => {
      metrics.weightsCommitExpired();
      extra.weightsCommitExpired?.();
    },
    poolPayers: (hotkeys) => {
      metrics.poolPayers(hotkeys);
      extra.poolPayers?.(hotkeys);
    },
    changed: (event) => extra.changed?.(event),
  };
  const ctx: ValidatorContext = {
    config,
    netuid: options.netuid,
    chain: options.chain,
    hotkey: options.hotkey,
    coldkey: options.coldkey,
    ledger,
    logger,
    observer,
    versionKey: BigInt(versionAsInt(options.version)),
    signal: controller.signal,
  };
  const daemon = new ValidatorDaemon(ctx, options);
  const store = await LedgerArenaStore.open(ledger, model);
  const arenaDispatcher = minerDispatcher({ allowPrivate: config.validator.allowPrivateEndpoints });
  const arena = createArena({
    store,
    config: config.validator.api.arena,
    metrics,
    logger,
    requestHeaders: (contestant, body) => signEpistulaHeaders(options.hotkey, body, contestant.hotkey),
    dispatcher: arenaDispatcher,
  });
  const api = await startValidatorApi({
    view: model,
    admin: daemon,
    arena,
    metrics,
    config: config.validator.api,
    logger,
  });
  logger.info({ dashboard: api.url, ledger: ledger.dir }, 'validator started');
  let reveals: RevealScheduler | undefined;
  if (config.validator.setWeights) {
    try {
      const path = await weightsPath(ctx);
      logger.info({ weightsPath: path.kind, epochs: path.epochs }, `weights path: ${path.description}`);
      reveals = await startRevealScheduler(ctx);
    } catch (err) {
      logger.warn(
        { code: isRodeoError(err) ? err.code : undefined },
        `weights path not checked at start; reveals run with the rounds: ${isRodeoError(err) ? err.describe() : String(err)}`,
      );
    }
  }
  const done = daemon.run();
  const close = async () => {
    controller.abort();
    await reveals?.stop().catch(() => undefined);
    await done.catch(() => undefined);
    await api.close();
    await arenaDispatcher.destroy();
    await ledger.close();
  };
  return { daemon, model, ledger, api, reveals, done, close };
}
