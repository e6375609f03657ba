import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RodeoError } from '../config/index.js';
import { NACL_PREFIX, naclLayoutProblem } from './keyfile-nacl.js';
import { loadSigner } from './wallet.js';

const root = mkdtempSync(join(tmpdir(), 'rodeo-nacl-layout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('$NACL layout check', () => {
  it('calls a file far larger than any key file damaged, before asking for a password or deriving a key', async () => {
    // 8 MiB: argon2i ran over 512 MiB and then the secretbox over all of it, to answer "wrong password"
    const huge = new Uint8Array(8 * 1024 * 1024);
    huge.set(new TextEncoder().encode(NACL_PREFIX));
    expect(naclLayoutProblem(huge)).toMatch(/larger than/);
    mkdirSync(join(root, 'huge'), { recursive: true });
    writeFileSync(join(root, 'huge', 'coldkey'), huge);
    const config = { ...defaultConfig().chain, wallet: { path: root, name: 'huge', hotkey: 'default' } };
    const err = await loadSigner(config, 'coldkey', { ask: false }).then(
      () => undefined,
      (e: unknown) => e as RodeoError,
    );
    expect(err?.code).toBe('CHAIN_COLDKEY_DAMAGED');
    expect(err?.message).toContain(join(root, 'huge', 'coldkey'));
    // a real coldkey (a few hundred bytes of JSON sealed) passes
    expect(naclLayoutProblem(new Uint8Array(600).fill(1))).toBeUndefined();
  });
});
