import { RUNTIME_VERSION } from '../../runtime-version.js';
import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** Balances keeps its AccountData inside System.Account (the frame default), with the "new logic" flag set. */
export const NEW_LOGIC_FLAG = 1n << 127n;

export function systemSpec({ b, t, event }: SpecContext): PalletSpec {
  const accountData = b.composite(
    'pallet_balances::types::AccountData',
    [
      { name: 'free', type: t.u64, typeName: 'Balance' },
      { name: 'reserved', type: t.u64, typeName: 'Balance' },
      { name: 'frozen', type: t.u64, typeName: 'Balance' },
      {
        name: 'flags',
        type: b.composite('pallet_balances::types::ExtraFlags', [{ type: t.u128, typeName: 'u128' }]),
        typeName: 'ExtraFlags',
      },
    ],
    [{ name: 'Balance', type: t.u64 }],
  );
  const accountInfo = b.composite(
    'frame_system::AccountInfo',
    [
      { name: 'nonce', type: t.u32, typeName: 'Nonce' },
      { name: 'consumers', type: t.u32, typeName: 'RefCount' },
      { name: 'providers', type: t.u32, typeName: 'RefCount' },
      { name: 'sufficients', type: t.u32, typeName: 'RefCount' },
      { name: 'data', type: accountData, typeName: 'AccountData' },
    ],
    [
      { name: 'Nonce', type: t.u32 },
      { name: 'AccountData', type: accountData },
    ],
  );
  const phase = b.variant(
    'frame_system::Phase',
    variants([
      ['ApplyExtrinsic', 0, [[undefined, t.u32, 'u32']]],
      ['Finalization', 1],
      ['Initialization', 2],
    ]),
  );
  const eventRecord = b.composite(
    'frame_system::EventRecord',
    [
      { name: 'phase', type: phase, typeName: 'Phase' },
      { name: 'event', type: event, typeName: 'E' },
      { name: 'topics', type: b.vec(t.h256), typeName: 'Vec<T>' },
    ],
    [
      { name: 'E', type: event },
      { name: 'T', type: t.h256 },
    ],
  );
  return {
    name: 'System',
    index: 0,
    path: 'frame_system::pallet',
    calls: [
      { name: 'remark', index: 0, args: [['remark', t.bytes, 'Vec<u8>']] },
      { name: 'remark_with_event', index: 7, args: [['remark', t.bytes, 'Vec<u8>']] },
    ],
    events: variants([
      ['ExtrinsicSuccess', 0, [['dispatch_info', t.dispatchEventInfo, 'DispatchEventInfo']]],
      [
        'ExtrinsicFailed',
        1,
        [
          ['dispatch_error', t.dispatchError, 'DispatchError'],
          ['dispatch_info', t.dispatchEventInfo, 'DispatchEventInfo'],
        ],
      ],
      ['NewAccount', 3, [['account', t.accountId, 'T::AccountId']]],
      ['KilledAccount', 4, [['account', t.accountId, 'T::AccountId']]],
      [
        'Remarked',
        5,
        [
          ['sender', t.accountId, 'T::AccountId'],
          ['hash', t.h256, 'T::Hash'],
        ],
      ],
    ]),
    errors: [
      'InvalidSpecName',
      'SpecVersionNeedsToIncrease',
      'FailedToExtractRuntimeVersion',
      'NonDefaultComposite',
      'NonZeroRefCount',
      'CallFiltered',
      'MultiBlockMigrationsOngoing',
      'NothingAuthorized',
      'Unauthorized',
    ],
    storage: [
      {
        name: 'Account',
        keys: [['Blake2_128Concat', t.accountId]],
        value: accountInfo,
        fallback: { data: { flags: NEW_LOGIC_FLAG } },
      },
      { name: 'ExtrinsicCount', optional: true, value: t.u32 },
      { name: 'BlockHash', keys: [['Twox64Concat', t.u32]], value: t.h256 },
      { name: 'Number', value: t.u32 },
      { name: 'ParentHash', value: t.h256 },
      { name: 'Events', value: b.vec(eventRecord) },
      { name: 'EventCount', value: t.u32 },
    ],
    constants: [
      { name: 'BlockHashCount', type: t.u32, value: RUNTIME_VERSION.blockHashCount },
      { name: 'Version', type: t.runtimeVersion, value: RUNTIME_VERSION.encodable },
      { name: 'SS58Prefix', type: t.u16, value: RUNTIME_VERSION.ss58Prefix },
    ],
  };
}
