export type Vote = 'a' | 'b' | 'tie' | 'both_bad';

export const ELO_START = 1500;
export const ELO_K = 32;

export function expectedScore(ra: number, rb: number): number {
  return 1 / (1 + 10 ** ((rb - ra) / 400));
}

/** New ratings after one arena vote; a tie rates 0.5 each; "both bad" is recorded but changes no rating. */
export function applyVote(ra: number, rb: number, vote: Vote, k = ELO_K): { a: number; b: number } {
  if (vote === 'both_bad') return { a: ra, b: rb };
  const sa = vote === 'a' ? 1 : vote === 'b' ? 0 : 0.5;
  const ea = expectedScore(ra, rb);
  return { a: ra + k * (sa - ea), b: rb + k * (1 - sa - (1 - ea)) };
}
