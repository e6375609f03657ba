import type { EligibilityEntry, NeuronRecord, SubmissionRecord } from './records.js';

/**
 * Who may be benchmarked this round: a registered hotkey whose revealed manifest hashes to its on-chain
 * Sha256 commitment, that is not disqualified and is not a copy. When two hotkeys reveal the same submission
 * (same image digest or same source commit), only the earliest commit (block, then extrinsic index) stays.
 */
export function decideEligibility(
  neurons: readonly NeuronRecord[],
  submissions: readonly SubmissionRecord[],
  disqualified: ReadonlyMap<string, string>,
): EligibilityEntry[] {
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
  const byCommit = [...passing].sort(
    (a, b) =>
      a.commitBlock - b.commitBlock || a.commitIndex - b.commitIndex || a.hotkey.localeCompare(b.hotkey),
  );
  const firstBy = new Map<string, string>();
  for (const s of byCommit) {
    for (const key of identityKeys(s)) {
      const first = firstBy.get(key);
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

function identityKeys(s: SubmissionRecord): string[] {
  const m = s.reveal.manifest ?? {};
  const keys: string[] = [];
  if (typeof m.image === 'string') {
    const digest = m.image.slice(m.image.indexOf('@sha256:') + 1);
    keys.push(`image digest:${digest}`);
  }
  if (typeof m.sourceCommit === 'string') keys.push(`source commit:${m.sourceCommit.toLowerCase()}`);
  return keys;
}
