import type { AccountHex } from '../../runtime/dispatch.js';
import { storage } from '../../runtime/storage-entry.js';

const P = 'SubtensorModule';
type Net = [netuid: number];
type NetUid = [netuid: number, uid: number];
type NetHotkey = [netuid: number, hotkey: AccountHex];
type HotkeyNet = [hotkey: AccountHex, netuid: number];

export interface AxonInfo {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ipType: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

/** U64F64 fixed point as stored (`bits` = value × 2^64). */
export interface FixedU128 {
  bits: bigint;
}

export type RateLimitKey = 'NetworkLastRegistered' | Record<string, unknown>;

/**
 * Spec 393: (commit hash, commit block, first reveal block, last reveal block). Spec 424+ (stateful epochs):
 * (commit hash, commit epoch, commit block, 0). Same SCALE type, different meaning of the fields.
 */
export type WeightCommit = [hash: string, second: bigint, third: bigint, fourth: bigint];

export const S = {
  TaoWeight: storage<[], bigint>(P, 'TaoWeight'),
  Owner: storage<[AccountHex], AccountHex>(P, 'Owner'),
  SubnetLimit: storage<[], number>(P, 'SubnetLimit'),
  TotalIssuance: storage<[], bigint>(P, 'TotalIssuance'),
  TotalStake: storage<[], bigint>(P, 'TotalStake'),
  SubnetTAO: storage<Net, bigint>(P, 'SubnetTAO'),
  SubnetAlphaIn: storage<Net, bigint>(P, 'SubnetAlphaIn'),
  SubnetAlphaOut: storage<Net, bigint>(P, 'SubnetAlphaOut'),
  StakingHotkeys: storage<[AccountHex], AccountHex[]>(P, 'StakingHotkeys'),
  OwnedHotkeys: storage<[AccountHex], AccountHex[]>(P, 'OwnedHotkeys'),
  TotalHotkeyAlpha: storage<HotkeyNet, bigint>(P, 'TotalHotkeyAlpha'),
  TotalHotkeyShares: storage<HotkeyNet, FixedU128>(P, 'TotalHotkeyShares'),
  Alpha: storage<[hotkey: AccountHex, coldkey: AccountHex, netuid: number], FixedU128>(P, 'Alpha'),
  MaxRegistrationsPerBlock: storage<Net, number>(P, 'MaxRegistrationsPerBlock'),
  TotalNetworks: storage<[], number>(P, 'TotalNetworks'),
  StartCallDelay: storage<[], bigint>(P, 'StartCallDelay'),
  NetworkMinLockCost: storage<[], bigint>(P, 'NetworkMinLockCost'),
  NetworkLastLockCost: storage<[], bigint>(P, 'NetworkLastLockCost'),
  NetworkLockReductionInterval: storage<[], bigint>(P, 'NetworkLockReductionInterval'),
  NetworkRateLimit: storage<[], bigint>(P, 'NetworkRateLimit'),
  LastRateLimitedBlock: storage<[RateLimitKey], bigint>(P, 'LastRateLimitedBlock'),
  SubnetLocked: storage<Net, bigint>(P, 'SubnetLocked'),
  Tempo: storage<Net, number>(P, 'Tempo'),
  FirstEmissionBlockNumber: storage<Net, bigint | null>(P, 'FirstEmissionBlockNumber'),
  SubnetMechanism: storage<Net, number>(P, 'SubnetMechanism'),
  SubnetworkN: storage<Net, number>(P, 'SubnetworkN'),
  NetworksAdded: storage<Net, boolean>(P, 'NetworksAdded'),
  IsNetworkMember: storage<HotkeyNet, boolean>(P, 'IsNetworkMember'),
  NetworkRegistrationAllowed: storage<Net, boolean>(P, 'NetworkRegistrationAllowed'),
  NetworkRegisteredAt: storage<Net, bigint>(P, 'NetworkRegisteredAt'),
  SubnetOwner: storage<Net, AccountHex>(P, 'SubnetOwner'),
  SubnetOwnerHotkey: storage<Net, AccountHex>(P, 'SubnetOwnerHotkey'),
  ServingRateLimit: storage<Net, bigint>(P, 'ServingRateLimit'),
  Kappa: storage<Net, number>(P, 'Kappa'),
  RegistrationsThisInterval: storage<Net, number>(P, 'RegistrationsThisInterval'),
  BurnRegistrationsThisInterval: storage<Net, number>(P, 'BurnRegistrationsThisInterval'),
  MinAllowedUids: storage<Net, number>(P, 'MinAllowedUids'),
  MaxAllowedUids: storage<Net, number>(P, 'MaxAllowedUids'),
  ImmunityPeriod: storage<Net, number>(P, 'ImmunityPeriod'),
  ActivityCutoff: storage<Net, number>(P, 'ActivityCutoff'),
  MaxWeightsLimit: storage<Net, number>(P, 'MaxWeightsLimit'),
  WeightsVersionKey: storage<Net, bigint>(P, 'WeightsVersionKey'),
  MinAllowedWeights: storage<Net, number>(P, 'MinAllowedWeights'),
  MaxAllowedValidators: storage<Net, number>(P, 'MaxAllowedValidators'),
  AdjustmentInterval: storage<Net, number>(P, 'AdjustmentInterval'),
  WeightsSetRateLimit: storage<Net, bigint>(P, 'WeightsSetRateLimit'),
  TargetRegistrationsPerInterval: storage<Net, number>(P, 'TargetRegistrationsPerInterval'),
  CommitRevealWeightsEnabled: storage<Net, boolean>(P, 'CommitRevealWeightsEnabled'),
  Burn: storage<Net, bigint>(P, 'Burn'),
  MinBurn: storage<Net, bigint>(P, 'MinBurn'),
  MaxBurn: storage<Net, bigint>(P, 'MaxBurn'),
  RegistrationsThisBlock: storage<Net, number>(P, 'RegistrationsThisBlock'),
  RAORecycledForRegistration: storage<Net, bigint>(P, 'RAORecycledForRegistration'),
  SubtokenEnabled: storage<Net, boolean>(P, 'SubtokenEnabled'),
  ImmuneOwnerUidsLimit: storage<Net, number>(P, 'ImmuneOwnerUidsLimit'),
  StakeWeight: storage<Net, number[]>(P, 'StakeWeight'),
  Uids: storage<NetHotkey, number | null>(P, 'Uids'),
  Keys: storage<NetUid, AccountHex>(P, 'Keys'),
  Active: storage<Net, boolean[]>(P, 'Active'),
  Rank: storage<Net, number[]>(P, 'Rank'),
  Trust: storage<Net, number[]>(P, 'Trust'),
  Consensus: storage<Net, number[]>(P, 'Consensus'),
  Incentive: storage<Net, number[]>(P, 'Incentive'),
  Dividends: storage<Net, number[]>(P, 'Dividends'),
  Emission: storage<Net, bigint[]>(P, 'Emission'),
  LastUpdate: storage<Net, bigint[]>(P, 'LastUpdate'),
  ValidatorTrust: storage<Net, number[]>(P, 'ValidatorTrust'),
  PruningScores: storage<Net, number[]>(P, 'PruningScores'),
  ValidatorPermit: storage<Net, boolean[]>(P, 'ValidatorPermit'),
  Weights: storage<NetUid, [number, number][]>(P, 'Weights'),
  Bonds: storage<NetUid, [number, number][]>(P, 'Bonds'),
  BlockAtRegistration: storage<NetUid, bigint>(P, 'BlockAtRegistration'),
  Axons: storage<NetHotkey, AxonInfo | null>(P, 'Axons'),
  StakeThreshold: storage<[], bigint>(P, 'StakeThreshold'),
  WeightCommits: storage<NetHotkey, WeightCommit[] | null>(P, 'WeightCommits'),
  RevealPeriodEpochs: storage<Net, bigint>(P, 'RevealPeriodEpochs'),
  CommitRevealWeightsVersion: storage<[], number>(P, 'CommitRevealWeightsVersion'),
  AdminFreezeWindow: storage<[], number>(P, 'AdminFreezeWindow'),
  MinActivityCutoff: storage<[], number>(P, 'MinActivityCutoff'),
  MinNonImmuneUids: storage<Net, number>(P, 'MinNonImmuneUids'),
  MechanismCountCurrent: storage<Net, number>(P, 'MechanismCountCurrent'),
  MaxMechanismCount: storage<[], number>(P, 'MaxMechanismCount'),
  // spec 424+ stateful epoch scheduler (served only by a devnet started with statefulEpochs)
  LastEpochBlock: storage<Net, bigint>(P, 'LastEpochBlock'),
  PendingEpochAt: storage<Net, bigint>(P, 'PendingEpochAt'),
  SubnetEpochIndex: storage<Net, bigint>(P, 'SubnetEpochIndex'),
};
