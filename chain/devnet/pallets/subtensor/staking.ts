import { type AccountHex, type CallContext, ensureSigned } from '../../runtime/dispatch.js';
import type { Overlay } from '../../runtime/state.js';
import { reducibleBalance, withdraw } from '../balances.js';
import { S } from './storage.js';
import { subtensorError as error, subnetExists } from './subnets.js';

/** DefaultMinStake of spec 393, in rao. */
const MIN_STAKE = 2_000_000n;
/** U64F64 fixed point: shares are stored as `value << 64`. */
const SHARE_ONE = 1n << 64n;

/**
 * Adds `alpha` to the hotkey's share pool on a subnet for `coldkey` (393's HotkeyAlpha share pool:
 * TotalHotkeyAlpha is the value, TotalHotkeyShares/Alpha the shares, so later emissions raise every
 * staker's value without new shares).
 */
export function increaseStake(
  state: Overlay,
  hotkey: AccountHex,
  coldkey: AccountHex,
  netuid: number,
  alpha: bigint,
) {
  const value = S.TotalHotkeyAlpha.get(state, hotkey, netuid);
  const shares = S.TotalHotkeyShares.get(state, hotkey, netuid).bits;
  const newShares = shares === 0n || value === 0n ? alpha * SHARE_ONE : (alpha * shares) / value;
  S.TotalHotkeyAlpha.set(state, [hotkey, netuid], value + alpha);
  S.TotalHotkeyShares.set(state, [hotkey, netuid], { bits: shares + newShares });
  S.Alpha.mutate(state, [hotkey, coldkey, netuid], (a) => ({ bits: a.bits + newShares }));
}

/**
 * `add_stake` with the devnet's simplification: TAO converts 1:1 into alpha with no swap fee (no
 * dTAO pool curve). Checks and their order follow spec 393.
 */
export function doAddStake(ctx: CallContext, hotkey: AccountHex, netuid: number, amount: bigint): void {
  const { state } = ctx;
  const coldkey = ensureSigned(ctx.origin);
  if (!S.SubtokenEnabled.get(state, netuid)) throw error('SubtokenDisabled');
  if (!subnetExists(state, netuid)) throw error('SubnetNotExists');
  if (amount < MIN_STAKE) throw error('AmountTooLow');
  if (amount > reducibleBalance(ctx, coldkey, false)) throw error('NotEnoughBalanceToStake');
  if (!S.Owner.has(state, hotkey)) throw error('HotKeyAccountNotExists');
  try {
    withdraw(ctx, coldkey, amount, true);
  } catch {
    throw error('BalanceWithdrawalError');
  }
  increaseStake(state, hotkey, coldkey, netuid, amount);
  const staking = S.StakingHotkeys.get(state, coldkey);
  if (!staking.includes(hotkey)) S.StakingHotkeys.set(state, [coldkey], [...staking, hotkey]);
  S.SubnetTAO.mutate(state, [netuid], (v) => v + amount);
  S.SubnetAlphaOut.mutate(state, [netuid], (v) => v + amount);
  S.TotalStake.mutate(state, [], (v) => v + amount);
  ctx.deposit('SubtensorModule', 'StakeAdded', coldkey, hotkey, amount, amount, netuid, 0n);
}
