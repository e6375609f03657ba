import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, isHex, u8aEq } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, mnemonicValidate } from '@polkadot/util-crypto';
import type { ChainConfig } from '../config/index.js';
import { coldkeyPassword, type PasswordOptions } from './coldkey-password.js';
import { ChainErrors } from './errors.js';
import { isNaclEncrypted, naclLayoutProblem, olderEncryption, openNacl } from './keyfile-nacl.js';
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

const KEY_FIELDS = ['secretPhrase', 'secretSeed', 'privateKey', 'publicKey', 'ss58Address'] as const;
const kindOf = (value: unknown) =>
  Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
const hexBytes = (value: string, bytes: number) => isHex(value) && value.length === 2 + 2 * bytes;

/** Where JSON.parse stopped, as a position: its message quotes the text around it, which may be the secret. */
function jsonProblem(err: unknown): string {
  const at = /position (\d+)/.exec((err as Error)?.message ?? '');
  return `not valid JSON${at ? ` (stops at offset ${at[1]})` : ''}; truncated or edited?`;
}

function readKeyBytes(file: string, role: KeyRole | 'coldkeypub'): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw ChainErrors.WALLET_NOT_FOUND(file, role === 'hotkey' ? 'hotkey' : 'coldkey');
    // a file system message names the path and the reason, never the content
    throw ChainErrors.WALLET_UNREADABLE(file, (err as Error).message);
  }
}

/**
 * Reads a key file. Every error names the file and what is wrong (a field, a position), never the file's
 * content: a half-written or hand-edited key file still holds a mnemonic or a seed.
 */
function readKeyFile(file: string, role: KeyRole | 'coldkeypub'): KeyFile {
  return parseKeyText(file, role, readKeyBytes(file, role).toString('utf8'));
}

function parseKeyText(file: string, role: KeyRole | 'coldkeypub', content: string): KeyFile {
  const text = content.trim();
  if (isHex(text) && text.length === 66) return { rawHex: text };
  if (!text.startsWith('{')) {
    throw ChainErrors.WALLET_UNREADABLE(
      file,
      role === 'coldkey'
        ? 'neither JSON, a 0x-prefixed 32-byte hex seed nor a $NACL-encrypted key file'
        : 'neither JSON nor a 0x-prefixed 32-byte hex seed (encrypted? this node reads hotkeys unencrypted)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw ChainErrors.WALLET_MALFORMED(file, jsonProblem(err));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ChainErrors.WALLET_MALFORMED(file, 'the JSON is not an object');
  }
  const key: KeyFile = {};
  for (const field of KEY_FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw ChainErrors.WALLET_MALFORMED(file, `${field} is ${kindOf(value)}, expected text`);
    }
    key[field] = value;
  }
  checkKeyFields(file, key);
  return key;
}

function decodes(address: string): boolean {
  try {
    decodeAddress(address);
    return true;
  } catch {
    return false;
  }
}

/** Each present field has the shape btcli writes; the reason names the field, not its value. */
function checkKeyFields(file: string, key: KeyFile): void {
  const bad = (reason: string) => ChainErrors.WALLET_MALFORMED(file, reason);
  if (key.secretPhrase && !mnemonicValidate(key.secretPhrase.trim())) {
    throw bad('secretPhrase is not a valid BIP39 mnemonic (12-24 words)');
  }
  if (key.secretSeed && !hexBytes(key.secretSeed, 32)) {
    throw bad('secretSeed is not a 0x-prefixed 32-byte hex seed');
  }
  if (key.privateKey && !hexBytes(key.privateKey, 64)) {
    throw bad('privateKey is not a 0x-prefixed 64-byte hex key');
  }
  if (key.publicKey && !hexBytes(key.publicKey, 32)) {
    throw bad('publicKey is not a 0x-prefixed 32-byte hex key');
  }
  // decodeAddress also takes hex; a hex value here may be a seed pasted into the wrong field
  if (key.ss58Address && (isHex(key.ss58Address) || !decodes(key.ss58Address))) {
    throw bad('ss58Address is not a valid SS58 address');
  }
}

function keyring(): Keyring {
  return new Keyring({ type: 'sr25519', ss58Format: 42 });
}

