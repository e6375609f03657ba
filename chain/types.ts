import type { KeyringPair } from '@polkadot/keyring/types';

/** An sr25519 key that signs extrinsics (a hotkey or a coldkey). */
export type Signer = KeyringPair;

export interface ChainHead {
  number: number;
  hash: string;
}

/** What the connected runtime offers, read from its metadata instead of guessing from the spec version. */
export interface ChainFeatures {
  specName: string;
  specVersion: number;
  /** `register_network(hotkey)` on current runtimes; `(hotkey, mechid)` on early dTAO (spec 218). */
  registerNetworkTakesMechid: boolean;
  /** CR v3/v4 drand commits (`commit_timelocked_weights`) exist. */
  timelockedCommits: boolean;
  /** `commit_weights` / `reveal_weights` (CR v2 hash commits) exist. */
  hashCommits: boolean;
  /** Storage item holding the minimum stake to set weights. */
  stakeThresholdItem: 'stakeThreshold' | 'weightsMinStake';
  /** AdminUtils call setting it. */
  stakeThresholdCall: 'sudoSetStakeThreshold' | 'sudoSetWeightsMinStake';
  /** `Alpha` holds U64F64 shares (current) or a plain u64 amount (spec 218). */
  alphaIsShares: boolean;
  /** `CommitRevealWeightsVersion` storage exists. */
  commitRevealVersion: boolean;
  /** Commitments: most fields per `set_commitment` (1 on spec 218, 3 on current). */
  commitmentMaxFields: number;
  /** Commitments: blocks between two commitments of a hotkey (spec 218 constant), else undefined. */
  commitmentRateLimit: number | undefined;
  /**
   * The runtime validates with the early `SubtensorSignedExtension`, whose custom validity codes predate the
   * shared `CustomTransactionError` table (spec 218 numbers them per call: 3 = set_weights without stake).
   */
  legacyCustomErrors: boolean;
  /** `System.remark_with_event` exists (payout remarks). */
  remarkWithEvent: boolean;
  /**
   * The stateful epoch scheduler of spec 424+ (`LastEpochBlock`, `SubnetEpochIndex`): epochs every `tempo` blocks
   * from the last one and hash commits tagged with their epoch; else the legacy `tempo + 1` block grid.
   */
  statefulEpochs: boolean;
}

export interface AxonInfo {
  block: number;
  version: number;
  ip: string;
  ipType: 4 | 6;
  port: number;
  protocol: number;
}

export interface Neuron {
  uid: number;
  hotkey: string;
  /** Owner of the hotkey (`Owner` storage). */
  coldkey: string;
  /** Alpha staked on this hotkey on the subnet (`TotalHotkeyAlpha`), in rao. */
  stake: bigint;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: number;
  registeredAt: number;
  axon: AxonInfo | undefined;
  /** u16 fixed-point values as fractions of 1 (0 when the runtime does not keep them). */
  incentive: number;
  dividends: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  emission: bigint;
}

export interface Metagraph {
  netuid: number;
  block: number;
  blockHash: string;
  neurons: Neuron[];
}

export interface Hyperparams {
  netuid: number;
  tempo: number;
  weightsSetRateLimit: number;
  /** u16: the largest share (of 65535) one uid may get in a weight vector. */
  maxWeightsLimit: number;
  minAllowedWeights: number;
  weightsVersionKey: bigint;
  commitRevealWeightsEnabled: boolean;
  revealPeriodEpochs: number;
  servingRateLimit: number;
  immunityPeriod: number;
  activityCutoff: number;
  maxAllowedValidators: number;
  maxAllowedUids: number;
  maxRegistrationsPerBlock: number;
  registrationAllowed: boolean;
  burn: bigint;
  /** Minimum stake to set weights (`StakeThreshold`, or `WeightsMinStake` on spec 218). */
  stakeThreshold: bigint;
  /** `CommitRevealWeightsVersion` where the runtime has it. */
  commitRevealVersion: number | undefined;
  subnetOwner: string;
}

/** One field of a commitment, decoded from the `Data` enum. */
export type CommitmentField =
  | { kind: 'none' }
  | { kind: 'raw'; hex: string; bytes: Uint8Array; text: string | undefined }
  | { kind: 'sha256' | 'blake2256' | 'keccak256' | 'sha3256'; hex: string }
  | { kind: 'timelocked'; hex: string; revealRound: bigint }
  | { kind: 'resetBonds' }
  | { kind: 'other'; variant: string; hex: string };

/** What a caller may commit: a 32-byte hash (hex) or up to 128 raw bytes (text or bytes). */
export type CommitmentInput = { sha256: string } | { raw: string | Uint8Array };

export interface Commitment {
  hotkey: string;
  block: number;
  /** Position of the set_commitment extrinsic in its block (tie-break between same-block commits). */
  extrinsicIndex: number;
  deposit: bigint;
  fields: CommitmentField[];
}

export interface WeightEntry {
  uid: number;
  /** As stored on chain (u16; the chain max-upscales so the largest is 65535). */
  value: number;
  /** value / sum of the row. */
  normalized: number;
}

export interface WeightRow {
  uid: number;
  hotkey: string;
  weights: WeightEntry[];
}

export interface ChainEvent {
  pallet: string;
  name: string;
  data: unknown;
}

/** An extrinsic included in a block without error. */
export interface TxResult {
  txHash: string;
  blockHash: string;
  blockNumber: number;
  extrinsicIndex: number;
  events: ChainEvent[];
}

export interface WeightsInput {
  netuid: number;
  /** Mechanism of the subnet (0, the main one, when unset): set_mechanism_weights and friends for mecid > 0. */
  mecid?: number;
  uids: number[];
  /** u16 values as produced by `convertWeightsForEmit`. */
  values: number[];
  versionKey: bigint | number;
}

export interface RevealInput extends WeightsInput {
  salt: number[];
}

export interface AxonInput {
  netuid: number;
  ip: string;
  port: number;
  /** `versionAsInt` of the node (the SDK sends major*1e6 + minor*1e3 + patch). */
  version: number;
  /** The SDK sends 4. */
  protocol?: number;
}

/** One or more transfers and a unique remark (the payout id), sent in one atomic utility.batch_all. */
export type PayoutInput = (
  | { dest: string; amount: bigint }
  | { transfers: readonly { dest: string; amount: bigint }[] }
) & {
  /** Unique id written on chain with `remark_with_event` in the same atomic batch. */
  remark: string;
};

/** A successful System.remark (or remark_with_event) found on chain. */
export interface RemarkRecord {
  blockNumber: number;
  blockHash: string;
  extrinsicIndex: number;
  /** ss58 address of the extrinsic's signer. */
  signer: string;
  /** The remark's bytes read as UTF-8. */
  remark: string;
}

/** A payout found on chain by its remark. */
export interface PayoutRecord {
  blockNumber: number;
  blockHash: string;
  extrinsicIndex: number;
  signer: string;
  remark: string;
  transfers: { dest: string; amount: bigint }[];
}

export interface HyperparamsInput {
  tempo?: number;
  weightsSetRateLimit?: number;
  weightsVersionKey?: number | bigint;
  minAllowedWeights?: number;
  /** Only where the runtime has sudo_set_max_weight_limit (spec 218; not 393). */
  maxWeightsLimit?: number;
  maxAllowedUids?: number;
  maxAllowedValidators?: number;
  commitRevealWeightsEnabled?: boolean;
  revealPeriodEpochs?: number;
  servingRateLimit?: number;
  maxRegistrationsPerBlock?: number;
  targetRegistrationsPerInterval?: number;
  immunityPeriod?: number;
  activityCutoff?: number;
}
