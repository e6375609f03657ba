import type { AddressInfo } from 'node:net';
import type { MinerConfig } from '../config/index.js';
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
