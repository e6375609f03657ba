import { createHash } from 'node:crypto';

/**
 * Our seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state)
 * whose state is the first 16 bytes of SHA-256(seed) read as four little-endian uint32 words.
 * Every draw derives from the seed string alone, so any machine reproduces the same sequence.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** A new array: Fisher-Yates from the last index down. */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct items, in draw order. */
  sample<T>(items: readonly T[], k: number): T[];
}

export function createRng(seed: string): Rng {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs, as sfc32's author recommends, so near-identical seeds decorrelate.
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 4294967296;
  const below = (n: number) => Math.floor(next() * n);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = below(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    next,
    below,
    int: (lo, hi) => lo + below(hi - lo + 1),
    pick: (items) => items[below(items.length)]!,
    shuffle,
    sample: (items, k) => shuffle(items).slice(0, k),
  };
}
