import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** The fee multiplier is constant 1 on Subtensor (FixedU128 with 18 decimals). */
export const FEE_MULTIPLIER = 10n ** 18n;

export function transactionPaymentSpec({ t }: SpecContext): PalletSpec {
  return {
    name: 'TransactionPayment',
    index: 6,
    path: 'pallet_transaction_payment::pallet',
    events: variants([
      [
        'TransactionFeePaid',
        0,
        [
          ['who', t.accountId, 'T::AccountId'],
          ['actual_fee', t.u64, 'BalanceOf<T>'],
          ['tip', t.u64, 'BalanceOf<T>'],
        ],
      ],
    ]),
    storage: [{ name: 'NextFeeMultiplier', value: t.u128, fallback: FEE_MULTIPLIER }],
    constants: [{ name: 'OperationalFeeMultiplier', type: t.u8, value: 5 }],
  };
}
