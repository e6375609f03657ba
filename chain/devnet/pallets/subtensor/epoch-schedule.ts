import { badOrigin, type CallContext, ensureSigned } from '../../runtime/dispatch.js';
import { S } from './storage.js';
import {
  blocksUntilNextAutoEpoch,
  subtensorError as error,
  isSubnetOwner,
  type Readable,
  statefulEpochs,
} from './subnets.js';

/**
 * `is_in_admin_freeze_window` (utils/misc.rs): the last AdminFreezeWindow blocks before the next automatic
 * epoch, and (spec 424+) the whole countdown of a pending owner trigger.
 */
export function isInAdminFreezeWindow(state: Readable, netuid: number, block: bigint): boolean {
  if (statefulEpochs(state)) {
    const pending = S.PendingEpochAt.get(state, netuid);
    if (pending > 0n && pending > block) return true;
  }
  const remaining = blocksUntilNextAutoEpoch(state, netuid, block);
  return remaining !== undefined && remaining < BigInt(S.AdminFreezeWindow.get(state));
}

/**
 * `trigger_epoch` (coinbase/tempo_control.rs `do_trigger_epoch`, spec 424+): the subnet owner schedules an
 * epoch AdminFreezeWindow blocks from now (`PendingEpochAt`). Refused while commit-reveal is on (it would
 * move reveal windows under committed weights), while a trigger is pending, or when the automatic epoch is
 * nearer than the window. The owner hyperparameter rate limit is not modelled.
 */
export function doTriggerEpoch(ctx: CallContext, netuid: number): void {
  const { state } = ctx;
  const who = ensureSigned(ctx.origin);
  if (!isSubnetOwner(state, netuid, who)) throw badOrigin();
  if (S.CommitRevealWeightsEnabled.get(state, netuid)) throw error('DynamicTempoBlockedByCommitReveal');
  if (S.PendingEpochAt.get(state, netuid) !== 0n) throw error('EpochTriggerAlreadyPending');
  const now = BigInt(ctx.blockNumber);
  const window = BigInt(S.AdminFreezeWindow.get(state));
  const remaining = blocksUntilNextAutoEpoch(state, netuid, now) ?? 0n;
  if (remaining < window) throw error('AutoEpochAlreadyImminent');
  const firesAt = now + window;
  S.PendingEpochAt.set(state, [netuid], firesAt);
  ctx.deposit('SubtensorModule', 'EpochTriggered', netuid, who, firesAt);
}
