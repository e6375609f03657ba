import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

export function sudoSpec({ t, call }: SpecContext): PalletSpec {
  const boxedCall: [string, number, string] = ['call', call, 'Box<<T as Config>::RuntimeCall>'];
  return {
    name: 'Sudo',
    index: 12,
    path: 'pallet_sudo::pallet',
    calls: [
      { name: 'sudo', index: 0, args: [boxedCall] },
      { name: 'set_key', index: 2, args: [['new', t.multiAddress, 'AccountIdLookupOf<T>']] },
      { name: 'sudo_as', index: 3, args: [['who', t.multiAddress, 'AccountIdLookupOf<T>'], boxedCall] },
    ],
    events: variants([
      ['Sudid', 0, [['sudo_result', t.dispatchResult, 'DispatchResult']]],
      [
        'KeyChanged',
        1,
        [
          ['old', t.option(t.accountId), 'Option<T::AccountId>'],
          ['new', t.accountId, 'T::AccountId'],
        ],
      ],
      ['SudoAsDone', 3, [['sudo_result', t.dispatchResult, 'DispatchResult']]],
    ]),
    errors: ['RequireSudo'],
    storage: [{ name: 'Key', optional: true, value: t.accountId }],
  };
}
