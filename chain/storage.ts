import type { Codec } from '@polkadot/types/types';
import type { Connection } from './connection.js';
import { connectionFailure } from './decode-error.js';
import type { RuntimeView } from './runtime.js';

export interface StorageRequest {
  pallet: string;
  item: string;
  args?: unknown[];
}

interface ChangeSet {
  block: string;
  changes: [string, string | null][];
}

const KEYS_PAGE = 1000;

/**
 * Batched storage reads over raw JSON-RPC: many keys in one `state_queryStorageAt` (one round trip), pinned to
 * one block so that every value of a sync comes from the same state. Counts the requests it sends.
 */
export class StorageReader {
  requests = 0;

  constructor(
    private readonly conn: Connection,
    private readonly view: () => RuntimeView,
  ) {}

  async send<T>(method: string, params: unknown[], during: string): Promise<T> {
    this.requests++;
    try {
      return (await this.conn.provider.send(method, params)) as T;
    } catch (err) {
      throw connectionFailure(err, this.conn.url, during);
    }
  }

  /** Raw values of many keys in one round trip; `blockHash` is the block read (the head when `at` is unset). */
  async queryRaw(
    keys: readonly string[],
    at?: string,
  ): Promise<{ blockHash: string; values: (string | null)[] }> {
    if (keys.length === 0) return { blockHash: at ?? '', values: [] };
    const sets = await this.send<ChangeSet[]>(
      'state_queryStorageAt',
      at ? [keys, at] : [keys],
      'reading storage',
    );
    const found = new Map<string, string | null>();
    for (const set of sets) for (const [key, value] of set.changes) found.set(key, value);
    return { blockHash: sets[0]?.block ?? at ?? '', values: keys.map((k) => found.get(k) ?? null) };
  }

  /** Reads and decodes many items in one round trip. */
  async query(
    requests: readonly StorageRequest[],
    at?: string,
  ): Promise<{ blockHash: string; values: (Codec | undefined)[] }> {
    const view = this.view();
    const keys = requests.map((r) => view.key(r.pallet, r.item, ...(r.args ?? [])));
    const { blockHash, values } = await this.queryRaw(keys, at);
    return { blockHash, values: requests.map((r, i) => view.decode(r.pallet, r.item, values[i])) };
  }

  /** Every key under a prefix, paged. */
  async keys(prefix: string, at: string): Promise<string[]> {
    const out: string[] = [];
    for (let start: string | undefined; ; ) {
      const page = await this.send<string[]>(
        'state_getKeysPaged',
        [prefix, KEYS_PAGE, start ?? prefix, at],
        'listing storage keys',
      );
      out.push(...page);
      if (page.length < KEYS_PAGE) return out;
      start = page[page.length - 1];
    }
  }
}
