import { EPISTULA, verifyEpistulaSignature } from '../../protocol/index.js';
import { MinerErrors } from '../errors.js';
import type { NonceCache } from './nonce-cache.js';

export interface VerifyOptions {
  now: number;
  maxSkewMs: number;
  /** This miner's hotkey: the request must be signed for it (Epistula-Signed-For), never for another or none. */
  signedFor: string;
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
 * signature does not verify over this body, or the nonce was seen before, and MINER_AUTH_WRONG_RECIPIENT
 * (403) when it was signed for another miner. Needs cryptoWaitReady().
 */
export async function verifyEpistula(headers: Headers, body: Uint8Array, options: VerifyOptions) {
  const timestamp = header(headers, EPISTULA.timestamp);
  const uuid = header(headers, EPISTULA.uuid);
  const hotkey = header(headers, EPISTULA.signedBy);
  const signature = header(headers, EPISTULA.signature);
  const signedFor = header(headers, EPISTULA.signedFor);
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(options.now - ts) > options.maxSkewMs) {
    throw MinerErrors.AUTH_STALE(timestamp, options.maxSkewMs);
  }
  if (signedFor !== options.signedFor) {
    throw MinerErrors.AUTH_WRONG_RECIPIENT(signedFor, options.signedFor);
  }
  if (!(await options.isAllowed(hotkey))) throw MinerErrors.AUTH_NOT_ALLOWED(hotkey);
  if (!verifyEpistulaSignature(body, { uuid, timestamp, signedFor }, signature, hotkey)) {
    throw MinerErrors.AUTH_BAD_SIGNATURE(hotkey);
  }
  if (!options.nonces.claim(`${hotkey}:${uuid}`, options.now)) throw MinerErrors.AUTH_REPLAY(uuid, hotkey);
  return hotkey;
}
