export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

/** What per-task scores are grouped from (a TaskScore, or the task entries of a recorded round). */
export interface GroupableScore {
  success: boolean;
  quality: number;
  speed: number;
  cost: number;
  streaming: number;
}

export interface GroupSummary {
  count: number;
  passed: number;
  quality: number;
  speed: number;
  cost: number;
  streaming: number;
}

/** Per-group task counts and mean scores (0..100), groups sorted by name: by category, by task type, ... */
export function groupScores<T extends GroupableScore>(
  scores: readonly T[],
  key: (s: T) => string,
): Record<string, GroupSummary> {
  const groups = new Map<string, T[]>();
  for (const s of scores) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, xs]) => [
        k,
        {
          count: xs.length,
          passed: xs.filter((s) => s.success).length,
          quality: mean(xs.map((s) => s.quality)) * 100,
          speed: mean(xs.map((s) => s.speed)) * 100,
          cost: mean(xs.map((s) => s.cost)) * 100,
          streaming: mean(xs.map((s) => s.streaming)) * 100,
        },
      ]),
  );
}
