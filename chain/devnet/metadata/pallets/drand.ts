import { QUICKNET } from '../../../timelock/index.js';
import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** pallet_drand's `MAX_PULSES_TO_FETCH`: rounds its offchain worker brings in per block at most. */
export const MAX_PULSES_PER_BLOCK = 50;
/** pallet_drand's `MAX_KEPT_PULSES` (one week of quicknet) and `MAX_REMOVED_PULSES` per write. */
export const MAX_KEPT_PULSES = 216_000n;
export const MAX_REMOVED_PULSES = 100;

const hex = (h: string) => `0x${h}`;
const utf8 = (s: string) => `0x${Buffer.from(s, 'utf8').toString('hex')}`;

/** `DefaultBeaconConfig` of pallet_drand (pallets/drand/src/lib.rs): drand quicknet (bytes as hex, as `Bytes` takes them). */
export const QUICKNET_BEACON_CONFIG = {
  publicKey: hex(QUICKNET.publicKey),
  period: QUICKNET.period,
  genesisTime: QUICKNET.genesisTime,
  hash: hex(QUICKNET.chainHash),
  groupHash: hex('f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e'),
  schemeId: utf8('bls-unchained-g1-rfc9380'),
  metadata: { beaconId: utf8('quicknet') },
};

/**
 * Drand (index 26): the beacon bridge of spec 393 (opentensor/subtensor pallets/drand/src/{lib,types}.rs):
 * `Pulses` (round -> pulse), `LastStoredRound`, `OldestStoredRound`, `BeaconConfig`, `NextUnsignedAt`, the
 * three calls and their events and errors, with the real indices, hashers and types.
 */
export function drandSpec({ b, t }: SpecContext): PalletSpec {
  const bounded = b.composite(
    'bounded_collections::bounded_vec::BoundedVec',
    [{ type: t.bytes, typeName: 'Vec<T>' }],
    [{ name: 'T', type: t.u8 }, { name: 'S' }],
  );
  const pulse = b.composite('pallet_drand::types::Pulse', [
    { name: 'round', type: t.u64, typeName: 'RoundNumber' },
    { name: 'randomness', type: bounded, typeName: 'BoundedVec<u8, ConstU32<32>>' },
    { name: 'signature', type: bounded, typeName: 'BoundedVec<u8, ConstU32<144>>' },
  ]);
  const metadata = b.composite('pallet_drand::types::Metadata', [
    { name: 'beacon_id', type: bounded, typeName: 'BoundedHash' },
  ]);
  const beaconConfig = b.composite('pallet_drand::types::BeaconConfiguration', [
    { name: 'public_key', type: bounded, typeName: 'OpaquePublicKey' },
    { name: 'period', type: t.u32, typeName: 'u32' },
    { name: 'genesis_time', type: t.u32, typeName: 'u32' },
    { name: 'hash', type: bounded, typeName: 'BoundedHash' },
    { name: 'group_hash', type: bounded, typeName: 'BoundedHash' },
    { name: 'scheme_id', type: bounded, typeName: 'BoundedHash' },
    { name: 'metadata', type: metadata, typeName: 'Metadata' },
  ]);
  const ecdsaPublic = b.array(33, t.u8);
  const multiSigner = b.variant(
    'sp_runtime::MultiSigner',
    variants([
      ['Ed25519', 0, [[undefined, t.arr32, 'ed25519::Public']]],
      ['Sr25519', 1, [[undefined, t.arr32, 'sr25519::Public']]],
      ['Ecdsa', 2, [[undefined, ecdsaPublic, 'ecdsa::Public']]],
    ]),
  );
  const pulsesPayload = b.composite(
    'pallet_drand::types::PulsesPayload',
    [
      { name: 'block_number', type: t.u32, typeName: 'BlockNumber' },
      { name: 'pulses', type: b.vec(pulse), typeName: 'Vec<Pulse>' },
      { name: 'public', type: multiSigner, typeName: 'Public' },
    ],
    [
      { name: 'Public', type: multiSigner },
      { name: 'BlockNumber', type: t.u32 },
    ],
  );
  const configPayload = b.composite(
    'pallet_drand::types::BeaconConfigurationPayload',
    [
      { name: 'block_number', type: t.u32, typeName: 'BlockNumber' },
      { name: 'config', type: beaconConfig, typeName: 'BeaconConfiguration' },
      { name: 'public', type: multiSigner, typeName: 'Public' },
    ],
    [
      { name: 'Public', type: multiSigner },
      { name: 'BlockNumber', type: t.u32 },
    ],
  );
  const signature = t.option(t.multiSignature);
  return {
    name: 'Drand',
    index: 26,
    path: 'pallet_drand::pallet',
    calls: [
      {
        name: 'write_pulse',
        index: 0,
        args: [
          ['pulses_payload', pulsesPayload, 'PulsesPayload<T::Public, BlockNumberFor<T>>'],
          ['signature', signature, 'Option<T::Signature>'],
        ],
      },
      {
        name: 'set_beacon_config',
        index: 1,
        args: [
          ['config_payload', configPayload, 'BeaconConfigurationPayload<T::Public, BlockNumberFor<T>>'],
          ['signature', signature, 'Option<T::Signature>'],
        ],
      },
      { name: 'set_oldest_stored_round', index: 2, args: [['oldest_round', t.u64, 'u64']] },
    ],
    events: variants([
      ['BeaconConfigChanged', 0],
      ['NewPulse', 1, [['rounds', b.vec(t.u64), 'Vec<RoundNumber>']]],
      ['SetOldestStoredRound', 2, [[undefined, t.u64, 'u64']]],
    ]),
    errors: [
      'NoneValue',
      'StorageOverflow',
      'DrandConnectionFailure',
      'UnverifiedPulse',
      'InvalidRoundNumber',
      'PulseVerificationError',
    ],
    storage: [
      // The real default is quicknet's configuration; the devnet writes its own beacon's at genesis.
      { name: 'BeaconConfig', value: beaconConfig, fallback: QUICKNET_BEACON_CONFIG },
      { name: 'Pulses', optional: true, keys: [['Blake2_128Concat', t.u64]], value: pulse },
      { name: 'LastStoredRound', value: t.u64 },
      { name: 'OldestStoredRound', value: t.u64 },
      { name: 'NextUnsignedAt', value: t.u32 },
    ],
    constants: [
      { name: 'UnsignedPriority', type: t.u64, value: 1n << 44n },
      { name: 'HttpFetchTimeout', type: t.u64, value: 1000 },
    ],
  };
}
