import { type AccountHex, type CallContext, ensureSigned } from '../../runtime/dispatch.js';
import type { Overlay } from '../../runtime/state.js';
import { reducibleBalance, withdraw } from '../balances.js';
import { S } from './storage.js';
import {
  subtensorError as error,
  type Readable,
  ROOT_NETUID,
  setAt,
  setLastUpdate,
  subnetExists,
  uidOf,
} from './subnets.js';

/** `create_account_if_non_existent`: the first coldkey to use a hotkey owns it. */
export function createHotkeyAccount(state: Overlay, coldkey: AccountHex, hotkey: AccountHex): void {
  if (S.Owner.has(state, hotkey)) return;
  S.Owner.set(state, [hotkey], coldkey);
  for (const list of [S.OwnedHotkeys, S.StakingHotkeys]) {
    const hotkeys = list.get(state, coldkey);
    if (!hotkeys.includes(hotkey)) list.set(state, [coldkey], [...hotkeys, hotkey]);
  }
}

export const ownsHotkey = (state: Readable, coldkey: AccountHex, hotkey: AccountHex) =>
  S.Owner.has(state, hotkey) && S.Owner.get(state, hotkey) === coldkey;

function isImmune(state: Readable, netuid: number, uid: number, block: bigint): boolean {
  const registeredAt = S.BlockAtRegistration.get(state, netuid, uid);
  return block - registeredAt < BigInt(S.ImmunityPeriod.get(state, netuid));
}

/** The subnet owner's hotkeys that are never pruned (`get_immune_owner_hotkeys`). */
function immuneOwnerHotkeys(state: Readable, netuid: number): AccountHex[] {
  const limit = S.ImmuneOwnerUidsLimit.get(state, netuid);
  const owner = S.SubnetOwner.get(state, netuid);
  const owned = S.OwnedHotkeys.get(state, owner)
    .map((hotkey) => ({ hotkey, uid: uidOf(state, netuid, hotkey) }))
    .filter((e): e is { hotkey: AccountHex; uid: number } => e.uid !== null)
    .map((e) => ({ ...e, block: S.BlockAtRegistration.get(state, netuid, e.uid) }))
    .sort((a, b) => (a.block === b.block ? a.uid - b.uid : a.block < b.block ? -1 : 1))
    .slice(0, limit)
    .map((e) => e.hotkey);
  const ownerHotkey = S.SubnetOwnerHotkey.has(state, netuid)
    ? S.SubnetOwnerHotkey.get(state, netuid)
    : undefined;
  if (ownerHotkey && uidOf(state, netuid, ownerHotkey) !== null && !owned.includes(ownerHotkey))
    return [ownerHotkey, ...owned].slice(0, limit);
  return owned;
}

/**
 * `get_neuron_to_prune` (spec 393): among neurons that are not immune owner keys, the lowest emission,
 * then the oldest registration, then the lowest uid; non-immune neurons first while more than
 * MinNonImmuneUids of them remain.
 */
export function neuronToPrune(state: Readable, netuid: number, block: bigint): number | undefined {
  const n = S.SubnetworkN.get(state, netuid);
  const protectedKeys = new Set(immuneOwnerHotkeys(state, netuid));
  const emission = S.Emission.get(state, netuid);
  type Candidate = [emission: bigint, registeredAt: bigint, uid: number];
  const better = (a: Candidate, b: Candidate | undefined) =>
    !b || (a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2]);
  let bestFree: Candidate | undefined;
  let bestImmune: Candidate | undefined;
  let freeCount = 0;
  for (let uid = 0; uid < n; uid++) {
    if (!S.Keys.has(state, netuid, uid) || protectedKeys.has(S.Keys.get(state, netuid, uid))) continue;
    const candidate: Candidate = [emission[uid] ?? 0n, S.BlockAtRegistration.get(state, netuid, uid), uid];
    if (isImmune(state, netuid, uid, block)) {
      if (better(candidate, bestImmune)) bestImmune = candidate;
    } else {
      freeCount++;
      if (better(candidate, bestFree)) bestFree = candidate;
    }
  }
  if (bestFree && freeCount > S.MinNonImmuneUids.get(state, netuid)) return bestFree[2];
  return bestImmune?.[2];
}

export function appendNeuron(state: Overlay, netuid: number, hotkey: AccountHex, block: bigint): number {
  const uid = S.SubnetworkN.get(state, netuid);
  S.SubnetworkN.set(state, [netuid], uid + 1);
  S.Active.mutate(state, [netuid], (v) => [...v, true]);
  S.Emission.mutate(state, [netuid], (v) => [...v, 0n]);
  S.Consensus.mutate(state, [netuid], (v) => [...v, 0]);
  S.Incentive.mutate(state, [netuid], (v) => [...v, 0]);
  setLastUpdate(state, netuid, uid, block);
  S.Dividends.mutate(state, [netuid], (v) => [...v, 0]);
  S.ValidatorTrust.mutate(state, [netuid], (v) => [...v, 0]);
  S.ValidatorPermit.mutate(state, [netuid], (v) => [...v, false]);
  S.Keys.set(state, [netuid, uid], hotkey);
  S.Uids.set(state, [netuid, hotkey], uid);
  S.BlockAtRegistration.set(state, [netuid, uid], block);
  S.IsNetworkMember.set(state, [hotkey, netuid], true);
  return uid;
}

