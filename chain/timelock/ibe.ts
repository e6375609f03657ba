import { createHash } from 'node:crypto';
import type { Fp12 } from '@noble/curves/abstract/tower.js';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { QUICKNET_DST } from './constants.js';
import { TimelockErrors as E } from './errors.js';

/**
 * Boneh-Franklin FullIdent as the tle crate (ideal-lab5/timelock at the revision subtensor pins) runs it
 * with its `TinyBLS381` engine: identities and signatures on G1, the master public key and U on G2.
 *
 *   encrypt(key32):  r = H3(sigma, key) ; U = r·P2 ; V = sigma ⊕ H2(e(Q_id, r·P_pub)) ; W = key ⊕ H4(sigma)
 *   decrypt(sig):    sigma = V ⊕ H2(e(sig, U)) ; key = W ⊕ H4(sigma) ; accept iff U == H3(sigma, key)·P2
 *
 * H2 = sha256 of the arkworks serialization of the GT element, H3 = sha256(a‖b) read big-endian mod r,
 * H4 = sha256. The pairing must be arkworks' value: noble's final exponentiation computes the same power
 * (the cube of the textbook pairing); ibe.test.ts checks this against arkworks' algorithm.
 */

export type G1Point = WeierstrassPoint<bigint>;
export type G2Point = WeierstrassPoint<ReturnType<typeof bls.fields.Fp2.create>>;

export interface IbeCiphertext {
  u: G2Point;
  v: Uint8Array;
  w: Uint8Array;
}

const Fp12Field = bls.fields.Fp12;
const FP_BYTES = 48;

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function xor32(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** The identity of a drand round: sha256 of the round as a big-endian u64. */
export function roundMessage(round: bigint): Uint8Array {
  const buf = new Uint8Array(8);
  new DataView(buf.buffer).setBigUint64(0, round, false);
  return sha256(buf);
}

/** Q_id: the round message hashed to G1 with quicknet's DST (what the beacon signs). */
export function identityPoint(round: bigint): G1Point {
  const h = bls.G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST });
  return bls.G1.Point.fromAffine(h.toAffine());
}

function fpLe(x: bigint, out: Uint8Array, at: number): void {
  let v = x;
  for (let i = 0; i < FP_BYTES; i++) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * arkworks' `CanonicalSerialize` of an Fp12 element: c0 then c1 of every extension level, each base-field
 * coefficient as 48 little-endian bytes of its canonical integer (576 bytes).
 */
export function gtBytes(f: Fp12): Uint8Array {
  const out = new Uint8Array(12 * FP_BYTES);
  let at = 0;
  for (const fp6 of [f.c0, f.c1]) {
    for (const fp2 of [fp6.c0, fp6.c1, fp6.c2]) {
      fpLe(fp2.c0, out, at);
      fpLe(fp2.c1, out, at + FP_BYTES);
      at += 2 * FP_BYTES;
    }
  }
  return out;
}

function h3(sigma: Uint8Array, message: Uint8Array): bigint {
  const d = sha256(sigma, message);
  let n = 0n;
  for (const b of d) n = (n << 8n) | BigInt(b);
  return n % bls.params.r;
}

/**
 * Encrypts a 32-byte key to identity `id` under `pPub`. `sigma` is 32 random bytes; returns undefined in
 * the negligible case where it yields r = 0 (the caller draws another sigma).
 */
export function ibeEncrypt(
  pPub: G2Point,
  id: G1Point,
  key: Uint8Array,
  sigma: Uint8Array,
): IbeCiphertext | undefined {
  const r = h3(sigma, key);
  if (r === 0n) return undefined;
  const u = bls.G2.Point.BASE.multiply(r);
  const gid = bls.pairing(id, pPub.multiply(r));
  return { u, v: xor32(sigma, sha256(gtBytes(gid))), w: xor32(key, sha256(sigma)) };
}

/** Recovers the 32-byte key with the round's signature; throws WRONG_ROUND_KEY when the FO check fails. */
export function ibeDecrypt(signature: G1Point, ct: IbeCiphertext): Uint8Array {
  if (ct.u.equals(bls.G2.Point.ZERO) || signature.equals(bls.G1.Point.ZERO)) throw E.WRONG_ROUND_KEY();
  const sigma = xor32(ct.v, sha256(gtBytes(bls.pairing(signature, ct.u))));
  const key = xor32(ct.w, sha256(sigma));
  const r = h3(sigma, key);
  if (r === 0n || !bls.G2.Point.BASE.multiply(r).equals(ct.u)) throw E.WRONG_ROUND_KEY();
  return key;
}

/** True when `signature` is the beacon's BLS signature of `round`: e(sig, P2) == e(Q_id, pPub). */
export function verifyRoundSignature(round: bigint, signature: G1Point, pPub: G2Point): boolean {
  if (signature.equals(bls.G1.Point.ZERO)) return false;
  const lhs = bls.pairing(signature, bls.G2.Point.BASE);
  const rhs = bls.pairing(identityPoint(round), pPub);
  return Fp12Field.eql(lhs, rhs);
}
