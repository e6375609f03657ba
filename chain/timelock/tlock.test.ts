import { createHash } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeWeightsPayload,
  decryptWithSignature,
  encodeWeightsPayload,
  encryptWeightsPayload,
  MAX_TIMELOCKED_COMMIT_BYTES,
  parseTle,
  QUICKNET,
  TimelockErrors,
  timelockEncrypt,
  verifyPulse,
} from './index.js';

/**
 * Real quicknet pulses, as published by the beacon and carried by the reference code's own tests:
 * round 1000 in ideal-lab5/timelock (tle/src/tlock.rs `tlock_encrypt_decrypt_drand_quicknet_works`) and in
 * opentensor/subtensor (pallets/drand/src/tests.rs DRAND_PULSE, pallets/subtensor/src/tests/weights.rs);
 * round 2000 in opentensor/subtensor pallets/commitments/src/mock.rs (DRAND_QUICKNET_SIG_2000_HEX, whose
 * comment says "round 20000": it verifies for round 2000, see below).
 */
const SIG_1000 =
  'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39';
const SIG_2000 =
  'b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e';

/**
 * A commit produced by the reference implementation, not by this code: the tle crate compiled to wasm, as
 * published on npm as @ideallabs/timelock_wasm_wrapper@0.2.0-dev (ideal-lab5/timelock, the 2025 line whose
 * header still writes V and W as length-prefixed Vec<u8>, like the revision subtensor pins; it builds on
 * arkworks 0.5, whose BLS12 final exponentiation and field serialization are the same code as 0.4.2's).
 * Made with `tle(sha256(u64be(1000)), payload, key, quicknetPublicKey, 'bls12_381')`, payload = the
 * SCALE WeightsTlockPayload { hotkey: //Alice, uids [0, 3, 17], values [65535, 1200, 40], version_key
 * 3001002 }. No repository publishes such a ciphertext; the package was run once outside the project.
 */
const REFERENCE_COMMIT_ROUND_1000 =
  'b50a67718c6cee33f3853d6d7cf20846e991b1a23867f85ceb7d18b6092a5088c006dc0fc9438a6dbfd1858f4579a3eb' +
  '01e5145dacc0e3af752be687f8546cee7c9d396fc71d1c2fce8176fd0bc4448b38907645c0f6cc8df2721b31f3229783' +
  '200000000000000078740c1903fbf35baf2910509175f63d7ae0c252d1e53db545b21ed2dd45487b2000000000000000' +
  '7720f13cbac84bf2cc97b6bac97a8547cde4a2ca56130505de772afa2c563bc263000000000000004700000000000000' +
  '355cc7f67ede0237bf6046eddd83a1efd99994da987469eaaf7623604768c48dd0b2cf0afca77b0bc7ca9618085d68ad' +
  'b43a03d61ea5a70dd772505232d0ac0a1c26eb1e3884c50c00000000000000055ccc790386886f669ef40a0800000000' +
  '0000004145535f47434d5f';

/** A deterministic byte source (sha256 counter mode) so a failing case can be replayed. */
function seeded(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = createHash('sha256').update(`${seed}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

function expectCode(fn: () => unknown, factory: { is(err: unknown): boolean; code: string }): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${factory.code}`).toBeDefined();
  expect(factory.is(caught), `expected ${factory.code}, got ${String(caught)}`).toBe(true);
}

let alice: string;
let bob: string;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice').address;
  bob = keyring.addFromUri('//Bob').address;
});

describe('quicknet pulses', () => {
  it('the published round 1000 and 2000 signatures verify under the quicknet public key', () => {
    verifyPulse(1000, SIG_1000, QUICKNET.publicKey);
    verifyPulse(2000, `0x${SIG_2000}`, QUICKNET.publicKey);
  });

  it('a signature does not verify for another round', () => {
    expectCode(() => verifyPulse(1001, SIG_1000, QUICKNET.publicKey), TimelockErrors.SIGNATURE_INVALID);
    expectCode(() => verifyPulse(20000, SIG_2000, QUICKNET.publicKey), TimelockErrors.SIGNATURE_INVALID);
  });

  it('refuses bytes that are not a G1 point', () => {
    expectCode(() => verifyPulse(1000, SIG_1000.slice(2), QUICKNET.publicKey), TimelockErrors.BAD_SIGNATURE);
    expectCode(
      () => verifyPulse(1000, `ff${SIG_1000.slice(2)}`, QUICKNET.publicKey),
      TimelockErrors.BAD_SIGNATURE,
    );
  });
});

