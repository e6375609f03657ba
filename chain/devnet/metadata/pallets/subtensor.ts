import type { CommonTypes } from '../common-types.js';
import type { Hasher, PalletSpec, SpecContext, StorageSpec } from '../spec.js';
import { type TypeBuilder, variants } from '../type-builder.js';
import { SUBTENSOR_ERRORS } from './subtensor-errors.js';

/** Rate-limit and hyperparameter enums behind `LastRateLimitedBlock` (spec 393 variant order). */
export const HYPERPARAMETERS = [
  'Unknown',
  'ServingRateLimit',
  'MaxDifficulty',
  'AdjustmentAlpha',
  'MaxWeightLimit',
  'ImmunityPeriod',
  'MinAllowedWeights',
  'Kappa',
  'Rho',
  'ActivityCutoff',
  'PowRegistrationAllowed',
  'MinBurn',
  'MaxBurn',
  'BondsMovingAverage',
  'BondsPenalty',
  'CommitRevealEnabled',
  'LiquidAlphaEnabled',
  'AlphaValues',
  'WeightCommitInterval',
  'TransferEnabled',
  'AlphaSigmoidSteepness',
  'Yuma3Enabled',
  'BondsResetEnabled',
  'ImmuneNeuronLimit',
  'RecycleOrBurn',
  'MaxAllowedUids',
] as const;

/**
 * Error names after spec 393's last one (`DisabledTemporarily`, 134; main dropped one before it) up to the
 * spec-424+ epoch-trigger errors, so these land at their indices in subtensor main's macros/errors.rs (135-145).
 */
const SPEC_424_ERRORS = [
  'LockHotkeyMismatch',
  'InsufficientStakeForLock',
  'NoExistingLock',
  'ActiveLockExists',
  'CannotUseSystemAccount',
  'UnlockAmountTooHigh',
  'TempoOutOfBounds',
  'ActivityCutoffFactorMilliOutOfBounds',
  'EpochTriggerAlreadyPending',
  'AutoEpochAlreadyImminent',
  'DynamicTempoBlockedByCommitReveal',
];

/**
 * What the devnet declares beyond finney spec 393 for the stateful epoch scheduler (spec 424+). A devnet
 * started without `statefulEpochs` serves metadata without them, so clients detect the legacy schedule.
 */
export const SPEC_424_EPOCHS = {
  storage: ['LastEpochBlock', 'PendingEpochAt', 'SubnetEpochIndex'],
  calls: ['trigger_epoch'],
  events: ['EpochTriggered'],
  errors: SPEC_424_ERRORS,
} as const;

export function axonInfoType(b: TypeBuilder, t: CommonTypes): number {
  return b.composite('pallet_subtensor::pallet::AxonInfo', [
    { name: 'block', type: t.u64, typeName: 'u64' },
    { name: 'version', type: t.u32, typeName: 'u32' },
    { name: 'ip', type: t.u128, typeName: 'u128' },
    { name: 'port', type: t.u16, typeName: 'u16' },
    { name: 'ip_type', type: t.u8, typeName: 'u8' },
    { name: 'protocol', type: t.u8, typeName: 'u8' },
    { name: 'placeholder1', type: t.u8, typeName: 'u8' },
    { name: 'placeholder2', type: t.u8, typeName: 'u8' },
  ]);
}

/**
 * SubtensorModule (index 7): the calls a validator/miner uses plus test setup calls, the metagraph and
 * hyperparameter storage, and the events the devnet emits, all with spec-393 indices, hashers and types.
 * Storage fallbacks are the runtime's defaults.
 */
