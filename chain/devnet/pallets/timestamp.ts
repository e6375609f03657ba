import { badOrigin, type PalletCalls, weight } from '../runtime/dispatch.js';
import { storage } from '../runtime/storage-entry.js';

export const Timestamp = {
  Now: storage<[], bigint>('Timestamp', 'Now'),
  DidUpdate: storage<[], boolean>('Timestamp', 'DidUpdate'),
};

/** `Timestamp.set` is the mandatory inherent each block starts with; signed origins are refused. */
export const timestampCalls: PalletCalls = {
  set: {
    weight: weight(10_000_000, 1, 1),
    class: 'Mandatory',
    dispatch: (ctx, args) => {
      if (ctx.origin.kind !== 'none') throw badOrigin();
      Timestamp.Now.set(ctx.state, [], args.now as bigint);
      Timestamp.DidUpdate.set(ctx.state, [], true);
    },
  },
};
