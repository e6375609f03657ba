import type { AddressInfo } from 'node:net';
import { withCause } from '../../config/index.js';
import { createValidatorApi, type ValidatorApiOptions } from './api.js';
import { ApiErrors } from './errors.js';
import type { ValidatorApi } from './types.js';

export interface RunningValidatorApi {
  /** Where the dashboard is, e.g. http://127.0.0.1:8090 (a wildcard host shows as 127.0.0.1). */
  url: string;
  app: ValidatorApi;
  close(): Promise<void>;
}

/** Builds the API and listens on config.host:config.port (port 0: any free port). */
export async function startValidatorApi(options: ValidatorApiOptions): Promise<RunningValidatorApi> {
  const { host, port: wanted } = options.config;
  const app = createValidatorApi(options);
  try {
    await app.listen({ host, port: wanted });
  } catch (err) {
    await app.close();
    throw withCause(ApiErrors.LISTEN_FAILED(host, wanted, (err as Error).message), err);
  }
  const { port } = app.server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, app, close: () => app.close() };
}