export function subtensorSpec({ b, t }: SpecContext): PalletSpec {
  const netuid: [string, number, string] = ['netuid', t.u16, 'NetUid'];
  const hotkey: [string, number, string] = ['hotkey', t.accountId, 'T::AccountId'];
  const u16s = b.vec(t.u16);
  const boundedBytes = b.composite(
    'bounded_collections::bounded_vec::BoundedVec',
    [{ type: t.bytes, typeName: 'Vec<T>' }],
    [{ name: 'T', type: t.u8 }, { name: 'S' }],
  );
  const axonInfo = axonInfoType(b, t);
  const fixedU128 = b.composite(
    'substrate_fixed::FixedU128',
    [{ name: 'bits', type: t.u128, typeName: 'u128' }],
    [{ name: 'Frac' }],
  );
  const hyperparameter = b.variant(
    'pallet_subtensor::utils::rate_limiting::Hyperparameter',
    HYPERPARAMETERS.map((name, index) => ({ name, index, fields: [] })),
  );
  const rateLimitKey = b.variant(
    'pallet_subtensor::RateLimitKey',
    variants([
      ['SetSNOwnerHotkey', 0, [[undefined, t.u16, 'NetUid']]],
      [
        'OwnerHyperparamUpdate',
        1,
        [
          [undefined, t.u16, 'NetUid'],
          [undefined, hyperparameter, 'Hyperparameter'],
        ],
      ],
      ['NetworkLastRegistered', 2],
      ['LastTxBlock', 3, [[undefined, t.accountId, 'AccountId']]],
      ['LastTxBlockChildKeyTake', 4, [[undefined, t.accountId, 'AccountId']]],
      ['LastTxBlockDelegateTake', 5, [[undefined, t.accountId, 'AccountId']]],
      ['AddStakeBurn', 6, [[undefined, t.u16, 'NetUid']]],
    ]),
    [{ name: 'AccountId', type: t.accountId }],
  );

  const byNet: [Hasher, number][] = [['Identity', t.u16]];
  const byNetUid: [Hasher, number][] = [
    ['Identity', t.u16],
    ['Identity', t.u16],
  ];
  const byNetHotkey: [Hasher, number][] = [
    ['Identity', t.u16],
    ['Blake2_128Concat', t.accountId],
  ];
  const byHotkeyNet: [Hasher, number][] = [
    ['Blake2_128Concat', t.accountId],
    ['Identity', t.u16],
  ];
  const byAccount: [Hasher, number][] = [['Blake2_128Concat', t.accountId]];
  const netMap = (name: string, value: number, fallback?: unknown): StorageSpec => ({
    name,
    keys: byNet,
    value,
    fallback,
  });
  const zeroAccount = `0x${'00'.repeat(32)}`;

  const storage: StorageSpec[] = [
    { name: 'TaoWeight', value: t.u64, fallback: 0x0d7c3cfa3ee062fcn },
    { name: 'Owner', keys: byAccount, value: t.accountId, fallback: zeroAccount },
    { name: 'SubnetLimit', value: t.u16, fallback: 128 },
    { name: 'TotalIssuance', value: t.u64 },
    { name: 'TotalStake', value: t.u64 },
    netMap('SubnetTAO', t.u64),
    netMap('SubnetAlphaIn', t.u64),
    netMap('SubnetAlphaOut', t.u64),
    { name: 'StakingHotkeys', keys: byAccount, value: b.vec(t.accountId) },
    { name: 'OwnedHotkeys', keys: byAccount, value: b.vec(t.accountId) },
    { name: 'TotalHotkeyAlpha', keys: byHotkeyNet, value: t.u64 },
    { name: 'TotalHotkeyShares', keys: byHotkeyNet, value: fixedU128 },
    {
      name: 'Alpha',
      keys: [
        ['Blake2_128Concat', t.accountId],
        ['Blake2_128Concat', t.accountId],
        ['Identity', t.u16],
      ],
      value: fixedU128,
    },
    netMap('MaxRegistrationsPerBlock', t.u16, 1),
    { name: 'TotalNetworks', value: t.u16 },
    { name: 'StartCallDelay', value: t.u64 },
    { name: 'NetworkMinLockCost', value: t.u64, fallback: 1_000_000_000_000n },
    { name: 'NetworkLastLockCost', value: t.u64, fallback: 1_000_000_000_000n },
    { name: 'NetworkLockReductionInterval', value: t.u64, fallback: 100_800 },
    { name: 'NetworkRateLimit', value: t.u64, fallback: 7200 },
    { name: 'LastRateLimitedBlock', keys: [['Identity', rateLimitKey]], value: t.u64 },
    netMap('SubnetLocked', t.u64),
    netMap('Tempo', t.u16, 360),
    { name: 'FirstEmissionBlockNumber', optional: true, keys: byNet, value: t.u64 },
    netMap('SubnetMechanism', t.u16),
    netMap('SubnetworkN', t.u16),
    netMap('NetworksAdded', t.bool),
    { name: 'IsNetworkMember', keys: byHotkeyNet, value: t.bool },
    netMap('NetworkRegistrationAllowed', t.bool, true),
    netMap('NetworkRegisteredAt', t.u64),
    netMap('SubnetOwner', t.accountId, zeroAccount),
    netMap('SubnetOwnerHotkey', t.accountId, zeroAccount),
    netMap('ServingRateLimit', t.u64, 50),
    netMap('Kappa', t.u16, 32767),
    netMap('RegistrationsThisInterval', t.u16),
    netMap('BurnRegistrationsThisInterval', t.u16),
    netMap('MinAllowedUids', t.u16, 64),
    netMap('MaxAllowedUids', t.u16, 256),
    netMap('ImmunityPeriod', t.u16, 4096),
    netMap('ActivityCutoff', t.u16, 5000),
    netMap('MaxWeightsLimit', t.u16, 65535),
    netMap('WeightsVersionKey', t.u64),
    netMap('MinAllowedWeights', t.u16, 1024),
    netMap('MaxAllowedValidators', t.u16, 128),
    netMap('AdjustmentInterval', t.u16, 100),
    netMap('WeightsSetRateLimit', t.u64, 100),
    netMap('TargetRegistrationsPerInterval', t.u16, 2),
    netMap('CommitRevealWeightsEnabled', t.bool, true),
    netMap('Burn', t.u64, 100_000_000),
    netMap('MinBurn', t.u64, 500_000),
    netMap('MaxBurn', t.u64, 100_000_000_000n),
    netMap('RegistrationsThisBlock', t.u16),
    netMap('RAORecycledForRegistration', t.u64),
    netMap('SubtokenEnabled', t.bool),
    netMap('ImmuneOwnerUidsLimit', t.u16, 1),
    netMap('StakeWeight', u16s),
    { name: 'Uids', optional: true, keys: byNetHotkey, value: t.u16 },
    { name: 'Keys', keys: byNetUid, value: t.accountId, fallback: zeroAccount },
    netMap('Active', b.vec(t.bool)),
    netMap('Rank', u16s),
    netMap('Trust', u16s),
    netMap('Consensus', u16s),
    netMap('Incentive', u16s),
    netMap('Dividends', u16s),
    netMap('Emission', b.vec(t.u64)),
    netMap('LastUpdate', b.vec(t.u64)),
    netMap('ValidatorTrust', u16s),
    netMap('PruningScores', u16s),
    netMap('ValidatorPermit', b.vec(t.bool)),
    { name: 'Weights', keys: byNetUid, value: b.vec(b.tuple(t.u16, t.u16)) },
    { name: 'Bonds', keys: byNetUid, value: b.vec(b.tuple(t.u16, t.u16)) },
    { name: 'BlockAtRegistration', keys: byNetUid, value: t.u64 },
    { name: 'Axons', optional: true, keys: byNetHotkey, value: axonInfo },
    { name: 'StakeThreshold', value: t.u64 },
    {
      name: 'WeightCommits',
      optional: true,
      keys: [
        ['Twox64Concat', t.u16],
        ['Twox64Concat', t.accountId],
      ],
      value: b.vec(b.tuple(t.h256, t.u64, t.u64, t.u64)),
    },
    { name: 'RevealPeriodEpochs', keys: [['Twox64Concat', t.u16]], value: t.u64, fallback: 1 },
    { name: 'CommitRevealWeightsVersion', value: t.u16, fallback: 4 },
    { name: 'AdminFreezeWindow', value: t.u16, fallback: 10 },
    { name: 'MinActivityCutoff', value: t.u16, fallback: 360 },
    netMap('MinNonImmuneUids', t.u16, 10),
    { name: 'MechanismCountCurrent', keys: [['Twox64Concat', t.u16]], value: t.u8, fallback: 1 },
    { name: 'MaxMechanismCount', value: t.u8, fallback: 2 },
    {
      name: 'TimelockedWeightCommits',
      keys: [
        ['Twox64Concat', t.u16],
        ['Twox64Concat', t.u64],
      ],
      value: b.vec(b.tuple(t.accountId, t.u64, boundedBytes, t.u64)),
    },
    // spec 424+ stateful epoch scheduler (lib.rs): Identity-hashed NetUid -> u64, ValueQuery default 0
    { name: 'LastEpochBlock', keys: [['Identity', t.u16]], value: t.u64, fallback: 0 },
    { name: 'PendingEpochAt', keys: [['Identity', t.u16]], value: t.u64, fallback: 0 },
    { name: 'SubnetEpochIndex', keys: [['Identity', t.u16]], value: t.u64, fallback: 0 },
  ];

  return {
    name: 'SubtensorModule',
    index: 7,
    path: 'pallet_subtensor::pallet',
    calls: [
      {
        name: 'set_weights',
        index: 0,
        args: [
          netuid,
          ['dests', u16s, 'Vec<u16>'],
          ['weights', u16s, 'Vec<u16>'],
          ['version_key', t.u64, 'u64'],
        ],
      },
      { name: 'add_stake', index: 2, args: [hotkey, netuid, ['amount_staked', t.u64, 'TaoBalance']] },
      {
        name: 'serve_axon',
        index: 4,
        args: [
          netuid,
          ['version', t.u32, 'u32'],
          ['ip', t.u128, 'u128'],
          ['port', t.u16, 'u16'],
          ['ip_type', t.u8, 'u8'],
          ['protocol', t.u8, 'u8'],
          ['placeholder1', t.u8, 'u8'],
          ['placeholder2', t.u8, 'u8'],
        ],
      },
      { name: 'burned_register', index: 7, args: [netuid, hotkey] },
      { name: 'register_network', index: 59, args: [hotkey] },
      { name: 'start_call', index: 92, args: [netuid] },
      { name: 'commit_weights', index: 96, args: [netuid, ['commit_hash', t.h256, 'H256']] },
      {
        name: 'set_mechanism_weights',
        index: 119,
        args: [
          netuid,
          ['mecid', t.u8, 'MechId'],
          ['dests', u16s, 'Vec<u16>'],
          ['weights', u16s, 'Vec<u16>'],
          ['version_key', t.u64, 'u64'],
        ],
      },
      {
        name: 'commit_timelocked_mechanism_weights',
        index: 118,
        args: [
          netuid,
          ['mecid', t.u8, 'MechId'],
          ['commit', boundedBytes, 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>'],
          ['reveal_round', t.u64, 'u64'],
          ['commit_reveal_version', t.u16, 'u16'],
        ],
      },
      {
        name: 'commit_timelocked_weights',
        index: 113,
        args: [
          netuid,
          ['commit', boundedBytes, 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>'],
          ['reveal_round', t.u64, 'u64'],
          ['commit_reveal_version', t.u16, 'u16'],
        ],
      },
      {
        name: 'reveal_weights',
        index: 97,
        args: [
          netuid,
          ['uids', u16s, 'Vec<u16>'],
          ['values', u16s, 'Vec<u16>'],
          ['salt', u16s, 'Vec<u16>'],
          ['version_key', t.u64, 'u64'],
        ],
      },
      { name: 'trigger_epoch', index: 141, args: [netuid] },
    ],
    events: subtensorEvents(t),
    errors: [...SUBTENSOR_ERRORS, ...SPEC_424_ERRORS],
    storage,
  };
}

function subtensorEvents(t: SpecContext['t']) {
  const net: [undefined, number, string] = [undefined, t.u16, 'NetUid'];
  const u16: [undefined, number, string] = [undefined, t.u16, 'u16'];
  const u64: [undefined, number, string] = [undefined, t.u64, 'u64'];
  const bool: [undefined, number, string] = [undefined, t.bool, 'bool'];
  const tao: [undefined, number, string] = [undefined, t.u64, 'TaoBalance'];
  const account: [undefined, number, string] = [undefined, t.accountId, 'T::AccountId'];
  const netIndex: [undefined, number, string] = [undefined, t.u16, 'NetUidStorageIndex'];
  const h256: [undefined, number, string] = [undefined, t.h256, 'H256'];
  return variants([
    ['NetworkAdded', 0, [net, u16]],
    ['StakeAdded', 2, [account, account, tao, [undefined, t.u64, 'AlphaBalance'], net, u64]],
    ['WeightsSet', 5, [netIndex, u16]],
    ['NeuronRegistered', 6, [net, u16, account]],
    ['MaxAllowedUidsSet', 9, [net, u16]],
    ['RegistrationPerIntervalSet', 13, [net, u16]],
    ['MaxRegistrationsPerBlockSet', 14, [net, u16]],
    ['ActivityCutoffSet', 15, [net, u16]],
    ['MinAllowedWeightSet', 19, [net, u16]],
    ['WeightsSetRateLimitSet', 22, [net, u64]],
    ['ImmunityPeriodSet', 23, [net, u16]],
    ['MaxAllowedValidatorsSet', 27, [net, u16]],
    ['AxonServed', 28, [net, account]],
    ['WeightsVersionKeySet', 32, [net, u64]],
    ['ServingRateLimitSet', 35, [net, u64]],
    ['MaxBurnSet', 37, [net, tao]],
    ['MinBurnSet', 38, [net, tao]],
    ['AdminFreezeWindowSet', 42, [u16]],
    ['RegistrationAllowed', 48, [net, bool]],
    ['TempoSet', 50, [net, u16]],
    ['StakeThresholdSet', 52, [u64]],
    ['NetworkRateLimitSet', 56, [u64]],
    ['NetworkMinLockCostSet', 59, [tao]],
    ['WeightsCommitted', 83, [account, netIndex, h256]],
    ['WeightsRevealed', 84, [account, netIndex, h256]],
    ['FirstEmissionBlockNumberSet', 93, [net, u64]],
    ['CommitRevealPeriodsSet', 98, [net, u64]],
    ['CommitRevealEnabled', 99, [net, bool]],
    ['CommitRevealVersionSet', 104, [u16]],
    ['TimelockedWeightsCommitted', 105, [account, netIndex, h256, u64]],
    ['TimelockedWeightsRevealed', 106, [netIndex, account]],
    ['MinAllowedUidsSet', 109, [net, u16]],
    // spec 424+ (index as counted in subtensor main's macros/events.rs)
    ['EpochTriggered', 131, [net, account, u64]],
  ]);
}
