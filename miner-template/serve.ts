import { type AddressInfo, isIPv4 } from 'node:net';
import { type Logger, type MinerConfig, withCause } from '../config/index.js';
import { createMinerApp, type MinerApp, type MinerDeps } from './app.js';
import { MinerErrors } from './errors.js';

export interface RunningMiner {
  app: MinerApp;
  /** Base URL, e.g. http://127.0.0.1:8080 (the wildcard host is shown as 127.0.0.1). */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on miner.host:miner.port (port 0 picks a free one). */
export async function serveMiner(config: MinerConfig, deps: MinerDeps = {}): Promise<RunningMiner> {
  const app = createMinerApp(config, deps);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close().catch(() => {});
    const e = err as { code?: string; message?: string };
    const reason = e.code && !e.message?.includes(e.code) ? `${e.code} ${e.message}` : String(e.message);
    throw withCause(MinerErrors.LISTEN_FAILED(config.host, config.port, reason), err);
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}

/** True for a URL on this machine (localhost, 127.0.0.0/8, ::1): a local model server needs no provider key. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    (isIPv4(host) && host.startsWith('127.'))
  );
}

/**
 * The warning to log at start when the upstream will likely refuse the miner: no API key for a remote
 * upstream (Chutes by default). A local upstream (a model served on this machine) needs none: no warning.
 */
export function missingKeyWarning(upstream: MinerConfig['upstream']): string | undefined {
  if (upstream.apiKey || isLoopbackUrl(upstream.baseUrl)) return undefined;
  return `no API key for the upstream ${new URL(upstream.baseUrl).host}: set CHUTES_API_KEY, miner.upstream.apiKey or --api-key-env (a local upstream on 127.0.0.1 needs none)`;
}

/** Serves until SIGINT/SIGTERM, then closes (in-flight streams end, the upstream pool closes). */
export async function serveUntilSignal(
  config: MinerConfig,
  deps: MinerDeps & { logger: Logger },
): Promise<void> {
  const { logger } = deps;
  const warning = missingKeyWarning(config.upstream);
  if (warning) logger.warn({ upstream: config.upstream.baseUrl }, warning);
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
