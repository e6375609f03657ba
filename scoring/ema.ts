/** One hotkey's moving average of round composites (0..100). */
export interface AverageState {
  hotkey: string;
  uid: number;
  value: number;
  rounds: number;
  lastRound: number;
}

export interface RoundComposite {
  hotkey: string;
  uid: number;
  composite: number;
}

/**
 * Updates per-hotkey exponential moving averages with one round's composites. The first observation of a
 * hotkey starts its average at that score. A uid that now belongs to another hotkey starts over (the old
 * hotkey's state is dropped). Hotkeys not evaluated this round keep their average unchanged.
 */
export function updateAverages(
  previous: readonly AverageState[],
  round: number,
  results: readonly RoundComposite[],
  alpha: number,
): AverageState[] {
  const byHotkey = new Map(previous.map((s) => [s.hotkey, s]));
  const uidOwner = new Map(results.map((r) => [r.uid, r.hotkey]));
  for (const s of previous) {
    const owner = uidOwner.get(s.uid);
    if (owner !== undefined && owner !== s.hotkey) byHotkey.delete(s.hotkey);
  }
  for (const r of results) {
    const prev = byHotkey.get(r.hotkey);
    const value = prev && prev.uid === r.uid ? alpha * r.composite + (1 - alpha) * prev.value : r.composite;
    byHotkey.set(r.hotkey, {
      hotkey: r.hotkey,
      uid: r.uid,
      value,
      rounds: prev && prev.uid === r.uid ? prev.rounds + 1 : 1,
      lastRound: round,
    });
  }
  return [...byHotkey.values()].sort((a, b) => a.uid - b.uid || a.hotkey.localeCompare(b.hotkey));
}
