import type { SubmittableResult } from '@polkadot/api';
import type { Call, DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { Logger } from '../config/index.js';
import type { Connection } from './connection.js';
import { dispatchFailure, poolFailure } from './decode-error.js';
import { ChainErrors, withDetails } from './errors.js';
import type { ChainEvent, Signer, TxResult } from './types.js';

export interface SubmitContext {
  conn: Connection;
  logger: Logger;
  /** Called once a transaction is in the pool (devnets that build blocks on demand seal one here). */
  onPooled: (() => Promise<void>) | undefined;
  /** See ChainFeatures.legacyCustomErrors. */
  legacyCustomErrors: boolean;
  /** chain.inclusionTimeoutMs: a node that keeps the connection but never includes the call must not hold its caller. */
  inclusionTimeoutMs: number;
}

/** What a call is, for messages: "set_weights on netuid 2 by 5F…". */
export interface CallLabel {
  call: string;
  where: string;
}

/** A failed sudo or batch inside a successful extrinsic: its DispatchError. */
function innerFailure(records: EventRecord[]): DispatchError | undefined {
  for (const { event } of records) {
    if (event.section === 'sudo' && (event.method === 'Sudid' || event.method === 'SudoAsDone')) {
      const result = event.data[0] as unknown as { isErr: boolean; asErr: DispatchError };
      if (result.isErr) return result.asErr;
    }
    if (event.section === 'utility' && event.method === 'BatchInterrupted') {
      return event.data[1] as unknown as DispatchError;
    }
  }
  return undefined;
}

const toEvent = ({ event }: EventRecord): ChainEvent => ({
  pallet: event.section,
  name: event.method,
  data: event.data.toJSON(),
});

/**
 * Signs `call` (nonce from the pool, so back-to-back calls of one signer queue up), submits and watches it, and
 * resolves once it is in a block without error. Pool rejections, in-block failures (also inside sudo/batch) and
 * a dropped connection reject with named CHAIN_* errors.
 */
export function submitCall(
  ctx: SubmitContext,
  signer: Signer,
  call: Call,
  label: CallLabel,
): Promise<TxResult> {
  const { api, url } = ctx.conn;
  const log = ctx.logger.child({ call: label.call });
  return new Promise<TxResult>((resolve, reject) => {
    let settled = false;
    let txHash: string | undefined;
    let unsubscribe: (() => void) | undefined;
    const offDisconnect = ctx.conn.onDisconnect(() =>
      finish(withDetails(ChainErrors.DISCONNECTED(url, label.where), { call: label.call, txHash })),
    );
    const timer = setTimeout(
      () =>
        finish(
          withDetails(ChainErrors.TX_NOT_INCLUDED(label.where, ctx.inclusionTimeoutMs), {
            call: label.call,
            txHash,
          }),
        ),
      ctx.inclusionTimeoutMs,
    );
    function finish(err: unknown, result?: TxResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offDisconnect();
      unsubscribe?.();
      if (result) resolve(result);
      else reject(err);
    }
    const onStatus = (result: SubmittableResult) => {
      const { status } = result;
      if ((status.isReady || status.isFuture) && txHash === undefined) {
        txHash = result.txHash.toHex();
        log.debug({ txHash }, 'transaction in the pool');
        ctx.onPooled?.().catch((err: unknown) => finish(err));
      }
      if (status.isInBlock || status.isFinalized) {
        const failure = result.dispatchError ?? innerFailure(result.events);
        if (failure) {
          finish(dispatchFailure(api.registry, failure, label.where, label.call));
          return;
        }
        finish(undefined, {
          txHash: result.txHash.toHex(),
          blockHash: (status.isInBlock ? status.asInBlock : status.asFinalized).toHex(),
          blockNumber: result.blockNumber?.toNumber() ?? 0,
          extrinsicIndex: result.txIndex ?? 0,
          events: result.events.map(toEvent),
        });
        return;
      }
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(withDetails(ChainErrors.TX_DROPPED(label.where, status.type), { call: label.call, txHash }));
      }
    };
    api
      .tx(call)
      .signAndSend(signer, { nonce: -1 }, onStatus)
      .then((unsub) => {
        unsubscribe = unsub;
        if (settled) unsub();
      })
      .catch((err: unknown) =>
        finish(poolFailure(err, url, label.where, label.call, ctx.legacyCustomErrors)),
      );
  });
}
