import { bnToU8a, compactToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import type { RevealInput } from './types.js';

const u16Vec = (xs: readonly number[]) =>
  u8aConcat(compactToU8a(xs.length), ...xs.map((x) => bnToU8a(x, { bitLength: 16, isLe: true })));

/**
 * The commit-reveal v2 hash: blake2b-256 of SCALE(hotkey AccountId32, netuid u16, uids Vec<u16>,
 * values Vec<u16>, salt Vec<u16>, version_key u64), salt before version_key as in the SDK's
 * `generate_weight_hash` and the runtime's `BlakeTwo256::hash_of`.
 */
export function weightCommitHash(hotkey: string | Uint8Array, input: RevealInput): string {
  return blake2AsHex(
    u8aConcat(
      decodeAddress(hotkey),
      bnToU8a(input.netuid, { bitLength: 16, isLe: true }),
      u16Vec(input.uids),
      u16Vec(input.values),
      u16Vec(input.salt),
      bnToU8a(BigInt(input.versionKey), { bitLength: 64, isLe: true }),
    ),
    256,
  );
}

/** A fresh random salt of `length` u16s (the SDK uses 8). */
export function newSalt(length = 8): number[] {
  return Array.from(crypto.getRandomValues(new Uint16Array(length)));
}
