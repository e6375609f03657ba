import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { AES_GCM_SUITE } from './constants.js';
import { TimelockErrors as E } from './errors.js';
import type { G1Point, G2Point, IbeCiphertext } from './ibe.js';

/**
 * The bytes of tle's `TLECiphertext<TinyBLS381>` under ark-serialize `serialize_compressed`, which the
 * runtime reads back with `deserialize_compressed` (pallets/subtensor/src/coinbase/reveal_commits.rs):
 *
 *   header.u       96   G2 point, compressed (zcash flags in the top bits of byte 0, x = c1‖c0 big-endian)
 *   header.v       8+32 Vec<u8>: u64 little-endian length, then the bytes
 *   header.w       8+32 Vec<u8>
 *   body           8+n  Vec<u8> holding the serialized AESOutput:
 *                         ciphertext Vec<u8> (AES-256-GCM output with its 16-byte tag appended), nonce Vec<u8> (12)
 *   cipher_suite   8+8  Vec<u8> "AES_GCM_"
 *
 * Like the runtime's reader, parsing stops after cipher_suite: trailing bytes are not looked at.
 */

export interface TleCiphertext {
  header: IbeCiphertext;
  /** AES-256-GCM ciphertext with the tag appended. */
  aesCiphertext: Uint8Array;
  nonce: Uint8Array;
  cipherSuite: Uint8Array;
}

const G2_COMPRESSED = 96;
const G1_COMPRESSED = 48;

function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

function vec(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  out.set(u64le(bytes.length));
  out.set(bytes, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function serializeTle(ct: TleCiphertext): Uint8Array {
  const body = concat([vec(ct.aesCiphertext), vec(ct.nonce)]);
  return concat([
    ct.header.u.toBytes(true),
    vec(ct.header.v),
    vec(ct.header.w),
    vec(body),
    vec(ct.cipherSuite),
  ]);
}

class Reader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}
  take(n: number, field: string): Uint8Array {
    if (this.at + n > this.bytes.length) {
      throw E.MALFORMED_CIPHERTEXT(
        `${this.what} ends at byte ${this.bytes.length} inside ${field} (needs ${n} bytes at offset ${this.at})`,
      );
    }
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  vec(field: string): Uint8Array {
    const len = new DataView(this.take(8, `${field} length`).slice().buffer).getBigUint64(0, true);
    if (len > BigInt(this.bytes.length - this.at)) {
      throw E.MALFORMED_CIPHERTEXT(
        `${field} claims ${len} bytes but only ${this.bytes.length - this.at} remain in ${this.what}`,
      );
    }
    return this.take(Number(len), field);
  }
}

export function parseG2(bytes: Uint8Array, field: string): G2Point {
  if (bytes.length !== G2_COMPRESSED) {
    throw E.MALFORMED_CIPHERTEXT(`${field} is ${bytes.length} bytes, a compressed G2 point is 96`);
  }
  try {
    return bls.G2.Point.fromHex(bytes);
  } catch (err) {
    throw E.MALFORMED_CIPHERTEXT(`${field} is not a point of G2: ${(err as Error).message}`);
  }
}

export function parseTle(bytes: Uint8Array): TleCiphertext {
  const r = new Reader(bytes, 'the commit');
  const u = parseG2(r.take(G2_COMPRESSED, 'header.u'), 'header.u');
  const v = r.vec('header.v');
  const w = r.vec('header.w');
  // tle XORs exactly 32 bytes; other lengths never decrypt (and longer ones make the reference panic).
  if (v.length !== 32 || w.length !== 32) {
    throw E.MALFORMED_CIPHERTEXT(`header.v and header.w must be 32 bytes (got ${v.length} and ${w.length})`);
  }
  const body = new Reader(r.vec('body'), 'the body');
  const aesCiphertext = body.vec('body.ciphertext');
  const nonce = body.vec('body.nonce');
  const cipherSuite = r.vec('cipher_suite');
  return { header: { u, v, w }, aesCiphertext, nonce, cipherSuite };
}

/** A drand round number: an integer 1..2^64-1 (the runtime's `u64`). */
export function parseRound(round: number | bigint): bigint {
  const r = typeof round === 'bigint' ? round : Number.isSafeInteger(round) ? BigInt(round) : -1n;
  if (r < 1n || r > 0xffff_ffff_ffff_ffffn) throw E.BAD_ROUND(String(round));
  return r;
}

/** Parses a drand signature (48-byte compressed G1), given as bytes or hex (with or without 0x). */
export function parseSignature(signature: Uint8Array | string): G1Point {
  let bytes: Uint8Array;
  if (typeof signature === 'string') {
    const hex = signature.startsWith('0x') ? signature.slice(2) : signature;
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw E.BAD_SIGNATURE('not hex');
    bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  } else {
    bytes = signature;
  }
  if (bytes.length !== G1_COMPRESSED) throw E.BAD_SIGNATURE(`${bytes.length} bytes, expected 48`);
  try {
    return bls.G1.Point.fromHex(bytes);
  } catch (err) {
    throw E.BAD_SIGNATURE((err as Error).message);
  }
}

/** Parses a drand public key (96-byte compressed G2), given as bytes or hex (with or without 0x). */
export function parsePublicKey(publicKey: Uint8Array | string): G2Point {
  let bytes: Uint8Array;
  if (typeof publicKey === 'string') {
    const hex = publicKey.startsWith('0x') ? publicKey.slice(2) : publicKey;
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw E.BAD_PUBLIC_KEY('not hex');
    bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  } else {
    bytes = publicKey;
  }
  if (bytes.length !== G2_COMPRESSED) throw E.BAD_PUBLIC_KEY(`${bytes.length} bytes, expected 96`);
  try {
    const p = bls.G2.Point.fromHex(bytes);
    if (p.equals(bls.G2.Point.ZERO)) throw new Error('the point at infinity');
    return p;
  } catch (err) {
    throw E.BAD_PUBLIC_KEY((err as Error).message);
  }
}

export const AES_GCM_SUITE_BYTES = new TextEncoder().encode(AES_GCM_SUITE);
