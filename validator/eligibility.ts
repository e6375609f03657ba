import { identityKeys, priorityTable, submissionPriority } from './priority.js';
import type { EligibilityEntry, NeuronRecord, PriorityEntry, SubmissionRecord } from './record-types.js';

/**
 * Who may be benchmarked this round: a registered hotkey whose revealed manifest hashes to its on-chain
 * Sha256 commitment, that is not disqualified and is not a copy. When two hotkeys reveal the same submission
 * (same image digest or same source commit), only the earliest commit (block, then extrinsic index) stays;
 * a hotkey's commit counts from the first one the previous state's `priority` recorded for its identity,
 * so re-committing (a new endpoint) never makes it later than a copy of itself (priority.ts).
 */
export function decideEligibility(
  neurons: readonly NeuronRecord[],
  submissions: readonly SubmissionRecord[],
  disqualified: ReadonlyMap<string, string>,
  priority?: readonly PriorityEntry[],
): EligibilityEntry[] {
  const table = priorityTable(priority);
  const registered = new Map(neurons.map((n) => [n.hotkey, n.uid]));
  const entries = new Map<string, EligibilityEntry>();
  const passing: SubmissionRecord[] = [];
  for (const s of submissions) {
    const uid = registered.get(s.hotkey);
    if (uid === undefined) continue;
    const reason = rejectReason(s, disqualified.get(s.hotkey));
    entries.set(s.hotkey, { hotkey: s.hotkey, uid, eligible: reason === undefined, reason });
    if (reason === undefined) passing.push(s);
  }
  const at = new Map(passing.map((s) => [s.hotkey, submissionPriority(s, table)]));
  const byCommit = [...passing].sort((a, b) => {
    const pa = at.get(a.hotkey)!;
    const pb = at.get(b.hotkey)!;
    return pa.block - pb.block || pa.index - pb.index || a.hotkey.localeCompare(b.hotkey);
  });
  const firstBy = new Map<string, string>();
  for (const s of byCommit) {
    const mine = at.get(s.hotkey)!;
    for (const key of identityKeys(s)) {
      // the first claimant this round, else a registered hotkey that committed this identity earlier, even
      // when its own submission fails this round: a copy stays a copy
      const held = table.get(key);
      const first =
        firstBy.get(key) ??
        (held &&
        held.hotkey !== s.hotkey &&
        registered.has(held.hotkey) &&
        (held.block - mine.block || held.index - mine.index) < 0
          ? held.hotkey
          : undefined);
      if (first !== undefined && first !== s.hotkey) {
        const entry = entries.get(s.hotkey)!;
        entry.eligible = false;
        entry.reason = `copy of ${first}'s submission (same ${key.split(':')[0]}), committed later`;
        break;
      }
    }
    if (entries.get(s.hotkey)!.eligible) for (const key of identityKeys(s)) firstBy.set(key, s.hotkey);
  }
  return [...entries.values()].sort((a, b) => a.uid - b.uid);
}

function rejectReason(s: SubmissionRecord, disqualifiedFor: string | undefined): string | undefined {
  if (disqualifiedFor !== undefined) return `disqualified: ${disqualifiedFor}`;
  if (!s.committedHash) return 'no Sha256 submission commitment on chain';
  if (!s.endpoint) return 'no endpoint (commit a Raw URL field or serve an axon)';
  if (!s.reveal.ok) return `reveal failed: ${s.reveal.error ?? 'unknown error'}`;
  if (s.reveal.hash !== s.committedHash) {
    return `revealed manifest hashes to ${s.reveal.hash}, but the chain commitment is ${s.committedHash}`;
  }
  const claimed = s.reveal.manifest?.hotkey;
  if (typeof claimed === 'string' && claimed !== s.hotkey)
    return `manifest names hotkey ${claimed}, not ${s.hotkey}`;
  return undefined;
}
