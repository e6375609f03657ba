import { blake2AsHex } from '@polkadot/util-crypto';
import {
  type AccountHex,
  badOrigin,
  type CallContext,
  ensureSigned,
  type PalletCalls,
  weight,
} from '../runtime/dispatch.js';
import type { Overlay } from '../runtime/state.js';
import { storage } from '../runtime/storage-entry.js';

export interface AccountData {
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  flags: bigint;
}

export interface AccountInfo {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  data: AccountData;
}

export const System = {
  Account: storage<[AccountHex], AccountInfo>('System', 'Account'),
  ExtrinsicCount: storage<[], number | null>('System', 'ExtrinsicCount'),
  BlockHash: storage<[number], string>('System', 'BlockHash'),
  Number: storage<[], number>('System', 'Number'),
  ParentHash: storage<[], string>('System', 'ParentHash'),
  Events: storage<[], unknown[]>('System', 'Events'),
  EventCount: storage<[], number>('System', 'EventCount'),
};

/** Helpers receive the state and an event sink, inside or outside a call. */
export type Env = Pick<CallContext, 'state' | 'deposit'>;

/** Writes an account back; an account with no references and no funds is reaped like frame_system does. */
export function putAccount(env: Env, who: AccountHex, info: AccountInfo): void {
  const { state } = env;
  const existed = System.Account.has(state, who) && System.Account.get(state, who).providers > 0;
  if (info.providers === 0 && info.sufficients === 0 && info.data.free === 0n && info.data.reserved === 0n) {
    if (existed) env.deposit('System', 'KilledAccount', who);
    System.Account.remove(state, who);
    return;
  }
  if (!existed && info.providers > 0) env.deposit('System', 'NewAccount', who);
  System.Account.set(state, [who], info);
}

export function accountNonce(state: Pick<Overlay, 'get' | 'keysWithPrefix'>, who: AccountHex): number {
  return System.Account.get(state, who).nonce;
}

export const systemCalls: PalletCalls = {
  remark: {
    weight: () => weight(1_754_000),
    dispatch: (ctx) => {
      if (ctx.origin.kind === 'none') throw badOrigin();
    },
  },
  remark_with_event: {
    weight: () => weight(5_961_000),
    dispatch: (ctx, args) => {
      ctx.deposit(
        'System',
        'Remarked',
        ensureSigned(ctx.origin),
        blake2AsHex(args.remark as Uint8Array, 256),
      );
    },
  },
};
