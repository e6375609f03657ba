import type { CommonTypes } from './common-types.js';
import type { TypeBuilder } from './type-builder.js';

/**
 * The transaction extensions of Subtensor spec 393, in order. `extra` is what the extrinsic carries,
 * `implicit` what only the signed payload carries. The four Subtensor-specific ones have no data, so
 * @polkadot/api signs correctly when told they exist (`signedExtensions` option) or treats them as
 * no-effect after a warning.
 */
export const SIGNED_EXTENSIONS = [
  'CheckNonZeroSender',
  'CheckSpecVersion',
  'CheckTxVersion',
  'CheckGenesis',
  'CheckMortality',
  'CheckNonce',
  'CheckWeight',
  'ChargeTransactionPayment',
  'SudoTransactionExtension',
  'CheckShieldedTxValidity',
  'SubtensorTransactionExtension',
  'DrandPriority',
  'CheckMetadataHash',
] as const;

/** The data-less extensions @polkadot/types does not know, in the shape of its `signedExtensions` option. */
export const CUSTOM_SIGNED_EXTENSIONS = {
  SudoTransactionExtension: { extrinsic: {}, payload: {} },
  CheckShieldedTxValidity: { extrinsic: {}, payload: {} },
  SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
  DrandPriority: { extrinsic: {}, payload: {} },
};

export interface ExtensionMeta {
  identifier: string;
  type: number;
  additionalSigned: number;
}

export function buildExtensions(b: TypeBuilder, t: CommonTypes, runtime: number): ExtensionMeta[] {
  const empty = (path: string, param?: number) =>
    b.composite(path, [], [{ name: 'T', ...(param === undefined ? {} : { type: param }) }]);
  const metadataHashMode = b.variant('frame_metadata_hash_extension::Mode', [
    { name: 'Disabled', index: 0, fields: [] },
    { name: 'Enabled', index: 1, fields: [] },
  ]);
  const defs: [string, number, number][] = [
    [
      'CheckNonZeroSender',
      empty('frame_system::extensions::check_non_zero_sender::CheckNonZeroSender'),
      t.unit,
    ],
    ['CheckSpecVersion', empty('frame_system::extensions::check_spec_version::CheckSpecVersion'), t.u32],
    ['CheckTxVersion', empty('frame_system::extensions::check_tx_version::CheckTxVersion'), t.u32],
    ['CheckGenesis', empty('frame_system::extensions::check_genesis::CheckGenesis'), t.h256],
    [
      'CheckMortality',
      b.composite(
        'node_subtensor_runtime::check_mortality::CheckMortality',
        [{ type: t.era, typeName: 'Era' }],
        [{ name: 'T' }],
      ),
      t.h256,
    ],
    [
      'CheckNonce',
      b.composite(
        'node_subtensor_runtime::check_nonce::CheckNonce',
        [{ type: t.compactU32, typeName: 'T::Nonce' }],
        [{ name: 'T' }],
      ),
      t.unit,
    ],
    ['CheckWeight', empty('frame_system::extensions::check_weight::CheckWeight'), t.unit],
    [
      'ChargeTransactionPayment',
      b.composite(
        'pallet_transaction_payment::ChargeTransactionPayment',
        [{ type: t.compactU64, typeName: 'BalanceOf<T>' }],
        [{ name: 'T' }],
      ),
      t.unit,
    ],
    [
      'SudoTransactionExtension',
      empty('node_subtensor_runtime::sudo_wrapper::SudoTransactionExtension', runtime),
      t.unit,
    ],
    ['CheckShieldedTxValidity', empty('pallet_shield::extension::CheckShieldedTxValidity', runtime), t.unit],
    [
      'SubtensorTransactionExtension',
      empty('pallet_subtensor::extensions::subtensor::SubtensorTransactionExtension', runtime),
      t.unit,
    ],
    ['DrandPriority', empty('pallet_drand::drand_priority::DrandPriority', runtime), t.unit],
    [
      'CheckMetadataHash',
      b.composite(
        'frame_metadata_hash_extension::CheckMetadataHash',
        [{ name: 'mode', type: metadataHashMode, typeName: 'Mode' }],
        [{ name: 'T' }],
      ),
      t.option(t.arr32),
    ],
  ];
  return defs.map(([identifier, type, additionalSigned]) => ({ identifier, type, additionalSigned }));
}
