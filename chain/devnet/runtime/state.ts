/** Storage keys are lowercase 0x-hex strings; their string order is the byte order of the keys. */
export type Key = string;

/** An immutable key-value state of one block. */
export class StateSnapshot {
  readonly #data: ReadonlyMap<Key, Uint8Array>;
  #sorted: Key[] | undefined;

  constructor(data: ReadonlyMap<Key, Uint8Array>) {
    this.#data = data;
  }

  get(key: Key): Uint8Array | undefined {
    return this.#data.get(key);
  }

  get size(): number {
    return this.#data.size;
  }

  sortedKeys(): Key[] {
    this.#sorted ??= [...this.#data.keys()].sort();
    return this.#sorted;
  }

  /** Keys starting with `prefix`, in order, strictly after `after` when given. */
  keysWithPrefix(prefix: Key, after?: Key): Key[] {
    const keys = this.sortedKeys();
    const from = after !== undefined && after > prefix ? after : prefix;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as Key) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Key[] = [];
    for (let i = lo; i < keys.length; i++) {
      const key = keys[i] as Key;
      if (!key.startsWith(prefix)) break;
      if (key !== after) out.push(key);
    }
    return out;
  }

  /** A new snapshot with `changes` applied (`null` deletes). */
  apply(changes: ReadonlyMap<Key, Uint8Array | null>): StateSnapshot {
    const next = new Map(this.#data);
    for (const [key, value] of changes) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return new StateSnapshot(next);
  }
}

/**
 * Writable view over a snapshot with nested storage transactions, the way FRAME runs each dispatch in a
 * transactional layer: `begin`, then `commit` or `rollback`.
 */
export class Overlay {
  readonly base: StateSnapshot;
  readonly #layers: Map<Key, Uint8Array | null>[] = [new Map()];

  constructor(base: StateSnapshot) {
    this.base = base;
  }

  get(key: Key): Uint8Array | undefined {
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i] as Map<Key, Uint8Array | null>;
      if (layer.has(key)) return layer.get(key) ?? undefined;
    }
    return this.base.get(key);
  }

  set(key: Key, value: Uint8Array): void {
    (this.#layers.at(-1) as Map<Key, Uint8Array | null>).set(key, value);
  }

  delete(key: Key): void {
    (this.#layers.at(-1) as Map<Key, Uint8Array | null>).set(key, null);
  }

  begin(): void {
    this.#layers.push(new Map());
  }

  commit(): void {
    const top = this.#pop();
    const below = this.#layers.at(-1) as Map<Key, Uint8Array | null>;
    for (const [key, value] of top) below.set(key, value);
  }

  rollback(): void {
    this.#pop();
  }

  /** Runs `fn` in a storage transaction: its writes are kept only if it returns without throwing. */
  transactional<T>(fn: () => T): T {
    this.begin();
    try {
      const result = fn();
      this.commit();
      return result;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  #pop(): Map<Key, Uint8Array | null> {
    if (this.#layers.length < 2) throw new Error('no storage transaction to close');
    return this.#layers.pop() as Map<Key, Uint8Array | null>;
  }

  /** Keys with `prefix` as seen through all layers, in order. */
  keysWithPrefix(prefix: Key): Key[] {
    const keys = new Set(this.base.keysWithPrefix(prefix));
    for (const layer of this.#layers)
      for (const [key, value] of layer) {
        if (!key.startsWith(prefix)) continue;
        if (value === null) keys.delete(key);
        else keys.add(key);
      }
    return [...keys].filter((k) => this.get(k) !== undefined).sort();
  }

  /** The accumulated changes; only valid outside any open transaction. */
  changes(): ReadonlyMap<Key, Uint8Array | null> {
    if (this.#layers.length !== 1) throw new Error('storage transaction still open');
    return this.#layers[0] as Map<Key, Uint8Array | null>;
  }
}
