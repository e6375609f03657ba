import { ADMIN_SETTERS, GLOBAL_ADMIN_SETTERS } from '../metadata/pallets/admin-utils.js';
import {
  type CallContext,
  type CallDef,
  DispatchError,
  ensureRoot,
  errorsOf,
  type PalletCalls,
  weight,
} from '../runtime/dispatch.js';
import type { StorageEntry } from '../runtime/storage-entry.js';
import { isInAdminFreezeWindow } from './subtensor/epoch-schedule.js';
import { S } from './subtensor/storage.js';
import { isSubnetOwner, statefulEpochs, subnetExists, subtensorError } from './subtensor/subnets.js';

const error = errorsOf('AdminUtils');
/** Upper bound of MaxAllowedUids (DefaultMaxAllowedUids) and bounds of min/max burn (spec 393 constants). */
const DEFAULT_MAX_ALLOWED_UIDS = 256;
const MIN_BURN_UPPER_BOUND = 1_000_000_000n;
const MAX_BURN_LOWER_BOUND = 100_000_000n;
const MAX_REVEAL_PERIOD = 100n;
const MIN_REVEAL_PERIOD = 1n;

/** Who may call a setter: root only, or root and the subnet owner (owner calls are not rate limited here). */
type Access = 'root' | 'owner-or-root';

interface Setter {
  access: Access;
  /** Checked after origin, freeze window and subnet existence; returns an error to raise. */
  check?: (ctx: CallContext, netuid: number, value: never) => DispatchError | undefined;
  apply: (ctx: CallContext, netuid: number, value: never) => void;
  /** The setter is not blocked by the admin freeze window (global settings). */
  freezeExempt?: boolean;
}

function ensureOwnerOrRoot(ctx: CallContext, netuid: number, access: Access): void {
  if (ctx.origin.kind === 'root') return;
  if (
    access === 'owner-or-root' &&
    ctx.origin.kind === 'signed' &&
    isSubnetOwner(ctx.state, netuid, ctx.origin.who)
  )
    return;
  throw new DispatchError('BadOrigin', 'BadOrigin');
}

/** `ensure_admin_window_open`: no admin changes in the last AdminFreezeWindow blocks before an epoch. */
function ensureAdminWindowOpen(ctx: CallContext, netuid: number): void {
  if (isInAdminFreezeWindow(ctx.state, netuid, BigInt(ctx.blockNumber)))
    throw subtensorError('AdminActionProhibitedDuringWeightsWindow');
}

/** Writes a per-subnet hyperparameter and deposits its SubtensorModule event. */
const setNet =
  <T>(entry: StorageEntry<[number], T>, event?: string) =>
  (ctx: CallContext, netuid: number, value: NonNullable<T>) => {
    entry.set(ctx.state, [netuid], value);
    if (event) ctx.deposit('SubtensorModule', event, netuid, value);
  };
const setGlobal =
  <T>(entry: StorageEntry<[], T>, event?: string) =>
  (ctx: CallContext, _netuid: number, value: NonNullable<T>) => {
    entry.set(ctx.state, [], value);
    if (event) ctx.deposit('SubtensorModule', event, value);
  };