describe('WeightsTlockPayload (SCALE)', () => {
  it('encodes hotkey, uids, values, version_key in field order, as polkadot.js encodes the same tuple', () => {
    const payload = { hotkey: alice, uids: [0, 1, 300], values: [65535, 7, 0], versionKey: 2_001_000n };
    const ours = encodeWeightsPayload(payload);
    const theirs = new TypeRegistry()
      .createType('(Vec<u8>, Vec<u16>, Vec<u16>, u64)', [
        Array.from(new Keyring({ type: 'sr25519' }).decodeAddress(alice)),
        payload.uids,
        payload.values,
        payload.versionKey,
      ])
      .toU8a();
    expect(u8aToHex(ours)).toBe(u8aToHex(theirs));
    // By hand: compact(32) = 0x80, the 32 key bytes, then 0c 0000 0100 2c01, 0c ffff 0700 0000, u64 LE.
    expect(u8aToHex(ours.subarray(0, 1))).toBe('0x80');
    expect(u8aToHex(ours.subarray(33))).toBe('0x0c000001002c010cffff07000000' + '68881e0000000000');
  });

  it('without a hotkey writes the legacy { uids, values, version_key }', () => {
    expect(u8aToHex(encodeWeightsPayload({ uids: [5], values: [9], versionKey: 1 }))).toBe(
      '0x0405000409000100000000000000',
    );
  });

  it('decodes as the runtime does: hotkey checked against the committer, legacy as fallback', () => {
    const current = encodeWeightsPayload({ hotkey: alice, uids: [1, 2], values: [3, 4], versionKey: 9 });
    const decoded = decodeWeightsPayload(current, alice);
    expect(decoded).toMatchObject({ format: 'current', uids: [1, 2], values: [3, 4], versionKey: 9n });
    expectCode(() => decodeWeightsPayload(current, bob), TimelockErrors.HOTKEY_MISMATCH);
    const legacy = encodeWeightsPayload({ uids: [1, 2], values: [3, 4], versionKey: 9 });
    expect(decodeWeightsPayload(legacy, alice)).toMatchObject({
      format: 'legacy',
      uids: [1, 2],
      values: [3, 4],
    });
    expectCode(() => decodeWeightsPayload(Uint8Array.from([0x08, 1])), TimelockErrors.BAD_PAYLOAD);
  });

  it('refuses payloads the runtime could not use', () => {
    expectCode(
      () => encodeWeightsPayload({ uids: [1, 2], values: [1], versionKey: 1 }),
      TimelockErrors.BAD_PAYLOAD,
    );
    expectCode(
      () => encodeWeightsPayload({ uids: [70000], values: [1], versionKey: 1 }),
      TimelockErrors.BAD_PAYLOAD,
    );
    expectCode(
      () => encodeWeightsPayload({ uids: [1], values: [1], versionKey: -1 }),
      TimelockErrors.BAD_PAYLOAD,
    );
    expectCode(
      () => encodeWeightsPayload({ hotkey: new Uint8Array(31), uids: [1], values: [1], versionKey: 1 }),
      TimelockErrors.BAD_PAYLOAD,
    );
  });
});

