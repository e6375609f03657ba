import type { Codec } from '@polkadot/types/types';

/** Small readers for decoded storage values (numbers that fit, bigints for balances, struct fields, vectors). */
export const num = (c: Codec | undefined): number => (c === undefined ? 0 : Number(c.toString()));
export const big = (c: Codec | undefined): bigint => (c === undefined ? 0n : BigInt(c.toString()));
export const bool = (c: Codec | undefined): boolean => c?.toJSON() === true;
export const field = (c: Codec | undefined, name: string): Codec | undefined =>
  (c as unknown as { get?: (k: string) => Codec | undefined } | undefined)?.get?.(name);
export const list = (c: Codec | undefined): Codec[] =>
  c === undefined ? [] : [...(c as unknown as Codec[])];
/** A u16 fixed-point fraction (0..65535) as a number in [0, 1]. */
export const u16Fraction = (c: Codec | undefined): number => num(c) / 65535;
