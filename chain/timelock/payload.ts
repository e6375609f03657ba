import { compactFromU8a, compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { TimelockErrors as E } from './errors.js';
import type { DecodedWeightsPayload, WeightsPayload } from './types.js';

/**
 * SCALE of subtensor's `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>,
 * version_key: u64 }` (or, without a hotkey, `LegacyWeightsTlockPayload` without its first field), as
 * bittensor-drand's `generate_commit` encodes it before encryption.
 */
export function encodeWeightsPayload(p: WeightsPayload): Uint8Array {
  if (p.uids.length !== p.values.length) {
    throw E.BAD_PAYLOAD(`${p.uids.length} uids but ${p.values.length} values`);
  }
  const u16s = (xs: readonly number[], field: string) => {
    const out = new Uint8Array(xs.length * 2);
    const view = new DataView(out.buffer);
    xs.forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0 || x > 0xffff)
        throw E.BAD_PAYLOAD(`${field}[${i}] = ${x} is not a u16`);
      view.setUint16(i * 2, x, true);
    });
    return u8aConcat(compactToU8a(xs.length), out);
  };
  let version: bigint;
  try {
    version = BigInt(p.versionKey);
  } catch {
    throw E.BAD_PAYLOAD(`version_key ${String(p.versionKey)} is not an integer`);
  }
  if (version < 0n || version > 0xffff_ffff_ffff_ffffn) {
    throw E.BAD_PAYLOAD(`version_key ${version} is outside u64`);
  }
  const versionBytes = new Uint8Array(8);
  new DataView(versionBytes.buffer).setBigUint64(0, version, true);
  const body = u8aConcat(u16s(p.uids, 'uids'), u16s(p.values, 'values'), versionBytes);
  if (p.hotkey === undefined) return body;
  const hotkey = hotkeyBytes(p.hotkey);
  return u8aConcat(compactToU8a(hotkey.length), hotkey, body);
}

function hotkeyBytes(hotkey: string | Uint8Array): Uint8Array {
  if (typeof hotkey !== 'string') {
    if (hotkey.length !== 32) throw E.BAD_PAYLOAD(`hotkey is ${hotkey.length} bytes, an AccountId is 32`);
    return hotkey;
  }
  try {
    return decodeAddress(hotkey);
  } catch (err) {
    throw E.BAD_PAYLOAD(`hotkey ${JSON.stringify(hotkey)} is not an SS58 address: ${(err as Error).message}`);
  }
}

class ScaleReader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  compact(): number | undefined {
    if (this.at >= this.bytes.length) return undefined;
    try {
      const [len, value] = compactFromU8a(this.bytes.subarray(this.at));
      if (len === 0 || this.at + len > this.bytes.length) return undefined;
      this.at += len;
      return value.toNumber();
    } catch {
      return undefined;
    }
  }
  take(n: number): Uint8Array | undefined {
    if (this.at + n > this.bytes.length) return undefined;
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u16s(): number[] | undefined {
    const n = this.compact();
    if (n === undefined) return undefined;
    const raw = this.take(n * 2);
    if (raw === undefined) return undefined;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: n }, (_, i) => view.getUint16(i * 2, true));
  }
  u64(): bigint | undefined {
    const raw = this.take(8);
    return raw && new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0, true);
  }
}

function decodeLegacy(bytes: Uint8Array): DecodedWeightsPayload | undefined {
  const r = new ScaleReader(bytes);
  const uids = r.u16s();
  const values = uids && r.u16s();
  const versionKey = values && r.u64();
  if (!uids || !values || versionKey === undefined) return undefined;
  return { uids, values, versionKey, format: 'legacy' };
}

/**
 * Reads decrypted commit bytes the way the runtime does: the current format first, whose hotkey must
 * decode as an AccountId (32 bytes) equal to the committer; the legacy format when the current one does
 * not decode or its hotkey is shorter than an AccountId. Trailing bytes are ignored, as by `Decode::decode`.
 * `committer` (SS58 or 32 bytes) enables the runtime's hotkey check: a mismatch throws HOTKEY_MISMATCH.
 */
export function decodeWeightsPayload(
  bytes: Uint8Array,
  committer?: string | Uint8Array,
): DecodedWeightsPayload {
  const r = new ScaleReader(bytes);
  const hkLen = r.compact();
  const hotkey = hkLen === undefined ? undefined : r.take(hkLen);
  const uids = hotkey && r.u16s();
  const values = uids && r.u16s();
  const versionKey = values && r.u64();
  if (hotkey && uids && values && versionKey !== undefined) {
    if (hotkey.length >= 32) {
      const account = hotkey.subarray(0, 32);
      if (committer !== undefined && !u8aEq(account, hotkeyBytes(committer))) {
        throw E.HOTKEY_MISMATCH();
      }
      return { hotkey: Uint8Array.from(hotkey), uids, values, versionKey, format: 'current' };
    }
  }
  const legacy = decodeLegacy(bytes);
  if (!legacy) throw E.BAD_PAYLOAD('the decrypted bytes decode as neither WeightsTlockPayload format');
  return legacy;
}
