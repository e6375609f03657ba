import { createHash, randomUUID } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, signatureVerify } from '@polkadot/util-crypto';
import { isReady as wasmCryptoReady, sr25519Verify as wasmSr25519Verify } from '@polkadot/wasm-crypto';

/**
 * Epistula v2 request signing (macrocosm-os' validator→miner scheme): the validator's sr25519 hotkey signs
 * `${sha256hex(body)}.${uuid}.${timestamp}.${signedFor}` and sends it with these headers.
 */
export const EPISTULA = {
  version: 'epistula-version',
  timestamp: 'epistula-timestamp',
  uuid: 'epistula-uuid',
  signedBy: 'epistula-signed-by',
  signedFor: 'epistula-signed-for',
  signature: 'epistula-request-signature',
} as const;

/** A keypair that signs (a @polkadot/keyring KeyringPair fits). */
export interface EpistulaSigner {
  address: string;
  sign(message: Uint8Array): Uint8Array;
}

const bytes = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

export function epistulaMessage(
  body: string | Uint8Array,
  uuid: string,
  timestamp: string,
  signedFor: string,
) {
  const hash = createHash('sha256').update(bytes(body)).digest('hex');
  return `${hash}.${uuid}.${timestamp}.${signedFor}`;
}

/**
 * Headers that sign one request body for the miner hotkey `signedFor`. Sign the exact bytes you send;
 * the signature is valid for the miner's skew window (8 s by default) and once only.
 */
export function signEpistulaHeaders(
  signer: EpistulaSigner,
  body: string | Uint8Array,
  signedFor: string,
  options: { now?: number; uuid?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.round(options.now ?? Date.now()));
  const uuid = options.uuid ?? randomUUID();
  const message = Buffer.from(epistulaMessage(body, uuid, timestamp, signedFor), 'utf8');
  return {
    'Epistula-Version': '2',
    'Epistula-Timestamp': timestamp,
    'Epistula-Uuid': uuid,
    'Epistula-Signed-By': signer.address,
    'Epistula-Signed-For': signedFor,
    'Epistula-Request-Signature': u8aToHex(signer.sign(message)),
  };
}

/**
 * A validator's usual signature: 64 sr25519 bytes (0x-hex) over the plain message, checked by schnorrkel
 * itself (@polkadot/wasm-crypto, which cryptoWaitReady() loads): signatureVerify tries ed25519 and then
 * sr25519 in pure JS, 3-4 ms per request on a 2-core host, where this takes 0.3 ms. False sends the signature
 * to that full check (wrapped bytes, other schemes, bad signatures), so it accepts what it accepted before.
 */
function isPlainSr25519(message: string, signature: string, hotkey: string): boolean {
  if (signature.length !== 130 || !signature.startsWith('0x') || !wasmCryptoReady()) return false;
  const sig = Buffer.from(signature.slice(2), 'hex');
  if (sig.length !== 64) return false;
  try {
    return wasmSr25519Verify(sig, Buffer.from(message, 'utf8'), publicKeyOf(hotkey));
  } catch {
    return false;
  }
}

/** Decoded SS58 hotkeys (a decode checks a blake2b checksum in JS, ~70 µs): a miner hears from few validators. */
const publicKeys = new Map<string, Uint8Array>();
function publicKeyOf(hotkey: string): Uint8Array {
  let key = publicKeys.get(hotkey);
  if (!key) {
    key = decodeAddress(hotkey);
    if (publicKeys.size >= 1024) publicKeys.clear();
    publicKeys.set(hotkey, key);
  }
  return key;
}

/**
 * True when `signature` is `hotkey`'s sr25519 signature of this body's Epistula message. Never throws
 * (a malformed signature or address is simply not valid). Needs cryptoWaitReady().
 */
export function verifyEpistulaSignature(
  body: string | Uint8Array,
  fields: { uuid: string; timestamp: string; signedFor: string },
  signature: string,
  hotkey: string,
): boolean {
  try {
    const message = epistulaMessage(body, fields.uuid, fields.timestamp, fields.signedFor);
    if (isPlainSr25519(message, signature, hotkey)) return true;
    const result = signatureVerify(message, signature, hotkey);
    return result.isValid && result.crypto === 'sr25519';
  } catch {
    return false;
  }
}
