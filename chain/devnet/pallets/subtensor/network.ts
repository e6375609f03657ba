import { type AccountHex, badOrigin, type CallContext, ensureSigned } from '../../runtime/dispatch.js';
import type { Overlay } from '../../runtime/state.js';
import { reducibleBalance, withdraw } from '../balances.js';
import { appendNeuron, createHotkeyAccount, ownsHotkey } from './registration.js';
import { S } from './storage.js';
import {
  allNetuids,
  subtensorError as error,
  isSubnetOwner,
  type Readable,
  ROOT_NETUID,
  statefulEpochs,
  subnetExists,
} from './subnets.js';

/** Subtensor's DefaultTempo for new subnets (INITIAL_SUBNET_TEMPO of the production runtime). */
const DEFAULT_TEMPO = 360;
/** `mechid` register_network uses: 1 = dynamic (dTAO) subnet. */
const DYNAMIC_MECHANISM = 1;

export const networkLastRegistered = (state: Readable) =>
  S.LastRateLimitedBlock.get(state, 'NetworkLastRegistered');

/** `TransactionType::RegisterNetwork.passes_rate_limit` (NetworkRateLimit blocks since the last registration). */
export function passesNetworkRateLimit(state: Readable, block: bigint): boolean {
  const last = networkLastRegistered(state);
  return last === 0n || block - last >= S.NetworkRateLimit.get(state);
}

/** `get_network_lock_cost`: doubles after each registration, decays linearly, never below the minimum. */
export function networkLockCost(state: Readable, block: bigint): bigint {
  const lastLock = S.NetworkLastLockCost.get(state);
  const minLock = S.NetworkMinLockCost.get(state);
  const lastBlock = networkLastRegistered(state);
  const interval = S.NetworkLockReductionInterval.get(state);
  const mult = lastBlock === 0n ? 1n : 2n;
  const decay = (interval === 0n ? 0n : lastLock / interval) * (block - lastBlock);
  const cost = lastLock * mult > decay ? lastLock * mult - decay : 0n;
  return cost < minLock ? minLock : cost;
}

/** `init_new_network`: the defaults a new subnet starts with. */
function initNewNetwork(state: Overlay, netuid: number, block: bigint): void {
  S.SubnetworkN.set(state, [netuid], 0);
  S.NetworksAdded.set(state, [netuid], true);
  S.Tempo.set(state, [netuid], DEFAULT_TEMPO);
  // spec 424+ (subnets/subnet.rs): the first epoch comes `tempo` blocks after `now - netuid % tempo`
  if (statefulEpochs(state)) {
    const stagger = BigInt(netuid) % BigInt(Math.max(DEFAULT_TEMPO, 1));
    S.LastEpochBlock.set(state, [netuid], block > stagger ? block - stagger : 0n);
  }
  S.TotalNetworks.mutate(state, [], (n) => n + 1);
  S.NetworkRegistrationAllowed.set(state, [netuid], true);
  S.MaxAllowedUids.set(state, [netuid], 256);
  S.MaxAllowedValidators.set(state, [netuid], 64);
  S.MinAllowedWeights.set(state, [netuid], 1);
  S.AdjustmentInterval.set(state, [netuid], 360);
  S.TargetRegistrationsPerInterval.set(state, [netuid], 1);
  S.ImmunityPeriod.set(state, [netuid], 5000);
}

export function doRegisterNetwork(ctx: CallContext, hotkey: AccountHex): void {
  const { state } = ctx;
  const coldkey = ensureSigned(ctx.origin);
  const block = BigInt(ctx.blockNumber);
  if (S.Owner.has(state, hotkey) && !ownsHotkey(state, coldkey, hotkey)) throw error('NonAssociatedColdKey');
  if (!passesNetworkRateLimit(state, block)) throw error('NetworkTxRateLimitExceeded');
  const subnets = allNetuids(state).filter((n) => n !== ROOT_NETUID);
  if (subnets.length >= S.SubnetLimit.get(state)) throw error('SubnetLimitReached');
  const lock = networkLockCost(state, block);
  if (lock > reducibleBalance(ctx, coldkey, false)) throw error('CannotAffordLockCost');
  try {
    withdraw(ctx, coldkey, lock, true);
  } catch {
    throw error('BalanceWithdrawalError');
  }
  S.NetworkLastLockCost.set(state, [], lock);
  S.LastRateLimitedBlock.set(state, ['NetworkLastRegistered'], block);
  let netuid = 1;
  while (subnetExists(state, netuid)) netuid++;
  initNewNetwork(state, netuid, block);
  createHotkeyAccount(state, coldkey, hotkey);
  appendNeuron(state, netuid, hotkey, block);
  S.SubnetMechanism.set(state, [netuid], DYNAMIC_MECHANISM);
  S.NetworkRegisteredAt.set(state, [netuid], block);
  const poolTao = S.NetworkMinLockCost.get(state);
  S.SubnetTAO.set(state, [netuid], poolTao);
  S.SubnetAlphaIn.set(state, [netuid], poolTao);
  S.SubnetOwner.set(state, [netuid], coldkey);
  S.SubnetOwnerHotkey.set(state, [netuid], hotkey);
  S.SubnetLocked.set(state, [netuid], lock);
  S.SubnetAlphaOut.set(state, [netuid], 0n);
  S.RAORecycledForRegistration.set(state, [netuid], lock > poolTao ? lock - poolTao : 0n);
  if (lock > 0n && poolTao > 0n) S.TotalStake.mutate(state, [], (t) => t + poolTao);
  ctx.deposit('SubtensorModule', 'NetworkAdded', netuid, DYNAMIC_MECHANISM);
}

export function doStartCall(ctx: CallContext, netuid: number): void {
  const { state } = ctx;
  if (!subnetExists(state, netuid)) throw error('SubnetNotExists');
  const who = ensureSigned(ctx.origin);
  if (!isSubnetOwner(state, netuid, who)) throw badOrigin();
  if (S.FirstEmissionBlockNumber.get(state, netuid) !== null)
    throw error('FirstEmissionBlockNumberAlreadySet');
  const block = BigInt(ctx.blockNumber);
  if (block < S.NetworkRegisteredAt.get(state, netuid) + S.StartCallDelay.get(state))
    throw error('NeedWaitingMoreBlocksToStarCall');
  S.FirstEmissionBlockNumber.set(state, [netuid], block + 1n);
  S.SubtokenEnabled.set(state, [netuid], true);
  ctx.deposit('SubtensorModule', 'FirstEmissionBlockNumberSet', netuid, block + 1n);
}
