import { ApiPromise, WsProvider } from '@polkadot/api';
import { CHAIN_ENDPOINTS, type ChainConfig, type Logger, withCause } from '../config/index.js';
import { ChainErrors } from './errors.js';
import { SIGNED_EXTENSIONS } from './signed-extensions.js';

/** finney | test | local or a ws(s):// URL -> the URL. */
export function resolveEndpoint(endpoint: string): string {
  return (CHAIN_ENDPOINTS as Record<string, string>)[endpoint] ?? endpoint;
}

/** Delay before reconnect attempt `attempt` (1-based): doubles from initialDelayMs up to maxDelayMs. */
export function backoffDelay(reconnect: ChainConfig['reconnect'], attempt: number): number {
  return Math.min(reconnect.maxDelayMs, reconnect.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection attempt: resolves when the socket opens, rejects when it fails or closes first. */
function openOnce(provider: WsProvider): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = (err?: Error) => {
      for (const off of offs) off();
      if (err) reject(err);
      else resolve();
    };
    offs.push(provider.on('connected', () => done()));
    offs.push(provider.on('error', (e: unknown) => done(new Error(describeSocketError(e)))));
    offs.push(provider.on('disconnected', () => done(new Error('connection closed'))));
    provider.connect().catch((e: Error) => done(e));
  });
}

function describeSocketError(e: unknown): string {
  const inner = (e as { error?: Error; message?: string }) ?? {};
  return inner.error?.message ?? inner.message ?? 'socket error';
}

export interface Connection {
  api: ApiPromise;
  provider: WsProvider;
  url: string;
  /** Calls `fn` whenever the socket drops; returns the unsubscribe function. */
  onDisconnect(fn: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Opens the endpoint (up to reconnect.connectAttempts tries with backoff, then CHAIN_UNREACHABLE) and keeps it
 * open: after a drop it reconnects with exponential backoff, and polkadot.js reloads metadata on its own.
 */
export async function openConnection(config: ChainConfig, logger: Logger): Promise<Connection> {
  const url = resolveEndpoint(config.endpoint);
  const provider = new WsProvider(url, false);
  const log = logger.child({ chain: url });
  let lastError = 'unknown error';
  for (let attempt = 1; attempt <= config.reconnect.connectAttempts; attempt++) {
    try {
      await openOnce(provider);
      break;
    } catch (err) {
      lastError = (err as Error).message;
      log.debug({ attempt, err: lastError }, 'chain connection attempt failed');
      if (attempt === config.reconnect.connectAttempts) throw ChainErrors.UNREACHABLE(url, lastError);
      await sleep(backoffDelay(config.reconnect, attempt));
    }
  }

  let closing = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  provider.on('connected', () => {
    if (attempt > 0) log.info({ attempts: attempt }, 'chain reconnected');
    attempt = 0;
  });
  provider.on('disconnected', () => {
    if (closing) return;
    attempt++;
    const delay = backoffDelay(config.reconnect, attempt);
    log.warn({ attempt, delayMs: delay }, 'chain connection lost; reconnecting');
    timer = setTimeout(() => {
      provider.connect().catch((err: Error) => log.debug({ err: err.message }, 'reconnect attempt failed'));
    }, delay);
  });

  let api: ApiPromise;
  try {
    api = await ApiPromise.create({
      provider,
      signedExtensions: SIGNED_EXTENSIONS,
      noInitWarn: true,
      throwOnConnect: true,
    });
  } catch (err) {
    closing = true;
    await provider.disconnect().catch(() => undefined);
    throw withCause(ChainErrors.UNREACHABLE(url, (err as Error).message), err);
  }
  return {
    api,
    provider,
    url,
    onDisconnect: (fn) => provider.on('disconnected', fn),
    close: async () => {
      closing = true;
      clearTimeout(timer);
      await api.disconnect();
    },
  };
}
