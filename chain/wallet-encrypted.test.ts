import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainConfig,
  defaultConfig,
  isRodeoError,
  type RodeoError,
  silentLogger,
} from '../config/index.js';
import { connectChain } from './client.js';
import { startDevnet } from './devnet/index.js';
import { NACL_NONCE_BYTES, NACL_TAG_BYTES, sealNacl } from './keyfile-nacl.js';
import { coldkeyAddress, loadSigner } from './wallet.js';

// The committed test vector (see fixtures/nacl-wallet/README.md): made with a second argon2i implementation.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'nacl-wallet');
const FIXTURE_PASSWORD = 'rodeo fixture password 7';
const FIXTURE_ADDRESS = '5ENgrqUm2AvgZHVxS8sTx1xBq3BUQzE55KWypvzs6UzdrJ7m';
// each unlock runs argon2i over 512 MiB (10-20 s alone; far more on a busy machine)
const SLOW = 600_000;

describe('encrypted ($NACL) coldkeys', () => {
  let root: string;
  const config = (name: string, wallet: Partial<ChainConfig['wallet']> = {}): ChainConfig => ({
    ...defaultConfig().chain,
    wallet: { path: root, name, hotkey: 'default', ...wallet },
  });
  const caught = async (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as RodeoError,
    );
  const everything = (err: RodeoError) =>
    [
      err.message,
      err.hint ?? '',
      JSON.stringify(err),
      String(err.stack),
      isRodeoError(err) ? err.describe() : '',
    ].join('\n');
  const coldkeyFile = (name: string, content: string | Uint8Array) => {
    mkdirSync(join(root, name), { recursive: true });
    writeFileSync(join(root, name, 'coldkey'), content);
    return join(root, name, 'coldkey');
  };

  beforeAll(async () => {
    await cryptoWaitReady();
    root = mkdtempSync(join(tmpdir(), 'rodeo-nacl-'));
    cpSync(join(FIXTURE, 'fixture'), join(root, 'fixture'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'unlocks the committed test vector with the password from chain.wallet.passwordFile',
    async () => {
      const passwordFile = join(root, 'password');
      writeFileSync(passwordFile, `${FIXTURE_PASSWORD}\n`, { mode: 0o600 });
      const signer = await loadSigner(config('fixture', { passwordFile }), 'coldkey', { ask: false });
      expect(signer.address).toBe(FIXTURE_ADDRESS);
      expect(await coldkeyAddress(config('fixture'))).toBe(FIXTURE_ADDRESS);
      const sig = signer.sign('rodeo payout');
      expect(signer.verify('rodeo payout', sig, signer.publicKey)).toBe(true);
    },
    SLOW,
  );

  it(
    'refuses a wrong password with a coded error that names the file and the source, never the password',
    async () => {
      const wrong = 'rodeo fixture password 8';
      const err = await caught(
        loadSigner(config('fixture', { passwordEnv: 'COLDKEY_PW' }), 'coldkey', {
          env: { COLDKEY_PW: wrong },
          ask: false,
        }),
      );
      expect(err?.code).toBe('CHAIN_COLDKEY_WRONG_PASSWORD');
      expect(err?.message).toContain(join(root, 'fixture', 'coldkey'));
      expect(err?.message).toContain('COLDKEY_PW');
      expect(err?.hint).toBeTruthy();
      expect(everything(err!)).not.toContain(wrong);
      expect(everything(err!)).not.toContain(FIXTURE_PASSWORD);
    },
    SLOW,
  );

  it('refuses damaged files, older encryptions and unusable password sources before deriving a key', async () => {
    const fixture = readFileSync(join(FIXTURE, 'fixture', 'coldkey'));
    const file = coldkeyFile('truncated', fixture.subarray(0, 5 + NACL_NONCE_BYTES + 3));
    const damaged = await caught(
      loadSigner(config('truncated', { passwordEnv: 'PW' }), 'coldkey', { env: { PW: 'x' } }),
    );
    expect(damaged?.code).toBe('CHAIN_COLDKEY_DAMAGED');
    expect(damaged?.message).toContain(file);
    expect(damaged?.message).toMatch(/truncated/);

    coldkeyFile('ansible', '$ANSIBLE_VAULT;1.1;AES256\n6162636465');
    coldkeyFile('fernet', 'gAAAAABlegacytoken');
    for (const name of ['ansible', 'fernet']) {
      const err = await caught(loadSigner(config(name), 'coldkey', { ask: false }));
      expect(err?.code, name).toBe('CHAIN_COLDKEY_ENCRYPTION_UNSUPPORTED');
      expect(err?.hint, name).toContain('regen-coldkey');
    }
    coldkeyFile('garbage', 'not a key at all');
    expect((await caught(loadSigner(config('garbage'), 'coldkey')))?.code).toBe('CHAIN_WALLET_UNREADABLE');

    const none = await caught(loadSigner(config('fixture'), 'coldkey', { ask: false }));
    expect(none?.code).toBe('CHAIN_COLDKEY_PASSWORD_NEEDED');
    expect(none?.hint).toContain('chain.wallet.passwordFile');
    const unset = await caught(
      loadSigner(config('fixture', { passwordEnv: 'COLDKEY_PW' }), 'coldkey', { env: {}, ask: false }),
    );
    expect(unset?.code).toBe('CHAIN_COLDKEY_PASSWORD_UNAVAILABLE');
    expect(unset?.message).toContain('COLDKEY_PW');
    const missing = await caught(
      loadSigner(config('fixture', { passwordFile: join(root, 'nope') }), 'coldkey', { ask: false }),
    );
    expect(missing?.code).toBe('CHAIN_COLDKEY_PASSWORD_UNAVAILABLE');
    expect(missing?.message).toContain(join(root, 'nope'));
    writeFileSync(join(root, 'empty'), '\n');
    const empty = await caught(
      loadSigner(config('fixture', { passwordFile: join(root, 'empty') }), 'coldkey', { ask: false }),
    );
    expect(empty?.message).toMatch(/empty/);
  });

  it(
    'a coldkey sealed by the format in a temp dir, unlocked from chain.wallet.passwordEnv, signs a payout on the devnet',
    async () => {
      const mnemonic = mnemonicGenerate(12);
      const seed = mnemonicToMiniSecret(mnemonic);
      const pair = sr25519PairFromSeed(seed);
      const address = encodeAddress(pair.publicKey, 42);
      const json = JSON.stringify({
        accountId: u8aToHex(pair.publicKey),
        publicKey: u8aToHex(pair.publicKey),
        privateKey: u8aToHex(pair.secretKey),
        secretPhrase: mnemonic,
        secretSeed: u8aToHex(seed),
        ss58Address: address,
      });
      const password = 'a known password for this test';
      const sealed = await sealNacl(new TextEncoder().encode(json), password);
      expect(Buffer.from(sealed.subarray(0, 5)).toString('latin1')).toBe('$NACL');
      expect(sealed.length).toBe(5 + NACL_NONCE_BYTES + NACL_TAG_BYTES + json.length);
      expect(Buffer.from(sealed).includes(Buffer.from(mnemonic))).toBe(false);
      coldkeyFile('sealed', sealed);

      const coldkey = await loadSigner(config('sealed', { passwordEnv: 'MY_COLDKEY_PASSWORD' }), 'coldkey', {
        env: { MY_COLDKEY_PASSWORD: password },
        ask: false,
      });
      expect(coldkey.address).toBe(address);

      const devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
      const client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger, {
        onPooled: () => devnet.produceBlocks(1),
      });
      try {
        const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
        const alice = keyring.addFromUri('//Alice');
        const payee = keyring.addFromUri('//Encrypted//payee');
        await client.sudoFund(alice, [coldkey.address], 10n * 1_000_000_000n);
        const tx = await client.payout(coldkey, {
          dest: payee.address,
          amount: 2_000_000_000n,
          remark: 'rodeo-nacl',
        });
        expect(tx.events.map((e) => e.name)).toEqual(expect.arrayContaining(['Transfer', 'Remarked']));
        expect(await client.balance(payee.address)).toBe(2_000_000_000n);
      } finally {
        await client.close();
        await devnet.close();
      }
    },
    SLOW,
  );
});
