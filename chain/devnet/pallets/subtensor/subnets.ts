import { stringToU8a, u8aToHex } from '@polkadot/util';
import { type AccountHex, errorsOf } from '../../runtime/dispatch.js';
import type { Overlay, StateSnapshot } from '../../runtime/state.js';
import type { StorageEntry } from '../../runtime/storage-entry.js';
import { S } from './storage.js';

export type Readable =
  | Pick<Overlay, 'get' | 'keysWithPrefix'>
  | Pick<StateSnapshot, 'get' | 'keysWithPrefix'>;

export const ROOT_NETUID = 0;
export const subtensorError = errorsOf('SubtensorModule');

export const subnetExists = (state: Readable, netuid: number) => S.NetworksAdded.get(state, netuid);

export const uidOf = (state: Readable, netuid: number, hotkey: AccountHex) =>
  S.Uids.get(state, netuid, hotkey);

export const isRegistered = (state: Readable, netuid: number, hotkey: AccountHex) =>
  uidOf(state, netuid, hotkey) !== null;

export const uidExists = (state: Readable, netuid: number, uid: number) => S.Keys.has(state, netuid, uid);

/** Netuids of all added subnets (root included). */
export function allNetuids(state: Readable): number[] {
  return S.NetworksAdded.entries(state)
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid);
}

export const isRegisteredOnAnyNetwork = (state: Readable, hotkey: AccountHex) =>
  allNetuids(state).some((netuid) => isRegistered(state, netuid, hotkey));

/** Subtensor's epoch index: `(block + netuid + 1) / (tempo + 1)` (spec 393). */
export function epochIndex(state: Readable, netuid: number, block: bigint): bigint {
  const tempoPlusOne = BigInt(S.Tempo.get(state, netuid)) + 1n;
  return (block + BigInt(netuid) + 1n) / tempoPlusOne;
}

/** Blocks until the subnet's next epoch; the epoch runs when this is 0 (never with tempo 0). */
export function blocksUntilNextEpoch(netuid: number, tempo: number, block: bigint): bigint | undefined {
  if (tempo === 0) return undefined;
  const tempoPlusOne = BigInt(tempo) + 1n;
  return BigInt(tempo) - ((block + BigInt(netuid) + 1n) % tempoPlusOne);
}

/**
 * A devnet-only well-known key (like Substrate's `:code`), written at genesis: this chain runs the stateful
 * epoch scheduler of spec 424+ (`LastEpochBlock`, `PendingEpochAt`, `SubnetEpochIndex`).
 */
export const STATEFUL_EPOCHS_KEY = u8aToHex(stringToU8a(':rodeo:stateful_epochs'));

export const statefulEpochs = (state: Readable): boolean => state.get(STATEFUL_EPOCHS_KEY) !== undefined;

/**
 * `should_run_epoch` (coinbase/run_coinbase.rs, spec 424+): a pending owner trigger that is due, or `tempo`
 * blocks since `LastEpochBlock`. (The `BlocksSinceLastStep > MAX_TEMPO` safety net is not modelled.)
 */
export function shouldRunEpoch(state: Readable, netuid: number, block: bigint): boolean {
  const tempo = BigInt(S.Tempo.get(state, netuid));
  if (tempo === 0n) return false;
  if (!statefulEpochs(state)) return blocksUntilNextEpoch(netuid, Number(tempo), block) === 0n;
  const pending = S.PendingEpochAt.get(state, netuid);
  if (pending > 0n && block >= pending) return true;
  const last = S.LastEpochBlock.get(state, netuid);
  return block - last >= tempo;
}

/** `blocks_until_next_auto_epoch` (stateful): `LastEpochBlock + tempo - block`, ignoring a pending trigger. */
export function blocksUntilNextAutoEpoch(state: Readable, netuid: number, block: bigint): bigint | undefined {
  const tempo = S.Tempo.get(state, netuid);
  if (!statefulEpochs(state)) return blocksUntilNextEpoch(netuid, tempo, block);
  if (tempo === 0) return undefined;
  const next = S.LastEpochBlock.get(state, netuid) + BigInt(tempo);
  return next > block ? next - block : 0n;
}

/**
 * `current_epoch_with_lookahead` (subnets/weights.rs): `SubnetEpochIndex`, plus one when an epoch is due at
 * `block` (a transaction validated against the parent's state belongs to the epoch about to fire).
 */
export function currentEpochWithLookahead(state: Readable, netuid: number, block: bigint): bigint {
  const base = S.SubnetEpochIndex.get(state, netuid);
  return shouldRunEpoch(state, netuid, block) ? base + 1n : base;
}

/** Stake weight of a hotkey on a subnet: its alpha there plus root stake scaled by TaoWeight. */
export function stakeWeight(state: Readable, hotkey: AccountHex, netuid: number): bigint {
  const alpha = S.TotalHotkeyAlpha.get(state, hotkey, netuid);
  const root = S.TotalHotkeyAlpha.get(state, hotkey, ROOT_NETUID);
  return alpha + (root * S.TaoWeight.get(state)) / 0xffff_ffff_ffff_ffffn;
}

export const hasWeightsMinStake = (state: Readable, hotkey: AccountHex, netuid: number) =>
  stakeWeight(state, hotkey, netuid) >= S.StakeThreshold.get(state);

/** Sets `vec[index]` of a per-subnet vector if that index exists (like `set_element_at`). */
export function setAt<T>(
  state: Overlay,
  entry: StorageEntry<[number], T[]>,
  netuid: number,
  index: number,
  value: T,
) {
  const values = entry.get(state, netuid);
  if (index >= values.length) return;
  values[index] = value;
  entry.set(state, [netuid], values);
}

/** `ensure_subnet_owner_or_root`: root passes, a signed origin must be the subnet owner coldkey. */
export function isSubnetOwner(state: Readable, netuid: number, who: AccountHex): boolean {
  return S.SubnetOwner.get(state, netuid) === who;
}

/** LastUpdate of a netuid (or mechanism storage index) padded to the subnet size (`get_last_update`). */
export function lastUpdate(state: Readable, netuid: number): bigint[] {
  const values = S.LastUpdate.get(state, netuid);
  const n = S.SubnetworkN.get(state, netuid % 4096);
  while (values.length < n) values.push(0n);
  return values;
}

/** `set_last_update_for_uid`: writes the padded vector when `uid` is inside it. */
export function setLastUpdate(state: Overlay, netuid: number, uid: number, block: bigint): void {
  const values = lastUpdate(state, netuid);
  if (uid >= values.length) return;
  values[uid] = block;
  S.LastUpdate.set(state, [netuid], values);
}
