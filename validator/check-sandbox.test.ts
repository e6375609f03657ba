import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../config/index.js';
import { ValidatorErrors } from './errors.js';
import { checkSandbox, validatorSandbox } from './service.js';

describe('validator start-up and the code sandbox', () => {
  it('refuses isolation "none": unjailed code could read the environment and the wallet', async () => {
    const config = ConfigSchema.parse({ datasets: { sandbox: { isolation: 'none' } } });
    const err = await checkSandbox(config).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ValidatorErrors.SANDBOX_NOT_ISOLATED.is(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/isolation is "none"/);
    expect((err as { hint?: string }).hint).toMatch(/namespaces/);
  });

  it('runs code with its data dir and wallet folder protected from every mount', () => {
    const config = ConfigSchema.parse({
      validator: { dataDir: 'some/data' },
      chain: { wallet: { path: '/srv/wallets' } },
      datasets: { sandbox: { protect: ['/srv/extra'] } },
    });
    expect(validatorSandbox(config).protect).toEqual(['/srv/extra', resolve('some/data'), '/srv/wallets']);
    expect(config.datasets.sandbox.protect).toEqual(['/srv/extra']);
  });
});
