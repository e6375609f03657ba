/**
 * Agreement between the validators of a devnet, from the weight rows they set on chain: cosine similarity
 * of the weight vectors (pairwise and with the stake-weighted mean), and each validator's trust under Yuma
 * consensus. Pure functions: the caller reads the rows and stakes from the chain.
 *
 * Yuma (Subtensor's epoch): with each validator's row normalized to sum 1 and stakes normalized to sum 1,
 * the consensus weight of a uid is the largest level w that validators holding at least kappa of the stake
 * give it (W_ij >= w); weights above it are clipped to it; a validator's trust is the sum of its clipped row
 * (1 when nothing it set exceeded consensus). Kappa is 0.5 on Subtensor unless the subnet changes it.
 */

/** A weight vector over uids (values need not be normalized). */
export type WeightVector = ReadonlyMap<number, number>;

/** Subtensor's default Kappa (32767 of 65535). */
export const YUMA_KAPPA = 0.5;

const EPSILON = 1e-12;

/** Cosine similarity of two weight vectors; 0 when either is all zero. */
export function cosine(a: WeightVector, b: WeightVector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [uid, x] of a) {
    dot += x * (b.get(uid) ?? 0);
    na += x * x;
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The vector scaled to sum 1 (all zero stays all zero). */
export function normalized(v: WeightVector): Map<number, number> {
  let sum = 0;
  for (const x of v.values()) sum += x;
  return new Map([...v].map(([uid, x]) => [uid, sum > 0 ? x / sum : 0]));
}

const normalizeStake = (stake: readonly number[]) => {
  const total = stake.reduce((a, b) => a + b, 0);
  return stake.map((s) => (total > 0 ? s / total : 0));
};

/** The stake-weighted mean of the normalized rows. */
export function stakeWeightedMean(
  rows: readonly WeightVector[],
  stake: readonly number[],
): Map<number, number> {
  const s = normalizeStake(stake);
  const mean = new Map<number, number>();
  rows.forEach((row, i) => {
    for (const [uid, w] of normalized(row)) mean.set(uid, (mean.get(uid) ?? 0) + (s[i] ?? 0) * w);
  });
  return mean;
}

export interface YumaTrust {
  /** Consensus weight per uid (the stake-weighted kappa-quantile of the normalized column). */
  consensus: Map<number, number>;
  /** Validator trust per row: the sum of the row clipped at consensus. */
  trust: number[];
}

/** Yuma consensus weights and validator trust of the given rows (one per validator) and stakes. */
export function yumaTrust(
  rows: readonly WeightVector[],
  stake: readonly number[],
  kappa = YUMA_KAPPA,
): YumaTrust {
  const s = normalizeStake(stake);
  const norm = rows.map(normalized);
  const uids = new Set(norm.flatMap((r) => [...r.keys()]));
  const consensus = new Map<number, number>();
  for (const uid of uids) {
    const column = norm.map((r) => r.get(uid) ?? 0);
    let level = 0;
    for (const w of [...new Set(column)].sort((a, b) => b - a)) {
      const support = column.reduce((acc, x, i) => (x >= w ? acc + (s[i] ?? 0) : acc), 0);
      if (support >= kappa - EPSILON) {
        level = w;
        break;
      }
    }
    consensus.set(uid, level);
  }
  const trust = norm.map((r) =>
    [...r].reduce((acc, [uid, w]) => acc + Math.min(w, consensus.get(uid) ?? 0), 0),
  );
  return { consensus, trust };
}
