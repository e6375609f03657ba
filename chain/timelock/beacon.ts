import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { parseRound } from './format.js';
import { identityPoint, sha256 } from './ibe.js';

/** A drand-style beacon key: the secret scalar and its compressed G2 public key (96 bytes). */
export interface BeaconKey {
  secretKey: bigint;
  publicKey: Uint8Array;
}

/**
 * A beacon key derived from a seed text: sk = sha256(seed) mod (r − 1) + 1. For dev chains and tests only:
 * anyone who knows the seed can sign every round (and so open every commit made to this beacon).
 */
export function deriveBeaconKey(seed: string): BeaconKey {
  let n = 0n;
  for (const b of sha256(new TextEncoder().encode(seed))) n = (n << 8n) | BigInt(b);
  const secretKey = (n % (bls.params.r - 1n)) + 1n;
  return { secretKey, publicKey: bls.G2.Point.BASE.multiply(secretKey).toBytes(true) };
}

/**
 * The pulse signature of `round` as quicknet makes it (unchained, G1): sk · hash_to_G1(sha256(round as
 * big-endian u64)) with quicknet's DST, compressed to 48 bytes. It verifies with `verifyPulse` under the
 * key's public key and opens commits encrypted to that round. Variable-time: dev keys only.
 */
export function signRound(round: number | bigint, secretKey: bigint): Uint8Array {
  if (secretKey <= 0n || secretKey >= bls.params.r)
    throw new Error('signRound: the secret key is not in 1..r-1');
  return identityPoint(parseRound(round)).multiplyUnsafe(secretKey).toBytes(true);
}

/** A pulse's `randomness`: sha256 of its signature (drand's definition). */
export function pulseRandomness(signature: Uint8Array): Uint8Array {
  return sha256(signature);
}
