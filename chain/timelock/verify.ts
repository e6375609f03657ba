import { TimelockErrors as E } from './errors.js';
import { parsePublicKey, parseRound, parseSignature } from './format.js';
import { verifyRoundSignature } from './ibe.js';

/**
 * Checks a drand pulse the way pallet_drand's QuicknetVerifier does: the signature is the beacon's BLS
 * signature (G1, quicknet DST) of sha256(round as big-endian u64). Throws SIGNATURE_INVALID otherwise.
 */
export function verifyPulse(
  round: number | bigint,
  signature: Uint8Array | string,
  drandPublicKey: Uint8Array | string,
): void {
  if (!verifyRoundSignature(parseRound(round), parseSignature(signature), parsePublicKey(drandPublicKey))) {
    throw E.SIGNATURE_INVALID(String(round));
  }
}
