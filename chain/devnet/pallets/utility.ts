import type { GenericCall } from '@polkadot/types/generic';
import { BATCHED_CALLS_LIMIT } from '../metadata/pallets/utility.js';
import {
  badOrigin,
  type CallContext,
  DispatchError,
  errorsOf,
  type PalletCalls,
  weight,
} from '../runtime/dispatch.js';

const error = errorsOf('Utility');
const systemError = errorsOf('System');

function checkBatch(ctx: CallContext, calls: GenericCall[]): void {
  if (ctx.origin.kind === 'none') throw badOrigin();
  if (calls.length > BATCHED_CALLS_LIMIT) throw error('TooManyCalls');
}

const isBatchAll = (call: GenericCall) => call.section === 'utility' && call.method === 'batchAll';

/** Utility (pallet_subtensor_utility) batches: `batch` stops at the first error, `batch_all` is atomic, `force_batch` goes on. */
export function utilityCalls(innerWeight: (call: GenericCall) => bigint): PalletCalls {
  const batchWeight = (a: Record<string, unknown>) =>
    (a.calls as GenericCall[]).reduce(
      (sum, c) => sum + innerWeight(c) + weight(5_000_000),
      weight(5_000_000),
    );
  return {
    batch: {
      weight: batchWeight,
      dispatch: (ctx, a) => {
        const calls = a.calls as GenericCall[];
        checkBatch(ctx, calls);
        for (const [index, call] of calls.entries()) {
          try {
            ctx.dispatch(call, ctx.origin);
          } catch (err) {
            if (!(err instanceof DispatchError)) throw err;
            ctx.deposit('Utility', 'BatchInterrupted', index, err.value);
            return;
          }
          ctx.deposit('Utility', 'ItemCompleted');
        }
        ctx.deposit('Utility', 'BatchCompleted');
      },
    },
    batch_all: {
      weight: batchWeight,
      dispatch: (ctx, a) => {
        const calls = a.calls as GenericCall[];
        checkBatch(ctx, calls);
        for (const call of calls) {
          // A nested batch_all is filtered out for non-root origins (the runtime's call filter).
          if (ctx.origin.kind !== 'root' && isBatchAll(call)) throw systemError('CallFiltered');
          ctx.dispatch(call, ctx.origin);
          ctx.deposit('Utility', 'ItemCompleted');
        }
        ctx.deposit('Utility', 'BatchCompleted');
      },
    },
    force_batch: {
      weight: batchWeight,
      dispatch: (ctx, a) => {
        const calls = a.calls as GenericCall[];
        checkBatch(ctx, calls);
        let failed = false;
        for (const call of calls) {
          try {
            ctx.dispatch(call, ctx.origin);
            ctx.deposit('Utility', 'ItemCompleted');
          } catch (err) {
            if (!(err instanceof DispatchError)) throw err;
            failed = true;
            ctx.deposit('Utility', 'ItemFailed', err.value);
          }
        }
        ctx.deposit('Utility', failed ? 'BatchCompletedWithErrors' : 'BatchCompleted');
      },
    },
  };
}
