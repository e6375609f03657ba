import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** Existential deposit of the Subtensor runtime, in rao. */
export const EXISTENTIAL_DEPOSIT = 500n;

export function balancesSpec({ t }: SpecContext): PalletSpec {
  const dest: [string, number, string] = ['dest', t.multiAddress, 'AccountIdLookupOf<T>'];
  const value: [string, number, string] = ['value', t.compactU64, 'T::Balance'];
  const who = (name = 'who'): [string, number, string] => [name, t.accountId, 'T::AccountId'];
  const amount: [string, number, string] = ['amount', t.u64, 'T::Balance'];
  return {
    name: 'Balances',
    index: 5,
    path: 'pallet_balances::pallet',
    calls: [
      { name: 'transfer_allow_death', index: 0, args: [dest, value] },
      { name: 'transfer_keep_alive', index: 3, args: [dest, value] },
      {
        name: 'transfer_all',
        index: 4,
        args: [dest, ['keep_alive', t.bool, 'bool']],
      },
    ],
    events: variants([
      ['Endowed', 0, [who('account'), ['free_balance', t.u64, 'T::Balance']]],
      ['DustLost', 1, [who('account'), amount]],
      ['Transfer', 2, [who('from'), who('to'), amount]],
      ['Deposit', 7, [who(), amount]],
      ['Withdraw', 8, [who(), amount]],
    ]),
    errors: [
      'VestingBalance',
      'LiquidityRestrictions',
      'InsufficientBalance',
      'ExistentialDeposit',
      'Expendability',
      'ExistingVestingSchedule',
      'DeadAccount',
      'TooManyReserves',
      'TooManyHolds',
      'TooManyFreezes',
      'IssuanceDeactivated',
      'DeltaZero',
    ],
    storage: [
      { name: 'TotalIssuance', value: t.u64 },
      { name: 'InactiveIssuance', value: t.u64 },
    ],
    constants: [{ name: 'ExistentialDeposit', type: t.u64, value: EXISTENTIAL_DEPOSIT }],
  };
}
