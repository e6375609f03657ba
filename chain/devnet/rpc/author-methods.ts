import { u8aToHex } from '@polkadot/util';
import type { Chain } from '../chain.js';
import { PoolRejection, type TxStatus } from '../pool.js';
import { TransactionValidityError, UndecodableExtrinsic } from '../runtime/extrinsic.js';
import { hexParam, type Register, unsubscribe } from './params.js';
import { RpcError } from './server.js';

/** Text of sp_runtime's InvalidTransaction variants, as nodes put them in `data` of error 1010. */
const INVALID_TRANSACTION: Record<string, string> = {
  Call: 'Transaction call is not expected',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  BadSigner: 'Invalid signing address',
};

/** Longest wait between a watched extrinsic's `inBlock` and `finalized` updates (see below). */
export const FINALIZED_STATUS_FALLBACK_MS = 2000;
const FINALIZED_STATUS_SETTLE_MS = 10;

/** Maps pool/validation failures to the JSON-RPC errors a Substrate node returns from author_*. */
function authorError(err: unknown): RpcError {
  if (err instanceof TransactionValidityError) {
    if (err.kind === 'unknown') return new RpcError(1011, 'Unknown Transaction Validity', err.reason);
    return new RpcError(
      1010,
      'Invalid Transaction',
      err.message in INVALID_TRANSACTION ? INVALID_TRANSACTION[err.message] : err.message,
    );
  }
  if (err instanceof UndecodableExtrinsic)
    return new RpcError(
      1002,
      'Verification Error: Runtime error: Execution failed: Execution aborted due to trap: wasm trap: wasm `unreachable` instruction executed',
      `Bad input data provided to validate_transaction: ${err.message}`,
    );
  if (err instanceof PoolRejection)
    return err.kind === 'already-imported'
      ? new RpcError(1013, 'Transaction Already Imported', err.message)
      : new RpcError(
          1014,
          err.message,
          'The transaction has too low priority to replace another transaction already in the pool.',
        );
  throw err;
}

/** author_* methods: submit (and watch) extrinsics, pending pool. */
export function registerAuthorMethods(register: Register, chain: Chain): void {
  register('author_submitExtrinsic', ([xt]) => {
    try {
      return chain.submit(Buffer.from(hexParam(xt, 'extrinsic').slice(2), 'hex')).xt.hash;
    } catch (err) {
      throw authorError(err);
    }
  });
  register('author_submitAndWatchExtrinsic', ([xt], connection) => {
    const bytes = Buffer.from(hexParam(xt, 'extrinsic').slice(2), 'hex');
    const pending: TxStatus[] = [];
    let deliver: ((status: TxStatus) => void) | undefined;
    try {
      chain.submit(bytes, (status) => (deliver ? deliver(status) : pending.push(status)));
    } catch (err) {
      throw authorError(err);
    }
    return connection.subscribe('author_extrinsicUpdate', (emit) => {
      const cleanups = new Set<() => void>();
      // Finality is instant, but @polkadot/api drops an `inBlock` update whose block and events it is
      // still fetching when `finalized` arrives (switchMap): `finalized` waits until this client read
      // the block body and state (what polkadot.js fetches), or FINALIZED_STATUS_FALLBACK_MS.
      deliver = (status) => {
        if (typeof status !== 'object' || !('finalized' in status)) return emit(status);
        const hash = status.finalized;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          for (const cleanup of cleanups) cleanup();
          cleanups.clear();
          emit(status);
        };
        // The reads' responses reach the client first; it needs a moment (promise continuations) to
        // turn them into the InBlock result before the next message may cancel it.
        const check = () => {
          if (released || !connection.hasRead(hash, 'body') || !connection.hasRead(hash, 'state')) return;
          const settle = setTimeout(release, FINALIZED_STATUS_SETTLE_MS);
          cleanups.add(() => clearTimeout(settle));
        };
        const timer = setTimeout(release, FINALIZED_STATUS_FALLBACK_MS);
        cleanups.add(() => clearTimeout(timer));
        cleanups.add(connection.onRead(check));
        check();
      };
      for (const status of pending) deliver(status);
      return () => {
        deliver = () => {};
        for (const cleanup of cleanups) cleanup();
      };
    });
  });
  register('author_unwatchExtrinsic', unsubscribe);
  register('author_pendingExtrinsics', () => chain.pool.pending().map((tx) => u8aToHex(tx.xt.bytes)));
}
