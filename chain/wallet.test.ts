import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainConfig, defaultConfig, isRodeoError, type RodeoError } from '../config/index.js';
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

  it('says that a damaged encrypted coldkey is damaged, and reads the address from coldkeypub.txt', async () => {
    const err = await caught(loadSigner(config(), 'coldkey', { ask: false }));
    expect(err?.code).toBe('CHAIN_COLDKEY_DAMAGED');
    expect(await coldkeyAddress(config())).toBe(address);
    expect((await loadSigner(config({ coldkeyUri: mnemonic }), 'coldkey')).address).toBe(address);
  });

  describe('malformed key files never put their secret into an error', () => {
    // a valid mnemonic used only here, chosen for long words that no message of ours contains
    const PLANTED =
      'scissors country inflict average portion measure pepper assist industry electric giraffe decorate';
    // what each shape of damage looks like; every file carries the planted mnemonic or seed
    const shapes = (m: string, seedHex: string): Record<string, string> => ({
      'bad-json-unquoted': `{"secretPhrase": ${m}, "ss58Address": "${address}"}`,
      'bad-json-trailing': `{"secretPhrase": "${m}", "secretSeed": "${seedHex}",}`,
      'bad-json-missing-comma': `{"secretSeed": "${seedHex}" "secretPhrase": "${m}"}`,
      truncated: JSON.stringify({ secretPhrase: m, secretSeed: seedHex }).slice(0, 70),
      'truncated-seed': JSON.stringify({ secretSeed: seedHex }).slice(0, 40),
      'missing-secret': JSON.stringify({ accountId: seedHex, note: m }),
      'phrase-is-number': JSON.stringify({ secretPhrase: 12, secretSeed: seedHex.slice(0, 30) }),
      'phrase-is-array': JSON.stringify({ secretPhrase: m.split(' ') }),
      'phrase-is-object': JSON.stringify({ secretPhrase: { words: m } }),
      'phrase-with-extra-word': JSON.stringify({ secretPhrase: `${m} zebra` }),
      'phrase-short': JSON.stringify({ secretPhrase: m.split(' ').slice(0, 11).join(' ') }),
      'seed-wrong-length': JSON.stringify({ secretSeed: `${seedHex}ab` }),
      'seed-not-hex': JSON.stringify({ secretSeed: `0xzz${seedHex.slice(4)}` }),
      'private-key-short': JSON.stringify({ privateKey: seedHex, publicKey: seedHex }),
      'address-holds-mnemonic': JSON.stringify({ secretSeed: seedHex, ss58Address: m }),
      'address-holds-seed': JSON.stringify({ secretPhrase: m, ss58Address: seedHex }),
      'json-array': JSON.stringify([m, seedHex]),
      'plain-mnemonic': m,
      'hex-too-long': `${seedHex}00`,
    });
    /**
     * Any piece of the planted secret: one of its words (each is six letters or more, none a word our messages
     * use) or 8 hex digits of the seed. JSON.parse quotes about ten characters either side of where it stops.
     */
    const leaks = (text: string, m: string, seedHex: string): string[] => {
      const pieces = m.split(' ').filter((w) => new RegExp(`\\b${w}\\b`, 'i').test(text));
      for (let i = 2; i + 8 <= seedHex.length; i++) {
        if (text.toLowerCase().includes(seedHex.slice(i, i + 8).toLowerCase()))
          pieces.push(seedHex.slice(i, i + 8));
      }
      return pieces;
    };
    const everything = (err: RodeoError): string => {
      const parts = [String(err?.message), err?.hint ?? '', JSON.stringify(err), String(err?.stack)];
      if (isRodeoError(err)) parts.push(err.describe());
      for (let c: unknown = err.cause; c; c = (c as Error).cause) parts.push(String((c as Error).stack));
      return parts.join('\n');
    };
    let planted: string;
    let plantedSeed: string;
    beforeAll(() => {
      planted = PLANTED;
      plantedSeed = u8aToHex(mnemonicToMiniSecret(planted));
      for (const [name, content] of Object.entries(shapes(planted, plantedSeed))) {
        hotkeyFile(`bad-${name}`, content);
      }
    });

    it('refuses each shape with a coded error naming the file and what is wrong, and no piece of the secret', async () => {
      for (const name of Object.keys(shapes('a', '0x'))) {
        const file = join(root, 'w', 'hotkeys', `bad-${name}`);
        const err = await caught(loadSigner(config({}, `bad-${name}`)));
        expect(leaks(everything(err!), planted, plantedSeed), name).toEqual([]);
        expect(isRodeoError(err), `${name}: ${String(err)}`).toBe(true);
        expect(err!.code, name).toMatch(/^CHAIN_WALLET_(MALFORMED|UNREADABLE|NO_SECRET)$/);
        expect(err!.message, name).toContain(file);
        expect(err!.hint, name).toBeTruthy();
      }
    });

    it('names the field at fault', async () => {
      const reason = async (name: string) => (await caught(loadSigner(config({}, `bad-${name}`))))!.message;
      expect(await reason('phrase-is-number')).toMatch(/secretPhrase is a number, expected text/);
      expect(await reason('seed-wrong-length')).toMatch(/secretSeed is not a 0x-prefixed 32-byte hex seed/);
      expect(await reason('address-holds-mnemonic')).toMatch(/ss58Address is not a valid SS58 address/);
      expect(await reason('truncated')).toMatch(/not valid JSON \(stops at offset \d+\)/);
    });

    it('reads coldkeypub.txt damage without quoting it', async () => {
      const dir = join(root, 'pub');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'coldkeypub.txt'), `{"ss58Address": ${planted}}`);
      const err = await caught(
        coldkeyAddress({ ...config(), wallet: { path: root, name: 'pub', hotkey: 'x' } }),
      );
      expect(leaks(everything(err!), planted, plantedSeed)).toEqual([]);
      expect(err?.code).toBe('CHAIN_WALLET_MALFORMED');
    });

    it('keeps the secret out of `rodeo` stderr, with the debug stack too', async () => {
      const bin = resolve(import.meta.dirname, '../bin/rodeo.mjs');
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_')));
      for (const name of ['bad-json-unquoted', 'address-holds-mnemonic']) {
        const run = promisify(execFile)(
          process.execPath,
          [
            bin,
            '--log-level',
            'debug',
            'miner',
            'serve-axon',
            '--ip',
            '203.0.113.7',
            '--netuid',
            '1',
            '--wallet.name',
            'w',
            '--wallet.hotkey',
            `bad-${name}`,
          ],
          { env: { ...env, RODEO_CHAIN_WALLET_PATH: root }, timeout: 60_000 },
        );
        const out = await run.then(
          () => ({ stderr: '', code: 0 }),
          (e: { stderr: string; stdout: string; code: number }) => ({
            stderr: e.stderr + e.stdout,
            code: e.code,
          }),
        );
        expect(leaks(out.stderr, planted, plantedSeed), name).toEqual([]);
        expect(out.code, name).toBe(1);
        expect(out.stderr, name).toContain('CHAIN_WALLET_MALFORMED');
        expect(out.stderr, name).toContain(`bad-${name}`);
      }
    }, 120_000);
  });
});
