import type { Fp12 } from '@noble/curves/abstract/tower.js';
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { QUICKNET } from './constants.js';
import { parsePublicKey } from './format.js';
import { gtBytes, identityPoint, roundMessage, sha256 } from './ibe.js';

const F = bls.fields.Fp12;
/** |x| of BLS12-381 (x = -0xd201000000010000). */
const X_ABS = 0xd201000000010000n;

/**
 * arkworks 0.4's `Bls12Config::final_exponentiation` (ark-ec v0.4.2, ec/src/models/bls12/mod.rs: the
 * eprint 2020/875 chain taken from gnark), written here step for step over noble's Fp12 operations.
 * `exp_by_x` there is `cyclotomic_exp(|x|)` followed by an inverse because x is negative.
 */
function arkworksFinalExponentiation(f: Fp12): Fp12 {
  const expByX = (a: Fp12) => F.conjugate(F._cyclotomicExp(a, X_ABS));
  let r = F.mul(F.conjugate(f), F.inv(f)); // f^(p^6 - 1)
  const f2 = r;
  r = F.mul(F.frobeniusMap(r, 2), f2); // ^(p^2 + 1)
  let y0 = F._cyclotomicSquare(r);
  let y1 = expByX(r);
  let y2 = F.conjugate(r);
  y1 = F.mul(y1, y2);
  y2 = expByX(y1);
  y1 = F.mul(F.conjugate(y1), y2);
  y2 = expByX(y1);
  y1 = F.mul(F.frobeniusMap(y1, 1), y2);
  r = F.mul(r, y0);
  y0 = expByX(y1);
  y2 = expByX(y0);
  y0 = F.frobeniusMap(y1, 2);
  y1 = F.mul(F.mul(F.conjugate(y1), y2), y0);
  return F.mul(r, y1);
}

describe('BLS12-381 pieces the tle format depends on', () => {
  it('noble’s pairing value is arkworks’ (same final exponentiation after the Miller loop)', () => {
    // Both Miller loops run over |x| and conjugate the result because x < 0 (ark-ec bls12 multi_miller_loop,
    // noble abstract/bls.ts millerLoopBatch); factors in proper subfields die in the easy part.
    for (const [a, b] of [
      [123_456_789n, 987_654_321n],
      [2n ** 200n + 7n, 3n ** 100n],
    ] as const) {
      const P = bls.G1.Point.BASE.multiply(a);
      const Q = bls.G2.Point.BASE.multiply(b);
      const miller = bls.pairing(P, Q, false);
      expect(F.eql(bls.pairing(P, Q, true), arkworksFinalExponentiation(miller))).toBe(true);
    }
  });

  it('serializes GT as arkworks does: 12 base-field coefficients of 48 little-endian bytes, c0 first', () => {
    const one = gtBytes(F.ONE);
    expect(one.length).toBe(576);
    expect(one[0]).toBe(1);
    expect(one.subarray(1).every((b) => b === 0)).toBe(true);
    // c1.c2.c1 (the last coefficient) = 0x0102 lands in the last 48-byte slot, low byte first.
    const Fp2 = bls.fields.Fp2;
    const Fp6 = bls.fields.Fp6;
    const last = F.create({
      c0: Fp6.ZERO,
      c1: { c0: Fp2.ZERO, c1: Fp2.ZERO, c2: Fp2.create({ c0: 0n, c1: 0x0102n }) },
    });
    const bytes = gtBytes(last);
    expect(Array.from(bytes.subarray(528, 531))).toEqual([0x02, 0x01, 0x00]);
    expect(bytes.subarray(0, 528).every((b) => b === 0)).toBe(true);
  });

  it('derives a round’s identity from sha256(round as big-endian u64)', () => {
    const be = Uint8Array.from([0, 0, 0, 0, 0, 0, 0x03, 0xe8]);
    expect(Buffer.from(roundMessage(1000n)).toString('hex')).toBe(Buffer.from(sha256(be)).toString('hex'));
    expect(identityPoint(1000n).equals(identityPoint(1001n))).toBe(false);
  });

  it('reads the quicknet public key and writes it back byte for byte (zcash compressed G2)', () => {
    const pk = parsePublicKey(QUICKNET.publicKey);
    expect(Buffer.from(pk.toBytes(true)).toString('hex')).toBe(QUICKNET.publicKey);
  });
});
