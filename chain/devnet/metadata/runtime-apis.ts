import type { CommonTypes } from './common-types.js';
import { axonInfoType } from './pallets/subtensor.js';
import type { TypeBuilder } from './type-builder.js';

export interface ApiMethodSpec {
  name: string;
  inputs: [string, number][];
  output: number;
}

export interface ApiSpec {
  name: string;
  methods: ApiMethodSpec[];
}

/** Type ids the runtime-API implementations encode their answers with. */
export interface ApiTypes {
  neuronInfoLiteVec: number;
  neuronInfoLiteOption: number;
  runtimeDispatchInfo: number;
  feeDetails: number;
}

/**
 * Declares the runtime APIs the devnet serves through `state_call` (metadata v15 `apis`), with the
 * Subtensor 393 signatures, so `api.call.*` is decorated for them.
 */
export function buildRuntimeApis(
  b: TypeBuilder,
  t: CommonTypes,
  extrinsic: number,
): { apis: ApiSpec[]; types: ApiTypes } {
  const opaqueMetadata = b.composite('sp_core::OpaqueMetadata', [{ type: t.bytes, typeName: 'Vec<u8>' }]);
  const runtimeDispatchInfo = b.composite(
    'pallet_transaction_payment::types::RuntimeDispatchInfo',
    [
      { name: 'weight', type: t.weight, typeName: 'Weight' },
      { name: 'class', type: t.dispatchClass, typeName: 'DispatchClass' },
      { name: 'partial_fee', type: t.u64, typeName: 'Balance' },
    ],
    [
      { name: 'Balance', type: t.u64 },
      { name: 'Weight', type: t.weight },
    ],
  );
  const inclusionFee = b.composite(
    'pallet_transaction_payment::types::InclusionFee',
    [
      { name: 'base_fee', type: t.u64, typeName: 'Balance' },
      { name: 'len_fee', type: t.u64, typeName: 'Balance' },
      { name: 'adjusted_weight_fee', type: t.u64, typeName: 'Balance' },
    ],
    [{ name: 'Balance', type: t.u64 }],
  );
  const feeDetails = b.composite(
    'pallet_transaction_payment::types::FeeDetails',
    [
      { name: 'inclusion_fee', type: t.option(inclusionFee), typeName: 'Option<InclusionFee<Balance>>' },
      { name: 'tip', type: t.u64, typeName: 'Balance' },
    ],
    [{ name: 'Balance', type: t.u64 }],
  );
  const compactU16 = t.compactU16;
  const axonInfo = axonInfoType(b, t);
  const prometheusInfo = b.composite('pallet_subtensor::pallet::PrometheusInfo', [
    { name: 'block', type: t.u64, typeName: 'u64' },
    { name: 'version', type: t.u32, typeName: 'u32' },
    { name: 'ip', type: t.u128, typeName: 'u128' },
    { name: 'port', type: t.u16, typeName: 'u16' },
    { name: 'ip_type', type: t.u8, typeName: 'u8' },
  ]);
  const neuronInfoLite = b.composite(
    'pallet_subtensor::rpc_info::neuron_info::NeuronInfoLite',
    [
      { name: 'hotkey', type: t.accountId, typeName: 'AccountId' },
      { name: 'coldkey', type: t.accountId, typeName: 'AccountId' },
      { name: 'uid', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'netuid', type: compactU16, typeName: 'Compact<NetUid>' },
      { name: 'active', type: t.bool, typeName: 'bool' },
      { name: 'axon_info', type: axonInfo, typeName: 'AxonInfo' },
      { name: 'prometheus_info', type: prometheusInfo, typeName: 'PrometheusInfo' },
      {
        name: 'stake',
        type: b.vec(b.tuple(t.accountId, t.compactU64)),
        typeName: 'Vec<(AccountId, Compact<AlphaBalance>)>',
      },
      { name: 'rank', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'emission', type: t.compactU64, typeName: 'Compact<AlphaBalance>' },
      { name: 'incentive', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'consensus', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'trust', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'validator_trust', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'dividends', type: compactU16, typeName: 'Compact<u16>' },
      { name: 'last_update', type: t.compactU64, typeName: 'Compact<u64>' },
      { name: 'validator_permit', type: t.bool, typeName: 'bool' },
      { name: 'pruning_score', type: compactU16, typeName: 'Compact<u16>' },
    ],
    [{ name: 'AccountId', type: t.accountId }],
  );
  const neuronInfoLiteVec = b.vec(neuronInfoLite);
  const neuronInfoLiteOption = t.option(neuronInfoLite);
  const apis: ApiSpec[] = [
    { name: 'Core', methods: [{ name: 'version', inputs: [], output: t.runtimeVersion }] },
    {
      name: 'Metadata',
      methods: [
        { name: 'metadata', inputs: [], output: opaqueMetadata },
        { name: 'metadata_at_version', inputs: [['version', t.u32]], output: t.option(opaqueMetadata) },
        { name: 'metadata_versions', inputs: [], output: b.vec(t.u32) },
      ],
    },
    {
      name: 'AccountNonceApi',
      methods: [{ name: 'account_nonce', inputs: [['account', t.accountId]], output: t.u32 }],
    },
    {
      name: 'TransactionPaymentApi',
      methods: [
        {
          name: 'query_info',
          inputs: [
            ['uxt', extrinsic],
            ['len', t.u32],
          ],
          output: runtimeDispatchInfo,
        },
        {
          name: 'query_fee_details',
          inputs: [
            ['uxt', extrinsic],
            ['len', t.u32],
          ],
          output: feeDetails,
        },
      ],
    },
    {
      name: 'NeuronInfoRuntimeApi',
      methods: [
        { name: 'get_neurons_lite', inputs: [['netuid', t.u16]], output: neuronInfoLiteVec },
        {
          name: 'get_neuron_lite',
          inputs: [
            ['netuid', t.u16],
            ['uid', t.u16],
          ],
          output: neuronInfoLiteOption,
        },
      ],
    },
  ];
  return { apis, types: { neuronInfoLiteVec, neuronInfoLiteOption, runtimeDispatchInfo, feeDetails } };
}
