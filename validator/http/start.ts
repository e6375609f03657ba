import type { AddressInfo } from 'node:net';
import { createValidatorApi, type ValidatorApiOptions } from './api.js';
import type { ValidatorApi } from './types.js';

export interface RunningValidatorApi {
  /** Where the dashboard is, e.g. http://127.0.0.1:8090 (a wildcard host shows as 127.0.0.1). */
  url: string;
  app: ValidatorApi;
  close(): Promise<void>;
}

/** Builds the API and listens on config.host:config.port (port 0: any free port). */
export async function startValidatorApi(options: ValidatorApiOptions): Promise<RunningValidatorApi> {
  const app = createValidatorApi(options);
  await app.listen({ host: options.config.host, port: options.config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.config.host;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, app, close: () => app.close() };
}
