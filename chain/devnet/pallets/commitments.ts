import { BIG_RAW_MAX_BYTES, MAX_FIELDS, TIMELOCK_MAX_BYTES } from '../metadata/pallets/commitments.js';
import {
  type AccountHex,
  ensureRoot,
  ensureSigned,
  errorsOf,
  type PalletCalls,
  weight,
} from '../runtime/dispatch.js';
import { storage } from '../runtime/storage-entry.js';
import { S } from './subtensor/storage.js';
import { epochIndex, isRegistered, uidOf } from './subtensor/subnets.js';

/** A `pallet_commitments::types::Data` as a plain value: `'None'`, `{ Raw5: '0x…' }`, `{ Sha256: '0x…' }`, … */
export type Data = string | Record<string, unknown>;

export interface Registration {
  deposit: bigint;
  block: number;
  info: { fields: Data[] };
}

type NetHotkey = [netuid: number, who: AccountHex];

export const Commitments = {
  CommitmentOf: storage<NetHotkey, Registration | null>('Commitments', 'CommitmentOf'),
  LastCommitment: storage<NetHotkey, number | null>('Commitments', 'LastCommitment'),
  LastBondsReset: storage<NetHotkey, number | null>('Commitments', 'LastBondsReset'),
  UsedSpaceOf: storage<NetHotkey, { lastEpoch: bigint; usedSpace: bigint } | null>(
    'Commitments',
    'UsedSpaceOf',
  ),
  MaxSpace: storage<[], number>('Commitments', 'MaxSpace'),
};

const error = errorsOf('Commitments');
const MIN_USED_SPACE = 100n;

const byteLength = (v: unknown) => (typeof v === 'string' ? (v.length - 2) / 2 : (v as Uint8Array).length);

/** `Data::len_for_rate_limit`. */
function spaceOf(field: Data): bigint {
  if (typeof field === 'string') return 0n;
  const [kind, value] = Object.entries(field)[0] as [string, unknown];
  if (kind === 'TimelockEncrypted') return BigInt(byteLength((value as { encrypted: Uint8Array }).encrypted));
  return BigInt(byteLength(value));
}

/** Bounds of the BoundedVecs inside CommitmentInfo; an extrinsic breaking them does not decode in the runtime. */
export function commitmentBoundsError(info: { fields: Data[] }): string | undefined {
  if (info.fields.length > MAX_FIELDS)
    return `CommitmentInfo has ${info.fields.length} fields, at most ${MAX_FIELDS}`;
  for (const field of info.fields) {
    if (typeof field === 'string') continue;
    const [kind, value] = Object.entries(field)[0] as [string, unknown];
    if (kind === 'TimelockEncrypted' && spaceOf(field) > TIMELOCK_MAX_BYTES)
      return 'TimelockEncrypted is too long';
    if (kind === 'BigRaw' && byteLength(value) > BIG_RAW_MAX_BYTES) return 'BigRaw is too long';
  }
  return undefined;
}

export const commitmentsCalls: PalletCalls = {
  set_commitment: {
    weight: weight(33_480_000, 5, 4),
    pays: 'No',
    bounds: (a) => commitmentBoundsError(a.info as { fields: Data[] }),
    dispatch: (ctx, a) => {
      const { state } = ctx;
      const netuid = a.netuid as number;
      const info = a.info as { fields: Data[] };
      const who = ensureSigned(ctx.origin);
      if (!isRegistered(state, netuid, who)) throw error('AccountNotAllowedCommit');
      if (info.fields.length > MAX_FIELDS) throw error('TooManyFieldsInCommitmentInfo');
      const required = info.fields.reduce((sum, f) => sum + spaceOf(f), 0n);
      const needed = required > MIN_USED_SPACE ? required : MIN_USED_SPACE;
      const epoch = epochIndex(state, netuid, BigInt(ctx.blockNumber));
      const usage = Commitments.UsedSpaceOf.get(state, netuid, who) ?? { lastEpoch: 0n, usedSpace: 0n };
      if (usage.lastEpoch !== epoch) Object.assign(usage, { lastEpoch: epoch, usedSpace: 0n });
      if (info.fields.includes('ResetBondsFlag')) {
        Commitments.LastBondsReset.set(state, [netuid, who], ctx.blockNumber);
        const uid = uidOf(state, netuid, who);
        if (uid !== null) S.Bonds.remove(state, netuid, uid);
      }
      if (usage.usedSpace + needed > BigInt(Commitments.MaxSpace.get(state)))
        throw error('SpaceLimitExceeded');
      Commitments.UsedSpaceOf.set(state, [netuid, who], { ...usage, usedSpace: usage.usedSpace + needed });
      Commitments.CommitmentOf.set(state, [netuid, who], { deposit: 0n, block: ctx.blockNumber, info });
      Commitments.LastCommitment.set(state, [netuid, who], ctx.blockNumber);
      const timelocked = info.fields.find((f) => typeof f === 'object' && 'TimelockEncrypted' in f);
      if (timelocked)
        ctx.deposit(
          'Commitments',
          'TimelockCommitment',
          netuid,
          who,
          (timelocked as { TimelockEncrypted: { revealRound: bigint } }).TimelockEncrypted.revealRound,
        );
      else ctx.deposit('Commitments', 'Commitment', netuid, who);
    },
  },
  set_max_space: {
    weight: weight(2_856_000, 0, 1),
    dispatch: (ctx, a) => {
      ensureRoot(ctx.origin);
      Commitments.MaxSpace.set(ctx.state, [], a.newLimit as number);
    },
  },
};
