import type { GenericCall } from '@polkadot/types/generic';
import {
  type AccountHex,
  type CallContext,
  DispatchError,
  ensureSigned,
  errorsOf,
  type PalletCalls,
  weight,
} from '../runtime/dispatch.js';
import { storage } from '../runtime/storage-entry.js';
import { lookupAddress } from './balances.js';

export const Sudo = {
  Key: storage<[], AccountHex | null>('Sudo', 'Key'),
};

const error = errorsOf('Sudo');

function ensureSudo(ctx: CallContext): AccountHex {
  const who = ensureSigned(ctx.origin);
  if (Sudo.Key.get(ctx.state) !== who) throw error('RequireSudo');
  return who;
}

/** Runs `call` and reports its outcome as the `DispatchResult` value sudo events carry. */
function dispatchResult(ctx: CallContext, call: GenericCall, origin: CallContext['origin']): unknown {
  try {
    ctx.dispatch(call, origin);
    return { Ok: null };
  } catch (err) {
    if (err instanceof DispatchError) return { Err: err.value };
    throw err;
  }
}

/** Sudo pallet: root dispatch for the key holder; successful sudo calls are free (Pays::No). */
export function sudoCalls(innerWeight: (call: GenericCall) => bigint): PalletCalls {
  return {
    sudo: {
      paysOnSuccess: 'No',
      weight: (a) => innerWeight(a.call as GenericCall) + weight(1_780_000),
      dispatch: (ctx, a) => {
        ensureSudo(ctx);
        ctx.deposit('Sudo', 'Sudid', dispatchResult(ctx, a.call as GenericCall, { kind: 'root' }));
      },
    },
    set_key: {
      paysOnSuccess: 'No',
      weight: weight(9_000_000, 1, 1),
      dispatch: (ctx, a) => {
        const old = ensureSudo(ctx);
        const next = lookupAddress(a.new);
        Sudo.Key.set(ctx.state, [], next);
        ctx.deposit('Sudo', 'KeyChanged', old, next);
      },
    },
    sudo_as: {
      paysOnSuccess: 'No',
      weight: (a) => innerWeight(a.call as GenericCall) + weight(13_000_000),
      dispatch: (ctx, a) => {
        ensureSudo(ctx);
        const who = lookupAddress(a.who);
        ctx.deposit(
          'Sudo',
          'SudoAsDone',
          dispatchResult(ctx, a.call as GenericCall, { kind: 'signed', who }),
        );
      },
    },
  };
}
