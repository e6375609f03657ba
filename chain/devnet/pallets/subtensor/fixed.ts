/** I32F32 fixed-point arithmetic as the `fixed` crate does it (32 fractional bits, truncating mul/div). */
const FRAC = 32n;
const ONE = 1n << FRAC;

const fromInt = (n: number | bigint) => BigInt(n) << FRAC;
const mul = (a: bigint, b: bigint) => (a * b) >> FRAC;
const div = (a: bigint, b: bigint) => (b === 0n ? 0n : (a << FRAC) / b);
/** Round half away from zero (non-negative inputs), then take the integer part. */
const roundToInt = (a: bigint) => (a + ONE / 2n) >> FRAC;

/** `vec_u16_max_upscale_to_u16`: scales values so the largest becomes 65535. */
export function maxUpscaleU16(values: number[]): number[] {
  const u16Max = fromInt(65535);
  const fixed = values.map(fromInt);
  let max = 0n;
  for (const v of fixed) if (v > max) max = v;
  if (max === 0n) return values.map(() => 0);
  const scaled =
    max > fromInt(32768)
      ? fixed.map((e) => roundToInt(mul(e, div(u16Max, max))))
      : fixed.map((e) => roundToInt(div(mul(e, u16Max), max)));
  return scaled.map((v) => Number(v > 65535n ? 65535n : v));
}

/** `check_vec_max_limited`: the sum-normalized maximum is at most `maxLimit / 65535`. */
export function isMaxLimited(values: number[], maxLimit: number): boolean {
  const limit = div(fromInt(maxLimit), fromInt(65535));
  const fixed = values.map(fromInt);
  const sum = fixed.reduce((s, v) => s + v, 0n);
  const normalized = sum === 0n ? fixed : fixed.map((v) => div(v, sum));
  return normalized.every((v) => v <= limit);
}
