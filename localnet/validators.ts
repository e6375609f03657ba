import { type ChainClient, connectChain } from '../chain/index.js';
import { type Config, ConfigSchema, createLogger, type Logger } from '../config/index.js';
import type { Task } from '../datasets/index.js';
import { RECORD, startValidator, type TasksRecord, type ValidatorService } from '../validator/index.js';
import { validatorDir } from './data-dir.js';
import type { Field, FieldValidator } from './field.js';
import { freePort } from './free-port.js';
import type { LiveView } from './live-view.js';
import type { SimulatorProcess } from './simulator/index.js';
import type { DevnetSupervisor } from './supervisor.js';
import type { DevnetRunOptions } from './types.js';

/** A devnet validator's settings; `payer`: it pays the prize pool (validator 1). */
export function devnetConfig(
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

export interface RunningValidator {
  v: FieldValidator;
  service: ValidatorService;
  client: ChainClient;
}

/**
 * Starts one validator of the devnet: it feeds the simulator its round tasks, drives the live view (validator 1)
 * or notes its sealed rounds (the others).
 */
export async function startDevnetValidator(
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

/**
 * Starts every validator of the field, one after the other: validator 1 on `client` with the API port asked
 * for, the others each on their own connection (as on their own machines) and a free port.
 */
export async function startDevnetValidators(options: {
  o: DevnetRunOptions;
  step: DevnetSupervisor['step'];
  chainUrl: string;
  chainConfig: Config['chain'];
  client: ChainClient;
  field: Field;
  simulator: SimulatorProcess;
  view: LiveView;
  netuid: number;
  dir: string;
  logger: Logger;
  say: (text: string) => void;
}): Promise<RunningValidator[]> {
  const { o, step, chainConfig, client, field, simulator, view, netuid, dir, logger, say } = options;
  const count = field.validators.length;
  const validators: RunningValidator[] = [];
  for (const v of field.validators) {
    const apiPort = (v.index === 0 && o.apiPort) || (await freePort());
    const config = devnetConfig(
      o,
      options.chainUrl,
      netuid,
      validatorDir(dir, v.index, count),
      apiPort,
      v.index === 0,
    );
    // its own connection, as a validator on its own machine would have
    const vclient = v.index === 0 ? client : await step(connectChain(chainConfig, logger), (c) => c.close());
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
  return validators;
}
