import { createHash, randomUUID } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import { MinerErrors } from '../errors.js';
import type { NonceCache } from './nonce-cache.js';

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

export interface VerifyOptions {
  now: number;
  maxSkewMs: number;
  /** This miner's hotkey: when set, the request must be signed for it. */
  signedFor: string | undefined;
  isAllowed(hotkey: string): boolean | Promise<boolean>;
  nonces: NonceCache;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) throw MinerErrors.AUTH_MISSING(name);
  return s;
}

/**
 * Checks an Epistula-signed request and returns the signer's hotkey; throws MINER_AUTH_* (401) when the
 * headers are missing, the timestamp is outside the skew window, the hotkey is not allowed, the
 * signature does not verify over this body, or the nonce was seen before. Needs cryptoWaitReady().
 */
export async function verifyEpistula(headers: Headers, body: Uint8Array, options: VerifyOptions) {
  const timestamp = header(headers, EPISTULA.timestamp);
  const uuid = header(headers, EPISTULA.uuid);
  const hotkey = header(headers, EPISTULA.signedBy);
  const signature = header(headers, EPISTULA.signature);
  const signedFor = (headers[EPISTULA.signedFor] as string | undefined) ?? '';
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(options.now - ts) > options.maxSkewMs) {
    throw MinerErrors.AUTH_STALE(timestamp, options.maxSkewMs);
  }
  if (options.signedFor !== undefined && signedFor !== options.signedFor) {
    throw MinerErrors.AUTH_WRONG_RECIPIENT(signedFor, options.signedFor);
  }
  if (!(await options.isAllowed(hotkey))) throw MinerErrors.AUTH_NOT_ALLOWED(hotkey);
  let valid = false;
  try {
    const result = signatureVerify(epistulaMessage(body, uuid, timestamp, signedFor), signature, hotkey);
    valid = result.isValid && result.crypto === 'sr25519';
  } catch {
    valid = false;
  }
  if (!valid) throw MinerErrors.AUTH_BAD_SIGNATURE(hotkey);
  if (!options.nonces.claim(`${hotkey}:${uuid}`, options.now)) throw MinerErrors.AUTH_REPLAY(uuid, hotkey);
  return hotkey;
}