const SETTERS: Record<string, Setter> = {
  sudo_set_serving_rate_limit: {
    access: 'owner-or-root',
    apply: setNet(S.ServingRateLimit, 'ServingRateLimitSet'),
  },
  sudo_set_weights_version_key: {
    access: 'owner-or-root',
    apply: setNet(S.WeightsVersionKey, 'WeightsVersionKeySet'),
  },
  sudo_set_weights_set_rate_limit: {
    access: 'root',
    freezeExempt: true,
    apply: setNet(S.WeightsSetRateLimit, 'WeightsSetRateLimitSet'),
  },
  sudo_set_immunity_period: { access: 'owner-or-root', apply: setNet(S.ImmunityPeriod, 'ImmunityPeriodSet') },
  sudo_set_min_allowed_weights: {
    access: 'owner-or-root',
    apply: setNet(S.MinAllowedWeights, 'MinAllowedWeightSet'),
  },
  sudo_set_max_allowed_uids: {
    access: 'owner-or-root',
    check: (ctx, netuid, value: number) => {
      if (value < S.MinAllowedUids.get(ctx.state, netuid))
        return error('MaxAllowedUidsLessThanMinAllowedUids');
      if (S.SubnetworkN.get(ctx.state, netuid) > value) return error('MaxAllowedUIdsLessThanCurrentUIds');
      if (value > DEFAULT_MAX_ALLOWED_UIDS) return error('MaxAllowedUidsGreaterThanDefaultMaxAllowedUids');
      return undefined;
    },
    apply: setNet(S.MaxAllowedUids, 'MaxAllowedUidsSet'),
  },
  sudo_set_activity_cutoff: {
    access: 'owner-or-root',
    check: (ctx, _netuid, value: number) =>
      value < S.MinActivityCutoff.get(ctx.state) ? subtensorError('ActivityCutoffTooLow') : undefined,
    apply: setNet(S.ActivityCutoff, 'ActivityCutoffSet'),
  },
  sudo_set_network_registration_allowed: {
    access: 'root',
    freezeExempt: true,
    apply: setNet(S.NetworkRegistrationAllowed, 'RegistrationAllowed'),
  },
  sudo_set_target_registrations_per_interval: {
    access: 'root',
    apply: setNet(S.TargetRegistrationsPerInterval, 'RegistrationPerIntervalSet'),
  },
  sudo_set_min_burn: {
    access: 'owner-or-root',
    check: (ctx, netuid, value: bigint) =>
      value >= MIN_BURN_UPPER_BOUND || value >= S.MaxBurn.get(ctx.state, netuid)
        ? error('ValueNotInBounds')
        : undefined,
    apply: setNet(S.MinBurn, 'MinBurnSet'),
  },
  sudo_set_max_burn: {
    access: 'owner-or-root',
    check: (ctx, netuid, value: bigint) =>
      value <= MAX_BURN_LOWER_BOUND || value <= S.MinBurn.get(ctx.state, netuid)
        ? error('ValueNotInBounds')
        : undefined,
    apply: setNet(S.MaxBurn, 'MaxBurnSet'),
  },
  sudo_set_max_allowed_validators: {
    access: 'root',
    check: (ctx, netuid, value: number) =>
      value > S.MaxAllowedUids.get(ctx.state, netuid) ? error('MaxValidatorsLargerThanMaxUIds') : undefined,
    apply: setNet(S.MaxAllowedValidators, 'MaxAllowedValidatorsSet'),
  },
  sudo_set_max_registrations_per_block: {
    access: 'root',
    apply: setNet(S.MaxRegistrationsPerBlock, 'MaxRegistrationsPerBlockSet'),
  },
  sudo_set_network_rate_limit: {
    access: 'root',
    apply: setGlobal(S.NetworkRateLimit, 'NetworkRateLimitSet'),
  },
  sudo_set_tempo: {
    access: 'root',
    // spec 424+ `apply_tempo_with_cycle_reset`: the next epoch is `tempo` blocks from now
    apply: (ctx, netuid, value: number) => {
      setNet(S.Tempo, 'TempoSet')(ctx, netuid, value);
      if (statefulEpochs(ctx.state)) S.LastEpochBlock.set(ctx.state, [netuid], BigInt(ctx.blockNumber));
    },
  },
  sudo_set_network_min_lock_cost: {
    access: 'root',
    apply: setGlobal(S.NetworkMinLockCost, 'NetworkMinLockCostSet'),
  },
  sudo_set_stake_threshold: { access: 'root', apply: setGlobal(S.StakeThreshold, 'StakeThresholdSet') },
  sudo_set_commit_reveal_weights_enabled: {
    access: 'owner-or-root',
    apply: setNet(S.CommitRevealWeightsEnabled, 'CommitRevealEnabled'),
  },
  sudo_set_commit_reveal_weights_interval: {
    access: 'owner-or-root',
    check: (_ctx, _netuid, value: bigint) =>
      value > MAX_REVEAL_PERIOD
        ? subtensorError('RevealPeriodTooLarge')
        : value < MIN_REVEAL_PERIOD
          ? subtensorError('RevealPeriodTooSmall')
          : undefined,
    apply: setNet(S.RevealPeriodEpochs, 'CommitRevealPeriodsSet'),
  },
  sudo_set_commit_reveal_version: {
    access: 'root',
    apply: setGlobal(S.CommitRevealWeightsVersion, 'CommitRevealVersionSet'),
  },
  sudo_set_admin_freeze_window: {
    access: 'root',
    apply: setGlobal(S.AdminFreezeWindow, 'AdminFreezeWindowSet'),
  },
  // do_set_mechanism_count (subnets/mechanism.rs): 1..=MaxMechanismCount (and <= 16), MaxAllowedUids × count
  // within DefaultMaxAllowedUids (256); the devnet keeps per-mechanism maps as they are (no trimming)
  sudo_set_mechanism_count: {
    access: 'owner-or-root',
    check: (ctx, netuid, count: number) => {
      if (count === 0 || count > S.MaxMechanismCount.get(ctx.state) || count > 16)
        return subtensorError('InvalidValue');
      if (S.MaxAllowedUids.get(ctx.state, netuid) * count > 256)
        return subtensorError('TooManyUIDsPerMechanism');
      return undefined;
    },
    apply: (ctx, netuid, count: number) => S.MechanismCountCurrent.set(ctx.state, [netuid], count),
  },
  sudo_set_min_allowed_uids: {
    access: 'root',
    check: (ctx, netuid, value: number) => {
      if (value >= S.MaxAllowedUids.get(ctx.state, netuid))
        return error('MinAllowedUidsGreaterThanMaxAllowedUids');
      if (value >= S.SubnetworkN.get(ctx.state, netuid)) return error('MinAllowedUidsGreaterThanCurrentUids');
      return undefined;
    },
    apply: setNet(S.MinAllowedUids, 'MinAllowedUidsSet'),
  },
};

/**
 * AdminUtils setters: origin (root, or root or subnet owner), the admin freeze window before each epoch,
 * subnet existence, value checks, then the write and its SubtensorModule event, in spec-393 order.
 */
function setterCall(name: string, valueArg: string, setter: Setter): CallDef {
  const global = GLOBAL_ADMIN_SETTERS.has(name);
  return {
    weight: weight(10_000_000, 1, 1),
    dispatch: (ctx, a) => {
      const netuid = global ? 0 : (a.netuid as number);
      const value = a[valueArg] as never;
      if (global) ensureRoot(ctx.origin);
      else {
        ensureOwnerOrRoot(ctx, netuid, setter.access);
        if (!setter.freezeExempt) ensureAdminWindowOpen(ctx, netuid);
        if (!subnetExists(ctx.state, netuid)) throw error('SubnetDoesNotExist');
      }
      const failure = setter.check?.(ctx, netuid, value);
      if (failure) throw failure;
      setter.apply(ctx, netuid, value);
    },
  };
}

export const adminUtilsCalls: PalletCalls = Object.fromEntries(
  ADMIN_SETTERS.map(([, name, valueArg]) => {
    const setter = SETTERS[name];
    if (!setter) throw new Error(`AdminUtils.${name} has no implementation`);
    return [
      name,
      setterCall(
        name,
        valueArg.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        setter,
      ),
    ];
  }),
);