function pairFromFile(file: string, key: KeyFile): Signer {
  let pair: Signer;
  try {
    if (key.secretPhrase) pair = keyring().addFromUri(key.secretPhrase.trim());
    else if (key.secretSeed || key.rawHex) pair = keyring().addFromUri((key.secretSeed || key.rawHex)!);
    else if (key.privateKey && key.publicKey) {
      pair = keyring().addFromPair({
        publicKey: hexToU8a(key.publicKey),
        secretKey: hexToU8a(key.privateKey),
      });
    } else throw ChainErrors.WALLET_NO_SECRET(file);
  } catch (err) {
    // polkadot.js messages may quote what they were given: name the failure, not the input
    if (ChainErrors.WALLET_NO_SECRET.is(err)) throw err;
    throw ChainErrors.WALLET_MALFORMED(file, 'its secret does not make an sr25519 key');
  }
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
  } catch {
    // the library's message may quote the URI, which is the secret
    throw ChainErrors.BAD_KEY_URI(source, 'its derivation path or password is not usable');
  }
}

/**
 * A coldkey file: plain JSON / hex as the hotkey, or btwallet's $NACL encryption, opened with the password from
 * chain.wallet.passwordFile, chain.wallet.passwordEnv or the terminal (coldkey-password.ts).
 */
async function readColdkeyFile(
  config: ChainConfig,
  file: string,
  options: PasswordOptions,
): Promise<KeyFile> {
  const bytes = readKeyBytes(file, 'coldkey');
  if (!isNaclEncrypted(bytes)) {
    const older = olderEncryption(bytes);
    if (older) throw ChainErrors.COLDKEY_ENCRYPTION_UNSUPPORTED(file, older);
    return parseKeyText(file, 'coldkey', bytes.toString('utf8'));
  }
  const problem = naclLayoutProblem(bytes);
  if (problem) throw ChainErrors.COLDKEY_DAMAGED(file, problem);
  const password = await coldkeyPassword(config, file, options);
  const opened = await openNacl(bytes, password.value);
  if (!opened.ok) throw ChainErrors.COLDKEY_WRONG_PASSWORD(file, password.source);
  try {
    // the JSON inside is the same key file btcli writes unencrypted; its errors name fields, never values
    return parseKeyText(file, 'coldkey', new TextDecoder('utf-8', { fatal: true }).decode(opened.plaintext));
  } catch (err) {
    if (err instanceof TypeError)
      throw ChainErrors.WALLET_MALFORMED(file, 'the decrypted content is not UTF-8 text');
    throw err;
  } finally {
    opened.plaintext.fill(0);
  }
}

/**
 * The key that signs for `role`: chain.hotkeyUri / chain.coldkeyUri when set (env RODEO_CHAIN_HOTKEY_URI,
 * RODEO_CHAIN_COLDKEY_URI), else the Bittensor wallet file. An encrypted ($NACL) coldkey is unlocked with the
 * password from chain.wallet.passwordFile, chain.wallet.passwordEnv or a terminal prompt (`options` replace the
 * environment and the prompt, for tests and callers without a terminal).
 */
export async function loadSigner(
  config: ChainConfig,
  role: KeyRole = 'hotkey',
  options: PasswordOptions = {},
): Promise<Signer> {
  await cryptoWaitReady();
  const uri = role === 'hotkey' ? config.hotkeyUri : config.coldkeyUri;
  if (uri) return pairFromUri(`chain.${role}Uri`, uri);
  const file = walletFile(config, role);
  const key = role === 'coldkey' ? await readColdkeyFile(config, file, options) : readKeyFile(file, role);
  return pairFromFile(file, key);
}

/** The coldkey's address without its secret: from chain.coldkeyUri, else coldkeypub.txt. */
export async function coldkeyAddress(config: ChainConfig): Promise<string> {
  if (config.coldkeyUri) return (await loadSigner(config, 'coldkey')).address;
  const file = walletFile(config, 'coldkeypub');
  const key = readKeyFile(file, 'coldkeypub');
  if (key.ss58Address) return key.ss58Address;
  const publicKey = key.publicKey ?? key.rawHex;
  if (publicKey) return keyring().encodeAddress(hexToU8a(publicKey));
  throw ChainErrors.WALLET_MALFORMED(file, 'no ss58Address or publicKey');
}
