import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

/** Runtime APIs the devnet answers through `state_call`, with the versions Subtensor 393 declares. */
export const RUNTIME_APIS: [name: string, version: number][] = [
  ['Core', 5],
  ['Metadata', 2],
  ['AccountNonceApi', 1],
  ['TransactionPaymentApi', 4],
  ['NeuronInfoRuntimeApi', 1],
];

const apis = RUNTIME_APIS.map(([name, version]) => [u8aToHex(blake2AsU8a(name, 64)), version] as const);

const identity = {
  specName: 'node-subtensor',
  implName: 'rodeo-devnet',
  authoringVersion: 1,
  specVersion: 393,
  implVersion: 1,
  apis,
  transactionVersion: 1,
};

/**
 * Identity of the devnet runtime. The spec name and version are Subtensor's (finney spec 393), so clients
 * treat the devnet like that runtime; the impl name says what it really is.
 */
export const RUNTIME_VERSION = {
  ...identity,
  blockHashCount: 2400,
  ss58Prefix: 42,
  /** The JSON shape of `state_getRuntimeVersion` (and of the `RuntimeVersion` Core_version returns). */
  rpc: { ...identity, stateVersion: 1 },
  /** The value of `sp_version::RuntimeVersion` in the metadata (System.Version). */
  encodable: { ...identity, systemVersion: 1 },
} as const;

export const CHAIN_PROPERTIES = { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' } as const;
export const CHAIN_NAME = 'Rodeo Devnet';
