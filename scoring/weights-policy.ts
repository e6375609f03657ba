export interface WeightPolicy {
  /** Share of all weight given to the champion (0..1). */
  championShare: number;
  /** Scores at or below this earn no weight (0..100). */
  qualityFloor: number;
  /** Uid that receives every share not allocated to a miner (the subnet owner's burn). */
  burnUid: number;
}

export interface Scored {
  uid: number;
  hotkey: string;
  score: number;
}

/**
 * The weight vector for a round, as floats over uids summing to 1: the champion gets championShare; the
 * rest is spread over every other eligible miner in proportion to (score - floor) above the floor; any
 * share nobody earned goes to burnUid.
 */
export function weightVector(
  eligible: readonly Scored[],
  championHotkey: string | undefined,
  policy: WeightPolicy,
): Map<number, number> {
  const weights = new Map<number, number>();
  const add = (uid: number, w: number) => {
    if (w > 0) weights.set(uid, (weights.get(uid) ?? 0) + w);
  };
  const champion = eligible.find((e) => e.hotkey === championHotkey && e.score > policy.qualityFloor);
  let unallocated = 1;
  if (champion) {
    add(champion.uid, policy.championShare);
    unallocated -= policy.championShare;
  }
  const others = eligible.filter((e) => e !== champion && e.score > policy.qualityFloor);
  const total = others.reduce((s, e) => s + (e.score - policy.qualityFloor), 0);
  if (total > 0) {
    const pool = unallocated;
    for (const e of others) add(e.uid, (pool * (e.score - policy.qualityFloor)) / total);
    unallocated = 0;
  }
  add(policy.burnUid, unallocated);
  return weights;
}
