import type { CallSpec, PalletSpec, SpecContext } from '../spec.js';

/**
 * The AdminUtils calls tests and localnets use to set hyperparameters, as `[call index, name, value
 * argument, value type]`; a `netuid` argument comes first unless the setting is global.
 */
export const ADMIN_SETTERS = [
  [3, 'sudo_set_serving_rate_limit', 'serving_rate_limit', 'u64'],
  [6, 'sudo_set_weights_version_key', 'weights_version_key', 'u64'],
  [7, 'sudo_set_weights_set_rate_limit', 'weights_set_rate_limit', 'u64'],
  [13, 'sudo_set_immunity_period', 'immunity_period', 'u16'],
  [14, 'sudo_set_min_allowed_weights', 'min_allowed_weights', 'u16'],
  [15, 'sudo_set_max_allowed_uids', 'max_allowed_uids', 'u16'],
  [18, 'sudo_set_activity_cutoff', 'activity_cutoff', 'u16'],
  [19, 'sudo_set_network_registration_allowed', 'registration_allowed', 'bool'],
  [21, 'sudo_set_target_registrations_per_interval', 'target_registrations_per_interval', 'u16'],
  [22, 'sudo_set_min_burn', 'min_burn', 'TaoBalance'],
  [23, 'sudo_set_max_burn', 'max_burn', 'TaoBalance'],
  [25, 'sudo_set_max_allowed_validators', 'max_allowed_validators', 'u16'],
  [27, 'sudo_set_max_registrations_per_block', 'max_registrations_per_block', 'u16'],
  [29, 'sudo_set_network_rate_limit', 'rate_limit', 'u64'],
  [30, 'sudo_set_tempo', 'tempo', 'u16'],
  [36, 'sudo_set_network_min_lock_cost', 'lock_cost', 'TaoBalance'],
  [42, 'sudo_set_stake_threshold', 'min_stake', 'u64'],
  [49, 'sudo_set_commit_reveal_weights_enabled', 'enabled', 'bool'],
  [57, 'sudo_set_commit_reveal_weights_interval', 'interval', 'u64'],
  [71, 'sudo_set_commit_reveal_version', 'version', 'u16'],
  [74, 'sudo_set_admin_freeze_window', 'window', 'u16'],
  [76, 'sudo_set_mechanism_count', 'mechanism_count', 'MechId'],
  [79, 'sudo_set_min_allowed_uids', 'min_allowed_uids', 'u16'],
] as const;

/** Setters without a netuid argument. */
export const GLOBAL_ADMIN_SETTERS: ReadonlySet<string> = new Set([
  'sudo_set_network_rate_limit',
  'sudo_set_network_min_lock_cost',
  'sudo_set_stake_threshold',
  'sudo_set_commit_reveal_version',
  'sudo_set_admin_freeze_window',
]);

export function adminUtilsSpec({ t }: SpecContext): PalletSpec {
  const types = { u16: t.u16, u64: t.u64, TaoBalance: t.u64, bool: t.bool, MechId: t.u8 } as const;
  const calls: CallSpec[] = ADMIN_SETTERS.map(([index, name, arg, type]) => ({
    name,
    index,
    args: [
      ...(GLOBAL_ADMIN_SETTERS.has(name) ? [] : [['netuid', t.u16, 'NetUid'] as [string, number, string]]),
      [arg, types[type], type],
    ],
  }));
  return {
    name: 'AdminUtils',
    index: 19,
    path: 'pallet_admin_utils::pallet',
    calls,
    errors: [
      'SubnetDoesNotExist',
      'MaxValidatorsLargerThanMaxUIds',
      'MaxAllowedUIdsLessThanCurrentUIds',
      'BondsMovingAverageMaxReached',
      'NegativeSigmoidSteepness',
      'ValueNotInBounds',
      'MinAllowedUidsGreaterThanCurrentUids',
      'MinAllowedUidsGreaterThanMaxAllowedUids',
      'MaxAllowedUidsLessThanMinAllowedUids',
      'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids',
      'InvalidValue',
    ],
  };
}
