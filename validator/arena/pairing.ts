/** A source of uniform integers in [0, max); the arena passes crypto.randomInt, tests pass a fixed sequence. */
export type RandomInt = (max: number) => number;

/** Two distinct contestants drawn uniformly; the first drawn plays A, so the order is random too. */
export function pickPair<T>(contestants: readonly T[], randomInt: RandomInt): [T, T] {
  if (contestants.length < 2) throw new RangeError(`need two contestants, got ${contestants.length}`);
  const i = randomInt(contestants.length);
  // Draw from the n-1 others and skip over i, so every ordered pair is equally likely.
  const drawn = randomInt(contestants.length - 1);
  const j = drawn >= i ? drawn + 1 : drawn;
  return [contestants[i]!, contestants[j]!];
}
