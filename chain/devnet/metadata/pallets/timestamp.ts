import type { PalletSpec, SpecContext } from '../spec.js';

export function timestampSpec({ t }: SpecContext, minimumPeriodMs: number): PalletSpec {
  return {
    name: 'Timestamp',
    index: 2,
    path: 'pallet_timestamp::pallet',
    calls: [{ name: 'set', index: 0, args: [['now', t.compactU64, 'T::Moment']] }],
    storage: [
      { name: 'Now', value: t.u64 },
      { name: 'DidUpdate', value: t.bool },
    ],
    constants: [{ name: 'MinimumPeriod', type: t.u64, value: minimumPeriodMs }],
  };
}
