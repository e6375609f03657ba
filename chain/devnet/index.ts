import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ConfigSchema, type Logger, silentLogger } from '../../config/index.js';
import { Chain } from './chain.js';
import { genesisState } from './genesis.js';
import { DevnetBeacon } from './pallets/drand.js';
import { rpcMethods } from './rpc/methods.js';
import { startRpcServer } from './rpc/server.js';

export { DevnetErrors } from './errors.js';
export { DEV_BALANCE, type DevAccount, devAccounts } from './genesis.js';
export { CUSTOM_SIGNED_EXTENSIONS, SIGNED_EXTENSIONS } from './metadata/extensions.js';
export { CHAIN_NAME, RUNTIME_VERSION } from './runtime-version.js';

export interface DevnetOptions {
  host?: string;
  port?: number;
  /** Block interval in ms; 0 = blocks only through `produceBlocks` / `dev_newBlock`. */
  blockTimeMs?: number;
  /** Seconds between the devnet drand beacon's rounds, in devnet time (12 s a block). */
  drandPeriodSeconds?: number;
  /**
   * Run subtensor's stateful epoch scheduler (spec 424+: epochs every `tempo` blocks from `LastEpochBlock`,
   * `SubnetEpochIndex`, owner `trigger_epoch`) and serve its metadata items; default: the legacy
   * `(block + netuid + 1) % (tempo + 1)` grid of finney spec 393.
   */
  statefulEpochs?: boolean;
  logger?: Logger;
}

export interface Devnet {
  /** ws:// URL of the JSON-RPC endpoint. */
  url: string;
  port: number;
  head(): { number: number; hash: string };
  /** Produces `n` blocks (default 1) now, after any block already being built. */
  produceBlocks(n?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an in-process Subtensor-compatible chain with a Substrate JSON-RPC WebSocket endpoint.
 * Block #1 is produced at start so transactions can be signed against a real genesis hash right away.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const settings = ConfigSchema.shape.devnet.parse({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.blockTimeMs === undefined ? {} : { blockTimeMs: options.blockTimeMs }),
    ...(options.drandPeriodSeconds === undefined ? {} : { drandPeriodSeconds: options.drandPeriodSeconds }),
  });
  const logger = options.logger ?? silentLogger;
  await cryptoWaitReady();
  const beacon = new DevnetBeacon(settings.drandPeriodSeconds, Math.floor(Date.now() / 1000));
  const chain = new Chain(genesisState({ statefulEpochs: options.statefulEpochs ?? false }), logger, beacon);
  chain.produceBlock();

  let queue = Promise.resolve();
  let closed = false;
  const produceBlocks = (n = 1): Promise<void> => {
    queue = queue.then(() => {
      for (let i = 0; i < n && !closed; i++) chain.produceBlock();
    });
    return queue;
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (settings.blockTimeMs === 0 || closed) return;
    timer = setTimeout(() => {
      produceBlocks(1)
        .catch((err) => logger.error({ err }, 'devnet block production failed'))
        .finally(schedule);
    }, settings.blockTimeMs);
  };

  const server = await startRpcServer(
    settings.host,
    settings.port,
    rpcMethods(chain, { produceBlocks }),
    logger,
  );
  schedule();
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  logger.info({ port: server.port, blockTimeMs: settings.blockTimeMs }, 'devnet started');
  return {
    url: `ws://${host}:${server.port}`,
    port: server.port,
    head: () => ({ number: chain.head.number, hash: chain.head.hash }),
    produceBlocks,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await queue;
      await server.close();
    },
  };
}
