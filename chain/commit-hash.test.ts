import { Keyring } from '@polkadot/keyring';
import { TypeRegistry } from '@polkadot/types';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { newSalt, weightCommitHash } from './commit-hash.js';

describe('weightCommitHash', () => {
  let alice: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').address;
  });

  it('hashes SCALE(pubkey, netuid u16, uids, values, salt, version_key u64), salt before version_key', () => {
    // The bytes, by hand: //Alice's public key (32 bytes), netuid 1 as u16 LE (0100), uids [0] as a Vec<u16>
    // (compact length 1 = 04, then 0000), values [65535] (04 ffff), salt [1] (04 0100), version_key 7 as u64 LE.
    const bytes =
      '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d' +
      '0100' +
      '040000' +
      '04ffff' +
      '040100' +
      '0700000000000000';
    const hash = weightCommitHash(alice, { netuid: 1, uids: [0], values: [65535], salt: [1], versionKey: 7 });
    expect(hash).toBe(blake2AsHex(bytes, 256));
  });

  it('matches the tuple encoding of polkadot.js types', () => {
    const input = {
      netuid: 7,
      uids: [1, 2, 300],
      values: [65535, 100, 1],
      salt: newSalt(),
      versionKey: 1_002_003n,
    };
    const tuple = new TypeRegistry().createType('(AccountId32,u16,Vec<u16>,Vec<u16>,Vec<u16>,u64)', [
      alice,
      input.netuid,
      input.uids,
      input.values,
      input.salt,
      input.versionKey,
    ]);
    expect(weightCommitHash(alice, input)).toBe(blake2AsHex(tuple.toU8a(), 256));
  });

  it('changes with the salt', () => {
    const base = { netuid: 1, uids: [0], values: [1], versionKey: 0 };
    expect(weightCommitHash(alice, { ...base, salt: [1] })).not.toBe(
      weightCommitHash(alice, { ...base, salt: [2] }),
    );
    expect(newSalt()).toHaveLength(8);
  });
});
