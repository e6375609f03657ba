import { applyVote, ELO_START } from '../../scoring/index.js';
import type { ArenaRating, ArenaVoteRecord } from '../view.js';

export interface KnownMiner {
  uid: number | undefined;
  name: string;
}

/**
 * The Elo ladder from every recorded vote, replayed in order from ELO_START; miners in `known` that
 * have no votes yet are listed at the start rating. Sorted by rating, then hotkey.
 */
export function eloLadder(
  votes: readonly ArenaVoteRecord[],
  known: ReadonlyMap<string, KnownMiner>,
): ArenaRating[] {
  const ratings = new Map<string, ArenaRating>();
  const entry = (hotkey: string): ArenaRating => {
    let r = ratings.get(hotkey);
    if (!r) {
      const miner = known.get(hotkey);
      r = {
        hotkey,
        uid: miner?.uid,
        name: miner?.name ?? 'unknown',
        rating: ELO_START,
        wins: 0,
        losses: 0,
        ties: 0,
        bothBad: 0,
      };
      ratings.set(hotkey, r);
    }
    return r;
  };
  for (const hotkey of known.keys()) entry(hotkey);
  for (const v of votes) {
    if (v.a === v.b) continue;
    const a = entry(v.a);
    const b = entry(v.b);
    const next = applyVote(a.rating, b.rating, v.vote);
    a.rating = next.a;
    b.rating = next.b;
    if (v.vote === 'a') {
      a.wins++;
      b.losses++;
    } else if (v.vote === 'b') {
      b.wins++;
      a.losses++;
    } else if (v.vote === 'tie') {
      a.ties++;
      b.ties++;
    } else {
      a.bothBad++;
      b.bothBad++;
    }
  }
  return [...ratings.values()].sort((x, y) => y.rating - x.rating || x.hotkey.localeCompare(y.hotkey));
}
