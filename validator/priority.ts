import type { EligibilityEntry, NeuronRecord, PriorityEntry, SubmissionRecord } from './record-types.js';

/**
 * Priority between submissions of the same identity (image digest, source commit). The chain keeps only a
 * hotkey's latest commitment, so a miner that re-commits (a new endpoint, the same image) would look newer
 * than a copy of its own image. The validator's state therefore keeps, per identity, the first commitment
 * (block, extrinsic index) it saw and whose it was; that entry never moves later, re-commits by the same
 * hotkey keep it, and replay recomputes it from the raw records like every other derived field.
 */

export interface CommitPosition {
  block: number;
  index: number;
}

/** The identities a revealed manifest claims: `image digest:<digest>`, `source commit:<sha>`. */
export function identityKeys(s: SubmissionRecord): string[] {
  const m = s.reveal.manifest ?? {};
  const keys: string[] = [];
  if (typeof m.image === 'string') {
    const digest = m.image.slice(m.image.indexOf('@sha256:') + 1);
    keys.push(`image digest:${digest}`);
  }
  if (typeof m.sourceCommit === 'string') keys.push(`source commit:${m.sourceCommit.toLowerCase()}`);
  return keys;
}

const earlier = (a: CommitPosition & { hotkey: string }, b: CommitPosition & { hotkey: string }) =>
  a.block - b.block || a.index - b.index || a.hotkey.localeCompare(b.hotkey);

export type PriorityTable = ReadonlyMap<string, PriorityEntry>;

export const priorityTable = (entries: readonly PriorityEntry[] | undefined): PriorityTable =>
  new Map((entries ?? []).map((e) => [e.identity, e]));

/**
 * Where a submission stands: the earliest of its current commitment and every identity entry its own
 * hotkey holds. Another hotkey's entry never helps it.
 */
export function submissionPriority(s: SubmissionRecord, table: PriorityTable): CommitPosition {
  let best: CommitPosition = { block: s.commitBlock, index: s.commitIndex };
  for (const key of identityKeys(s)) {
    const held = table.get(key);
    if (held?.hotkey === s.hotkey && (held.block - best.block || held.index - best.index) < 0)
      best = { block: held.block, index: held.index };
  }
  return best;
}

/**
 * The priority table after a round: every identity of an eligible submission gets an entry the first time it
 * is seen; an entry is replaced only by a strictly earlier commitment (of any hotkey) and never moves later;
 * entries of hotkeys no longer registered are dropped. Sorted by identity. Pure.
 */
export function advancePriority(
  previous: readonly PriorityEntry[] | undefined,
  neurons: readonly NeuronRecord[],
  submissions: readonly SubmissionRecord[],
  eligibility: readonly EligibilityEntry[],
): PriorityEntry[] {
  const registered = new Set(neurons.map((n) => n.hotkey));
  const table = new Map((previous ?? []).filter((e) => registered.has(e.hotkey)).map((e) => [e.identity, e]));
  const before = priorityTable(previous);
  const eligible = new Set(eligibility.filter((e) => e.eligible).map((e) => e.hotkey));
  for (const s of submissions) {
    if (!eligible.has(s.hotkey)) continue;
    for (const identity of identityKeys(s)) {
      // its own earlier entry for this identity, else the commitment it is seen with now
      const own = before.get(identity);
      const at = own?.hotkey === s.hotkey ? own : { block: s.commitBlock, index: s.commitIndex };
      const candidate: PriorityEntry = { identity, hotkey: s.hotkey, block: at.block, index: at.index };
      const held = table.get(identity);
      if (!held || earlier(candidate, held) < 0) table.set(identity, candidate);
    }
  }
  return [...table.values()].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}
