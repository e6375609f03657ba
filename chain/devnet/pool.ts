import type { AccountHex } from './runtime/dispatch.js';
import type { DecodedExtrinsic } from './runtime/extrinsic.js';

/** Status updates of a watched extrinsic, as `author_extrinsicUpdate` sends them. */
export type TxStatus =
  | 'ready'
  | 'future'
  | 'invalid'
  | 'dropped'
  | { inBlock: string }
  | { finalized: string };

export interface PoolTx {
  xt: DecodedExtrinsic;
  who: AccountHex;
  nonce: number;
  watchers: Set<(status: TxStatus) => void>;
}

/** Why the pool refuses an otherwise valid transaction. */
export class PoolRejection extends Error {
  readonly kind: 'already-imported' | 'too-low-priority';
  constructor(kind: 'already-imported' | 'too-low-priority', message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Transactions waiting for a block, ordered by nonce so each sender's queue goes in sequence. */
export class TxPool {
  readonly #txs = new Map<string, PoolTx>();

  add(tx: PoolTx): void {
    if (this.#txs.has(tx.xt.hash)) throw new PoolRejection('already-imported', tx.xt.hash);
    for (const other of this.#txs.values())
      if (other.who === tx.who && other.nonce === tx.nonce)
        throw new PoolRejection('too-low-priority', 'Priority is too low: (0 vs 0)');
    this.#txs.set(tx.xt.hash, tx);
  }

  get(hash: string): PoolTx | undefined {
    return this.#txs.get(hash);
  }

  /** Pending transactions in inclusion order. */
  pending(): PoolTx[] {
    return [...this.#txs.values()].sort((a, b) => a.nonce - b.nonce);
  }

  /** Removes a transaction and tells its watchers why. */
  remove(hash: string, ...statuses: TxStatus[]): void {
    const tx = this.#txs.get(hash);
    if (!tx) return;
    this.#txs.delete(hash);
    for (const status of statuses) for (const watcher of tx.watchers) watcher(status);
    tx.watchers.clear();
  }

  /** Next nonce for `who`: past the account nonce and any contiguous run of its pooled transactions. */
  nextNonce(who: AccountHex, accountNonce: number): number {
    const nonces = new Set([...this.#txs.values()].filter((t) => t.who === who).map((t) => t.nonce));
    let next = accountNonce;
    while (nonces.has(next)) next++;
    return next;
  }

  get size(): number {
    return this.#txs.size;
  }

  hashes(): string[] {
    return [...this.#txs.keys()];
  }
}