describe('timelocked commits (tle format, quicknet)', () => {
  const weights = () => ({
    hotkey: alice,
    uids: [0, 3, 17],
    values: [65535, 1200, 40],
    versionKey: 3_001_002n,
  });

  it('a commit to round 1000 opens with the real round-1000 signature and yields the weights', () => {
    const commit = encryptWeightsPayload(weights(), 1000, QUICKNET.publicKey, { randomBytes: seeded('a') });
    const plain = decryptWithSignature(commit, SIG_1000);
    expect(u8aToHex(plain)).toBe(u8aToHex(encodeWeightsPayload(weights())));
    expect(decodeWeightsPayload(plain, alice)).toMatchObject({
      format: 'current',
      uids: [0, 3, 17],
      values: [65535, 1200, 40],
      versionKey: 3_001_002n,
    });
    // With the system random source as well (what production uses).
    const fresh = encryptWeightsPayload(weights(), 2000, QUICKNET.publicKey);
    expect(decodeWeightsPayload(decryptWithSignature(fresh, SIG_2000), alice).uids).toEqual([0, 3, 17]);
  });

  it('opens a commit made by the reference tle implementation (wasm build) with the real round-1000 signature', () => {
    const commit = Uint8Array.from(Buffer.from(REFERENCE_COMMIT_ROUND_1000, 'hex'));
    const plain = decryptWithSignature(commit, SIG_1000);
    expect(u8aToHex(plain)).toBe(u8aToHex(encodeWeightsPayload(weights())));
    expect(decodeWeightsPayload(plain, alice)).toMatchObject({
      format: 'current',
      uids: [0, 3, 17],
      values: [65535, 1200, 40],
      versionKey: 3_001_002n,
    });
    // Its layout is the one encryptWeightsPayload writes, byte for byte except the random parts.
    const ours = encryptWeightsPayload(weights(), 1000, QUICKNET.publicKey, { randomBytes: seeded('f') });
    expect(ours.length).toBe(commit.length);
    for (const at of [96, 136, 176, 184, ours.length - 36, ours.length - 16]) {
      expect(u8aToHex(ours.subarray(at, at + 8))).toBe(u8aToHex(commit.subarray(at, at + 8)));
    }
    expectCode(() => decryptWithSignature(commit, SIG_2000), TimelockErrors.WRONG_ROUND_KEY);
  });

  it('has the byte layout the runtime deserializes (ark-serialize compressed TLECiphertext)', () => {
    const payload = encodeWeightsPayload(weights());
    const commit = encryptWeightsPayload(weights(), 1000, QUICKNET.publicKey, { randomBytes: seeded('b') });
    const n = payload.length;
    expect(commit.length).toBe(96 + 40 + 40 + 8 + (8 + n + 16 + 8 + 12) + 16);
    const le = (at: number) => Number(Buffer.from(commit).readBigUInt64LE(at));
    expect(commit[0]! & 0x80).toBe(0x80); // compressed flag of header.u
    expect(le(96)).toBe(32); // header.v
    expect(le(136)).toBe(32); // header.w
    expect(le(176)).toBe(8 + n + 16 + 8 + 12); // body
    expect(le(184)).toBe(n + 16); // body.ciphertext (tag appended)
    expect(le(184 + 8 + n + 16)).toBe(12); // body.nonce
    const suiteAt = 176 + 8 + le(176);
    expect(le(suiteAt)).toBe(8);
    expect(Buffer.from(commit.subarray(suiteAt + 8)).toString('latin1')).toBe('AES_GCM_');
    const parsed = parseTle(commit);
    expect(parsed.nonce.length).toBe(12);
  });

  it('a commit to another round does not open with the round-1000 signature (coded error)', () => {
    const commit = encryptWeightsPayload(weights(), 1001, QUICKNET.publicKey, { randomBytes: seeded('c') });
    expectCode(() => decryptWithSignature(commit, SIG_1000), TimelockErrors.WRONG_ROUND_KEY);
    const to2000 = encryptWeightsPayload(weights(), 2000, QUICKNET.publicKey, { randomBytes: seeded('d') });
    expectCode(() => decryptWithSignature(to2000, SIG_1000), TimelockErrors.WRONG_ROUND_KEY);
    expect(decryptWithSignature(to2000, SIG_2000).length).toBeGreaterThan(0);
  });

  it('a tampered commit fails, whichever part was altered', () => {
    const commit = encryptWeightsPayload(weights(), 1000, QUICKNET.publicKey, { randomBytes: seeded('e') });
    const flip = (at: number) => {
      const copy = Uint8Array.from(commit);
      copy[at] = (copy[at] as number) ^ 0x01;
      return copy;
    };
    // header.u: no longer a G2 point (or another point: then the FO check fails)
    let err: unknown;
    try {
      decryptWithSignature(flip(50), SIG_1000);
    } catch (e) {
      err = e;
    }
    expect(TimelockErrors.MALFORMED_CIPHERTEXT.is(err) || TimelockErrors.WRONG_ROUND_KEY.is(err)).toBe(true);
    expectCode(() => decryptWithSignature(flip(96 + 8 + 5), SIG_1000), TimelockErrors.WRONG_ROUND_KEY); // v
    expectCode(() => decryptWithSignature(flip(136 + 8 + 5), SIG_1000), TimelockErrors.WRONG_ROUND_KEY); // w
    expectCode(() => decryptWithSignature(flip(192 + 3), SIG_1000), TimelockErrors.BODY_AUTH_FAILED); // AES body
    expectCode(
      () => decryptWithSignature(flip(commit.length - 20), SIG_1000),
      TimelockErrors.BODY_AUTH_FAILED,
    ); // nonce
    expectCode(
      () => decryptWithSignature(commit.subarray(0, 150), SIG_1000),
      TimelockErrors.MALFORMED_CIPHERTEXT,
    );
    expectCode(() => decryptWithSignature(flip(96), SIG_1000), TimelockErrors.MALFORMED_CIPHERTEXT); // v length
    // Like the runtime's ark-serialize reader, bytes after cipher_suite are not read.
    expect(decryptWithSignature(Uint8Array.from([...commit, 1, 2, 3]), SIG_1000).length).toBeGreaterThan(0);
    // the untouched commit still opens
    expect(decryptWithSignature(commit, SIG_1000).length).toBeGreaterThan(0);
  });

  it('refuses a commit larger than MAX_CRV3_COMMIT_SIZE_BYTES, bad rounds and bad keys', () => {
    const many = Array.from({ length: 1300 }, (_, i) => i);
    expectCode(
      () => encryptWeightsPayload({ uids: many, values: many, versionKey: 1 }, 1000, QUICKNET.publicKey),
      TimelockErrors.PAYLOAD_TOO_LARGE,
    );
    expect(MAX_TIMELOCKED_COMMIT_BYTES).toBe(5000);
    expectCode(() => timelockEncrypt(new Uint8Array(1), 0, QUICKNET.publicKey), TimelockErrors.BAD_ROUND);
    expectCode(() => timelockEncrypt(new Uint8Array(1), 1.5, QUICKNET.publicKey), TimelockErrors.BAD_ROUND);
    expectCode(
      () => timelockEncrypt(new Uint8Array(1), 5, QUICKNET.publicKey.slice(2)),
      TimelockErrors.BAD_PUBLIC_KEY,
    );
  });
});
