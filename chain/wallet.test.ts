import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainConfig, defaultConfig, type RodeoError } from '../config/index.js';
import { coldkeyAddress, loadSigner } from './wallet.js';

describe('loadSigner / coldkeyAddress (Bittensor wallet files)', () => {
  let root: string;
  let mnemonic: string;
  let seed: Uint8Array;
  let address: string;
  const config = (over: Partial<ChainConfig> = {}, hotkey = 'default'): ChainConfig => ({
    ...defaultConfig().chain,
    wallet: { path: root, name: 'w', hotkey },
    ...over,
  });
  const hotkeyFile = (name: string, content: string) =>
    writeFileSync(join(root, 'w', 'hotkeys', name), content);
  const caught = async (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as RodeoError,
    );

  beforeAll(async () => {
    await cryptoWaitReady();
    root = mkdtempSync(join(tmpdir(), 'rodeo-wallet-'));
    mkdirSync(join(root, 'w', 'hotkeys'), { recursive: true });
    mnemonic = mnemonicGenerate(12);
    seed = mnemonicToMiniSecret(mnemonic);
    const pair = sr25519PairFromSeed(seed);
    address = encodeAddress(pair.publicKey, 42);
    // the JSON btcli writes for an unencrypted hotkey
    hotkeyFile(
      'default',
      JSON.stringify({
        accountId: u8aToHex(pair.publicKey),
        publicKey: u8aToHex(pair.publicKey),
        privateKey: u8aToHex(pair.secretKey),
        secretPhrase: mnemonic,
        secretSeed: u8aToHex(seed),
        ss58Address: address,
      }),
    );
    hotkeyFile('seed-only', JSON.stringify({ secretSeed: u8aToHex(seed), ss58Address: address }));
    hotkeyFile(
      'private-only',
      JSON.stringify({ publicKey: u8aToHex(pair.publicKey), privateKey: u8aToHex(pair.secretKey) }),
    );
    hotkeyFile('raw', u8aToHex(seed));
    hotkeyFile('public-only', JSON.stringify({ ss58Address: address, secretPhrase: null, secretSeed: null }));
    hotkeyFile(
      'wrong',
      JSON.stringify({
        secretPhrase: mnemonic,
        ss58Address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      }),
    );
    writeFileSync(join(root, 'w', 'coldkey'), '$NACLabcdef0123');
    writeFileSync(
      join(root, 'w', 'coldkeypub.txt'),
      JSON.stringify({ ss58Address: address, publicKey: u8aToHex(pair.publicKey) }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads the btcli JSON form, the seed-only, private-key-only and raw hex seed forms to the same key', async () => {
    for (const name of ['default', 'seed-only', 'private-only', 'raw']) {
      expect((await loadSigner(config({}, name))).address).toBe(address);
    }
  });

  it('signs verifiably with a loaded key', async () => {
    const signer = await loadSigner(config());
    const sig = signer.sign('rodeo');
    expect(signer.verify('rodeo', sig, signer.publicKey)).toBe(true);
  });

  it('prefers chain.hotkeyUri over the file', async () => {
    const signer = await loadSigner(config({ hotkeyUri: '//Alice' }));
    expect(signer.address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });

  it('names the missing file and what to do', async () => {
    const err = await caught(loadSigner(config({}, 'nope')));
    expect(err?.code).toBe('CHAIN_WALLET_NOT_FOUND');
    expect(err?.message).toContain(join(root, 'w', 'hotkeys', 'nope'));
    expect(err?.hint).toContain('RODEO_CHAIN_HOTKEY_URI');
  });

  it('refuses files without a secret, with a mismatched address, and bad URIs', async () => {
    expect((await caught(loadSigner(config({}, 'public-only'))))?.code).toBe('CHAIN_WALLET_NO_SECRET');
    expect((await caught(loadSigner(config({}, 'wrong'))))?.code).toBe('CHAIN_WALLET_ADDRESS_MISMATCH');
    expect((await caught(loadSigner(config({ hotkeyUri: 'not a mnemonic at all' }))))?.code).toBe(
      'CHAIN_BAD_KEY_URI',
    );
  });

  it('says that an encrypted coldkey needs chain.coldkeyUri, and reads the address from coldkeypub.txt', async () => {
    const err = await caught(loadSigner(config(), 'coldkey'));
    expect(err?.code).toBe('CHAIN_COLDKEY_ENCRYPTED');
    expect(err?.hint).toContain('chain.coldkeyUri');
    expect(await coldkeyAddress(config())).toBe(address);
    expect((await loadSigner(config({ coldkeyUri: mnemonic }), 'coldkey')).address).toBe(address);
  });
});
