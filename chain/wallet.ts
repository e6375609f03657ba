import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, isHex, u8aEq } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, mnemonicValidate } from '@polkadot/util-crypto';
import { type ChainConfig, withCause } from '../config/index.js';
import { ChainErrors } from './errors.js';
import type { Signer } from './types.js';

export type KeyRole = 'hotkey' | 'coldkey';

interface KeyFile {
  secretPhrase?: string | null;
  secretSeed?: string | null;
  privateKey?: string | null;
  publicKey?: string | null;
  ss58Address?: string | null;
  /** A bare 0x file: the seed in a key file, the public key in an old coldkeypub.txt. */
  rawHex?: string;
}

const expandHome = (path: string) =>
  path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;

/** Where a Bittensor wallet keeps a key: wallets/NAME/hotkeys/HOTKEY, wallets/NAME/coldkey, coldkeypub.txt. */
export function walletFile(config: ChainConfig, file: KeyRole | 'coldkeypub'): string {
  const dir = join(expandHome(config.wallet.path), config.wallet.name);
  if (file === 'hotkey') return join(dir, 'hotkeys', config.wallet.hotkey);
  return join(dir, file === 'coldkey' ? 'coldkey' : 'coldkeypub.txt');
}

function readKeyFile(file: string, role: KeyRole | 'coldkeypub'): KeyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw ChainErrors.WALLET_NOT_FOUND(file, role === 'hotkey' ? 'hotkey' : 'coldkey');
    throw withCause(ChainErrors.WALLET_UNREADABLE(file, (err as Error).message), err);
  }
  if (isHex(text) && text.length === 66) return { rawHex: text };
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as KeyFile;
    } catch (err) {
      throw withCause(ChainErrors.WALLET_UNREADABLE(file, (err as Error).message), err);
    }
  }
  if (role === 'coldkey') throw ChainErrors.COLDKEY_ENCRYPTED(file);
  throw ChainErrors.WALLET_UNREADABLE(file, 'neither JSON nor a 0x hex seed (encrypted?)');
}

function keyring(): Keyring {
  return new Keyring({ type: 'sr25519', ss58Format: 42 });
}

function pairFromFile(file: string, key: KeyFile): Signer {
  let pair: Signer;
  if (key.secretPhrase) pair = keyring().addFromUri(key.secretPhrase);
  else if (key.secretSeed || key.rawHex) pair = keyring().addFromUri((key.secretSeed || key.rawHex)!);
  else if (key.privateKey && key.publicKey) {
    pair = keyring().addFromPair({ publicKey: hexToU8a(key.publicKey), secretKey: hexToU8a(key.privateKey) });
  } else throw ChainErrors.WALLET_NO_SECRET(file);
  if (key.ss58Address && !u8aEq(decodeAddress(key.ss58Address), pair.publicKey)) {
    throw ChainErrors.WALLET_ADDRESS_MISMATCH(file, key.ss58Address, pair.address);
  }
  return pair;
}

/**
 * polkadot.js takes any short string as a raw seed, so a mistyped mnemonic would silently give another key:
 * only a //dev URI, a 0x 32-byte seed or a valid mnemonic (each with optional /derivations) is accepted.
 */
function checkUri(source: string, uri: string): void {
  const base = uri.split('/')[0]!.trim();
  if (base === '' || (isHex(base) && base.length === 66)) return;
  if (!mnemonicValidate(base)) {
    throw ChainErrors.BAD_KEY_URI(source, 'not a valid mnemonic, a 0x-prefixed 32-byte seed or a //dev URI');
  }
}

function pairFromUri(source: string, uri: string): Signer {
  checkUri(source, uri);
  try {
    return keyring().addFromUri(uri);
  } catch (err) {
    throw withCause(ChainErrors.BAD_KEY_URI(source, (err as Error).message), err);
  }
}

/**
 * The key that signs for `role`: chain.hotkeyUri / chain.coldkeyUri when set (env RODEO_CHAIN_HOTKEY_URI,
 * RODEO_CHAIN_COLDKEY_URI), else the Bittensor wallet file. Encrypted coldkey files are refused with advice.
 */
export async function loadSigner(config: ChainConfig, role: KeyRole = 'hotkey'): Promise<Signer> {
  await cryptoWaitReady();
  const uri = role === 'hotkey' ? config.hotkeyUri : config.coldkeyUri;
  if (uri) return pairFromUri(`chain.${role}Uri`, uri);
  const file = walletFile(config, role);
  return pairFromFile(file, readKeyFile(file, role));
}

/** The coldkey's address without its secret: from chain.coldkeyUri, else coldkeypub.txt. */
export async function coldkeyAddress(config: ChainConfig): Promise<string> {
  if (config.coldkeyUri) return (await loadSigner(config, 'coldkey')).address;
  const file = walletFile(config, 'coldkeypub');
  const key = readKeyFile(file, 'coldkeypub');
  if (key.ss58Address) return key.ss58Address;
  const publicKey = key.publicKey ?? key.rawHex;
  if (publicKey) return keyring().encodeAddress(hexToU8a(publicKey));
  throw ChainErrors.WALLET_UNREADABLE(file, 'no ss58Address or publicKey');
}
