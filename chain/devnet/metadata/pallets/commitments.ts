import type { PalletSpec, SpecContext } from '../spec.js';
import { variants } from '../type-builder.js';

/** Runtime constants of the Commitments pallet (spec 393). */
export const MAX_FIELDS = 3;
export const DEFAULT_MAX_SPACE = 3100;
export const TIMELOCK_MAX_BYTES = 1024;
export const BIG_RAW_MAX_BYTES = 512;

export function commitmentsSpec({ b, t }: SpecContext): PalletSpec {
  const boundedBytes = b.composite(
    'bounded_collections::bounded_vec::BoundedVec',
    [{ type: t.bytes, typeName: 'Vec<T>' }],
    [{ name: 'T', type: t.u8 }, { name: 'S' }],
  );
  const data = b.variant('pallet_commitments::types::Data', [
    { name: 'None', index: 0, fields: [] },
    ...Array.from({ length: 129 }, (_, n) => ({
      name: `Raw${n}`,
      index: n + 1,
      fields: [{ type: b.array(n, t.u8) }],
    })),
    ...['BlakeTwo256', 'Sha256', 'Keccak256', 'ShaThree256'].map((name, i) => ({
      name,
      index: 130 + i,
      fields: [{ type: t.arr32 }],
    })),
    {
      name: 'TimelockEncrypted',
      index: 134,
      fields: [
        { name: 'encrypted', type: boundedBytes },
        { name: 'reveal_round', type: t.u64 },
      ],
    },
    { name: 'ResetBondsFlag', index: 135, fields: [] },
    { name: 'BigRaw', index: 136, fields: [{ type: boundedBytes }] },
  ]);
  const fields = b.composite(
    'bounded_collections::bounded_vec::BoundedVec',
    [{ type: b.vec(data), typeName: 'Vec<T>' }],
    [{ name: 'T', type: data }, { name: 'S' }],
  );
  const info = b.composite(
    'pallet_commitments::types::CommitmentInfo',
    [{ name: 'fields', type: fields, typeName: 'BoundedVec<Data, FieldLimit>' }],
    [{ name: 'FieldLimit' }],
  );
  const registration = b.composite(
    'pallet_commitments::types::Registration',
    [
      { name: 'deposit', type: t.u64, typeName: 'Balance' },
      { name: 'block', type: t.u32, typeName: 'BlockNumber' },
      { name: 'info', type: info, typeName: 'CommitmentInfo<MaxFields>' },
    ],
    [{ name: 'Balance', type: t.u64 }, { name: 'MaxFields' }, { name: 'BlockNumber', type: t.u32 }],
  );
  const usage = b.composite('pallet_commitments::types::UsageTracker', [
    { name: 'last_epoch', type: t.u64, typeName: 'u64' },
    { name: 'used_space', type: t.u64, typeName: 'u64' },
  ]);
  const byHotkey: ['Identity' | 'Twox64Concat', number][] = [
    ['Identity', t.u16],
    ['Twox64Concat', t.accountId],
  ];
  const who: [string, number, string] = ['who', t.accountId, 'T::AccountId'];
  return {
    name: 'Commitments',
    index: 18,
    path: 'pallet_commitments::pallet',
    calls: [
      {
        name: 'set_commitment',
        index: 0,
        args: [
          ['netuid', t.u16, 'NetUid'],
          ['info', info, 'Box<CommitmentInfo<T::MaxFields>>'],
        ],
      },
      { name: 'set_max_space', index: 2, args: [['new_limit', t.u32, 'u32']] },
    ],
    events: variants([
      ['Commitment', 0, [['netuid', t.u16, 'NetUid'], who]],
      ['TimelockCommitment', 1, [['netuid', t.u16, 'NetUid'], who, ['reveal_round', t.u64, 'u64']]],
    ]),
    errors: [
      'TooManyFieldsInCommitmentInfo',
      'AccountNotAllowedCommit',
      'SpaceLimitExceeded',
      'UnexpectedUnreserveLeftover',
    ],
    storage: [
      { name: 'CommitmentOf', optional: true, keys: byHotkey, value: registration },
      { name: 'LastCommitment', optional: true, keys: byHotkey, value: t.u32 },
      { name: 'LastBondsReset', optional: true, keys: byHotkey, value: t.u32 },
      { name: 'UsedSpaceOf', optional: true, keys: byHotkey, value: usage },
      { name: 'MaxSpace', value: t.u32, fallback: DEFAULT_MAX_SPACE },
    ],
    constants: [
      { name: 'MaxFields', type: t.u32, value: MAX_FIELDS },
      { name: 'InitialDeposit', type: t.u64, value: 0 },
      { name: 'FieldDeposit', type: t.u64, value: 0 },
    ],
  };
}
