import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** `batched_calls_limit` of the Subtensor runtime. */
export const BATCHED_CALLS_LIMIT = 10922;

export function utilitySpec({ b, t, call }: SpecContext): PalletSpec {
  const calls: [string, number, string] = ['calls', b.vec(call), 'Vec<<T as Config>::RuntimeCall>'];
  const error: [string, number, string] = ['error', t.dispatchError, 'DispatchError'];
  return {
    name: 'Utility',
    index: 11,
    path: 'pallet_subtensor_utility::pallet',
    calls: [
      { name: 'batch', index: 0, args: [calls] },
      { name: 'batch_all', index: 2, args: [calls] },
      { name: 'force_batch', index: 4, args: [calls] },
    ],
    events: variants([
      ['BatchInterrupted', 0, [['index', t.u32, 'u32'], error]],
      ['BatchCompleted', 1],
      ['BatchCompletedWithErrors', 2],
      ['ItemCompleted', 3],
      ['ItemFailed', 4, [error]],
    ]),
    errors: ['TooManyCalls', 'InvalidDerivedAccount'],
    constants: [{ name: 'batched_calls_limit', type: t.u32, value: BATCHED_CALLS_LIMIT }],
  };
}
