import type { AddressInfo } from 'node:net';
import type { Logger, MinerConfig } from '../config/index.js';
import { createMinerApp, type MinerApp, type MinerDeps } from './app.js';

export interface RunningMiner {
  app: MinerApp;
  /** Base URL, e.g. http://127.0.0.1:8080 (the wildcard host is shown as 127.0.0.1). */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on miner.host:miner.port (port 0 picks a free one). */
export async function serveMiner(config: MinerConfig, deps: MinerDeps = {}): Promise<RunningMiner> {
  const app = createMinerApp(config, deps);
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}

/** Serves until SIGINT/SIGTERM, then closes (in-flight streams end, the upstream pool closes). */
export async function serveUntilSignal(
  config: MinerConfig,
  deps: MinerDeps & { logger: Logger },
): Promise<void> {
  const { logger } = deps;
  if (!config.upstream.apiKey) {
    logger.warn(
      { upstream: config.upstream.baseUrl },
      'no upstream API key (set CHUTES_API_KEY, miner.upstream.apiKey or --api-key-env)',
    );
  }
  const running = await serveMiner(config, deps);
  logger.info(
    { url: running.url, model: config.upstream.model, pacer: config.pacer.mode },
    'miner listening',
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logger.info('miner stopping');
  await running.close();
}