function replaceNeuron(state: Overlay, netuid: number, uid: number, hotkey: AccountHex, block: bigint): void {
  const old = S.Keys.get(state, netuid, uid);
  if (S.SubnetOwnerHotkey.has(state, netuid) && S.SubnetOwnerHotkey.get(state, netuid) === old) return;
  S.Uids.remove(state, netuid, old);
  S.IsNetworkMember.remove(state, old, netuid);
  setAt(state, S.Active, netuid, uid, true);
  S.Keys.set(state, [netuid, uid], hotkey);
  S.Uids.set(state, [netuid, hotkey], uid);
  S.BlockAtRegistration.set(state, [netuid, uid], block);
  S.IsNetworkMember.set(state, [hotkey, netuid], true);
  S.Axons.remove(state, netuid, old);
  // clear_neuron
  setAt(state, S.Emission, netuid, uid, 0n);
  setAt(state, S.Consensus, netuid, uid, 0);
  setAt(state, S.Incentive, netuid, uid, 0);
  S.Bonds.remove(state, netuid, uid);
  S.Weights.remove(state, netuid, uid);
  for (const [[, row], weights] of S.Weights.entries(state, netuid))
    if (weights.some(([target]) => target === uid))
      S.Weights.set(
        state,
        [netuid, row],
        weights.map(([target, w]) => [target, target === uid ? 0 : w]),
      );
  setAt(state, S.Dividends, netuid, uid, 0);
  setAt(state, S.StakeWeight, netuid, uid, 0);
}

/** `register_neuron`: the next uid while there is room, else the neuron to prune is replaced. */
function registerNeuron(state: Overlay, netuid: number, hotkey: AccountHex, block: bigint): number {
  const n = S.SubnetworkN.get(state, netuid);
  if (n < S.MaxAllowedUids.get(state, netuid)) return appendNeuron(state, netuid, hotkey, block);
  const uid = neuronToPrune(state, netuid, block);
  if (uid === undefined) throw error('NoNeuronIdAvailable');
  replaceNeuron(state, netuid, uid, hotkey, block);
  return uid;
}

export function doBurnedRegistration(ctx: CallContext, netuid: number, hotkey: AccountHex): void {
  const { state } = ctx;
  const coldkey = ensureSigned(ctx.origin);
  const block = BigInt(ctx.blockNumber);
  if (netuid === ROOT_NETUID) throw error('RegistrationNotPermittedOnRootSubnet');
  if (!subnetExists(state, netuid)) throw error('SubnetNotExists');
  if (!S.NetworkRegistrationAllowed.get(state, netuid)) throw error('SubNetRegistrationDisabled');
  if (S.RegistrationsThisBlock.get(state, netuid) >= S.MaxRegistrationsPerBlock.get(state, netuid))
    throw error('TooManyRegistrationsThisBlock');
  if (
    S.RegistrationsThisInterval.get(state, netuid) >=
    S.TargetRegistrationsPerInterval.get(state, netuid) * 3
  )
    throw error('TooManyRegistrationsThisInterval');
  if (S.Uids.has(state, netuid, hotkey)) throw error('HotKeyAlreadyRegisteredInSubNet');
  const cost = S.Burn.get(state, netuid);
  if (cost > reducibleBalance(ctx, coldkey, false)) throw error('NotEnoughBalanceToStake');
  createHotkeyAccount(state, coldkey, hotkey);
  if (!ownsHotkey(state, coldkey, hotkey)) throw error('NonAssociatedColdKey');
  const maxUids = S.MaxAllowedUids.get(state, netuid);
  if (maxUids === 0) throw error('NoNeuronIdAvailable');
  if (S.SubnetworkN.get(state, netuid) >= maxUids && neuronToPrune(state, netuid, block) === undefined)
    throw error('NoNeuronIdAvailable');
  try {
    withdraw(ctx, coldkey, cost, true);
  } catch {
    throw error('BalanceWithdrawalError');
  }
  const uid = registerNeuron(state, netuid, hotkey, block);
  for (const counter of [
    S.BurnRegistrationsThisInterval,
    S.RegistrationsThisInterval,
    S.RegistrationsThisBlock,
  ])
    counter.mutate(state, [netuid], (v) => v + 1);
  S.RAORecycledForRegistration.mutate(state, [netuid], (v) => v + cost);
  ctx.deposit('SubtensorModule', 'NeuronRegistered', netuid, uid, hotkey);
}
