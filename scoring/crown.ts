/**
 * The champion rule with a decaying crown threshold (Gittensor's rule rescaled to 0..100): a challenger
 * takes #1 only with a score above sota + margin * (100 - sota) / 100, where sota is the champion's score.
 * Ties go to the earlier commit (block, then extrinsic index).
 */
export function crownThreshold(sota: number, margin: number): number {
  return sota + (margin * Math.max(100 - sota, 0)) / 100;
}

export interface Contender {
  hotkey: string;
  uid: number;
  score: number;
  commitBlock: number;
  commitIndex: number;
}

export interface Champion {
  hotkey: string;
  uid: number;
  /** Round and block at which this hotkey took #1. */
  sinceRound: number;
  sinceBlock: number;
}

export interface CrownDecision {
  champion: Champion | undefined;
  /** Set when #1 changed hands this round. */
  changed: boolean;
  /** The score a challenger must beat next round (undefined without a champion). */
  threshold: number | undefined;
  reason: string;
}

/** Contenders best first: score, then earlier commit block, then earlier extrinsic index, then hotkey. */
export function rankContenders(contenders: readonly Contender[]): Contender[] {
  return [...contenders].sort(
    (a, b) =>
      b.score - a.score ||
      a.commitBlock - b.commitBlock ||
      a.commitIndex - b.commitIndex ||
      a.hotkey.localeCompare(b.hotkey),
  );
}

/**
 * Decides #1 for a round. `contenders` are the eligible miners with their averaged scores; a champion that
 * is no longer among them (deregistered, disqualified, ineligible) loses the crown. `floor` is the least
 * score that can hold the crown at all.
 */
export function decideChampion(
  current: Champion | undefined,
  contenders: readonly Contender[],
  options: { margin: number; floor: number; round: number; block: number },
): CrownDecision {
  const ranked = rankContenders(contenders).filter((c) => c.score > options.floor);
  const crown = (c: Contender, reason: string): CrownDecision => ({
    champion: { hotkey: c.hotkey, uid: c.uid, sinceRound: options.round, sinceBlock: options.block },
    changed: true,
    threshold: crownThreshold(c.score, options.margin),
    reason,
  });
  const holder = current && ranked.find((c) => c.hotkey === current.hotkey);
  if (!holder) {
    const top = ranked[0];
    if (!top)
      return {
        champion: undefined,
        changed: current !== undefined,
        threshold: undefined,
        reason: 'no eligible miner above the floor',
      };
    return crown(
      top,
      current ? `previous champion ${current.hotkey} is no longer eligible` : 'first champion',
    );
  }
  const threshold = crownThreshold(holder.score, options.margin);
  const challenger = ranked.find((c) => c.hotkey !== holder.hotkey);
  if (challenger && challenger.score > threshold) {
    return crown(
      challenger,
      `${challenger.hotkey} scored ${challenger.score.toFixed(2)} > threshold ${threshold.toFixed(2)}`,
    );
  }
  return { champion: current, changed: false, threshold, reason: 'champion holds' };
}
