/**
 * Remembers nonces for `ttlMs` (twice the skew window covers every timestamp still accepted) so a signed
 * request cannot be replayed. Insertion order is expiry order, so pruning only looks at the oldest entries.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000_000,
  ) {}

  /** True the first time `nonce` is claimed within the TTL, false on a replay. */
  claim(nonce: string, now: number): boolean {
    for (const [key, expires] of this.seen) {
      if (expires > now && this.seen.size < this.maxEntries) break;
      this.seen.delete(key);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + this.ttlMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
