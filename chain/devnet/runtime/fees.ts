import type { DispatchInfo } from './calls.js';

/** ExtrinsicBaseWeight of the Subtensor runtime (BlockWeights.perClass.normal.baseExtrinsic). */
export const BASE_EXTRINSIC_WEIGHT = 108_157_000n;

/** Subtensor's LinearWeightToFee: 0.0005 rao per unit of ref time (Perbill 500_000), rounded down. */
export const weightToFee = (weight: bigint) => (weight * 500_000n) / 1_000_000_000n;

export interface FeeParts {
  baseFee: bigint;
  lenFee: bigint;
  adjustedWeightFee: bigint;
}

/** Inclusion fee parts (LengthToFee is the identity: 1 rao per byte; the fee multiplier is 1). */
export function feeParts(len: number, info: DispatchInfo): FeeParts | undefined {
  if (info.pays === 'No') return undefined;
  return {
    baseFee: weightToFee(BASE_EXTRINSIC_WEIGHT),
    lenFee: BigInt(len),
    adjustedWeightFee: weightToFee(info.weight),
  };
}

/** The fee withdrawn before dispatch: inclusion fee (Pays::Yes only) plus tip. */
export function computeFee(len: number, info: DispatchInfo, tip: bigint): bigint {
  const parts = feeParts(len, info);
  return (parts ? parts.baseFee + parts.lenFee + parts.adjustedWeightFee : 0n) + tip;
}
