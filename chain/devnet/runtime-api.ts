import { compactAddLength, compactFromU8a, hexToU8a, u8aToHex } from '@polkadot/util';
import type { Chain } from './chain.js';
import { servedMetadata } from './metadata/build.js';
import { S } from './pallets/subtensor/storage.js';
import { statefulEpochs } from './pallets/subtensor/subnets.js';
import { System } from './pallets/system.js';
import { dispatchInfo } from './runtime/calls.js';
import { encodeAs } from './runtime/codec.js';
import { decodeExtrinsic } from './runtime/extrinsic.js';
import { feeParts } from './runtime/fees.js';
import type { StateSnapshot } from './runtime/state.js';
import { RUNTIME_VERSION } from './runtime-version.js';

/** Metadata versions `Metadata_metadata_at_version` serves. */
export const METADATA_VERSIONS = [14, 15, 16] as const;

export class UnknownRuntimeApi extends Error {}

function neuronLite(state: StateSnapshot, netuid: number, uid: number) {
  const hotkey = S.Keys.get(state, netuid, uid);
  const at = <T>(values: T[], fallback: T) => values[uid] ?? fallback;
  const stake = S.TotalHotkeyAlpha.get(state, hotkey, netuid);
  return {
    hotkey,
    coldkey: S.Owner.get(state, hotkey),
    uid,
    netuid,
    active: at(S.Active.get(state, netuid), false),
    axonInfo: S.Axons.get(state, netuid, hotkey) ?? {},
    prometheusInfo: {},
    stake: [[S.Owner.get(state, hotkey), stake]],
    rank: at(S.Rank.get(state, netuid), 0),
    emission: at(S.Emission.get(state, netuid), 0n),
    incentive: at(S.Incentive.get(state, netuid), 0),
    consensus: at(S.Consensus.get(state, netuid), 0),
    trust: at(S.Trust.get(state, netuid), 0),
    validatorTrust: at(S.ValidatorTrust.get(state, netuid), 0),
    dividends: at(S.Dividends.get(state, netuid), 0),
    lastUpdate: at(S.LastUpdate.get(state, netuid), 0n),
    validatorPermit: at(S.ValidatorPermit.get(state, netuid), false),
    pruningScore: at(S.PruningScores.get(state, netuid), 0),
  };
}

/**
 * Answers `state_call`: the runtime APIs declared in RUNTIME_APIS, encoded with the devnet metadata
 * types. The input is the SCALE of the arguments, the output the SCALE of the result.
 */
export function stateCall(chain: Chain, method: string, data: string, at?: string | null): string {
  const state = chain.stateAt(at);
  const { registry, bytes, apiTypes } = servedMetadata(statefulEpochs(state));
  const input = hexToU8a(data);
  const u16At = (offset: number) => (input[offset] ?? 0) + ((input[offset + 1] ?? 0) << 8);
  const encode = (type: number, value: unknown) => u8aToHex(encodeAs(registry, type, value));
  const metadataBytes = (v: 14 | 15 | 16) => u8aToHex(compactAddLength(bytes[v]));
  switch (method) {
    case 'Core_version':
      return u8aToHex(registry.createType('RuntimeVersion', RUNTIME_VERSION.rpc).toU8a());
    case 'Metadata_metadata':
      return metadataBytes(14);
    case 'Metadata_metadata_versions':
      return u8aToHex(registry.createType('Vec<u32>', METADATA_VERSIONS).toU8a());
    case 'Metadata_metadata_at_version': {
      const version = registry.createType('u32', input).toNumber();
      if (!(METADATA_VERSIONS as readonly number[]).includes(version)) return '0x00';
      return `0x01${metadataBytes(version as 14 | 15 | 16).slice(2)}`;
    }
    case 'AccountNonceApi_account_nonce':
      return u8aToHex(
        registry.createType('u32', System.Account.get(state, u8aToHex(input.subarray(0, 32))).nonce).toU8a(),
      );
    case 'TransactionPaymentApi_query_info':
    case 'TransactionPaymentApi_query_fee_details': {
      const [offset, length] = compactFromU8a(input);
      const xt = decodeExtrinsic(input.subarray(0, offset + length.toNumber()));
      const len = new DataView(input.buffer, input.byteOffset + offset + length.toNumber(), 4).getUint32(
        0,
        true,
      );
      const info = dispatchInfo(xt.call);
      const parts = feeParts(len, info);
      if (method === 'TransactionPaymentApi_query_info')
        return encode(apiTypes.runtimeDispatchInfo, {
          weight: { refTime: info.weight, proofSize: 0 },
          class: info.class,
          partialFee: parts ? parts.baseFee + parts.lenFee + parts.adjustedWeightFee : 0n,
        });
      return encode(apiTypes.feeDetails, { inclusionFee: parts ?? null, tip: xt.signed?.tip ?? 0n });
    }
    case 'NeuronInfoRuntimeApi_get_neurons_lite': {
      const netuid = u16At(0);
      const n = S.SubnetworkN.get(state, netuid);
      return encode(
        apiTypes.neuronInfoLiteVec,
        Array.from({ length: n }, (_, uid) => neuronLite(state, netuid, uid)),
      );
    }
    case 'NeuronInfoRuntimeApi_get_neuron_lite': {
      const [netuid, uid] = [u16At(0), u16At(2)];
      const exists = S.Keys.has(state, netuid, uid);
      return encode(apiTypes.neuronInfoLiteOption, exists ? neuronLite(state, netuid, uid) : null);
    }
    default:
      throw new UnknownRuntimeApi(`Exported method ${method} is not found`);
  }
}
