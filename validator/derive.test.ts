import { describe, expect, it } from 'vitest';
import { generatePrivateTasks } from '../datasets/index.js';
import { deriveRound } from './derive.js';
import { decideEligibility } from './eligibility.js';
import { type SyntheticMiner, syntheticRaw } from './testing/synthetic-rounds.js';

const fast = { ttftMs: 150, intervalMs: 20, charsPerEvent: 8 };
const miner = (uid: number, accuracy: number, extra: Partial<SyntheticMiner> = {}): SyntheticMiner => ({
  hotkey: `hk${uid}`,
  uid,
  coldkey: `cold${uid}`,
  accuracy,
  timing: fast,
  image: `registry.example/engine${uid}@sha256:${String(uid).repeat(64).slice(0, 64)}`,
  sourceCommit: String(uid).repeat(40).slice(0, 40),
  commitBlock: 10 + uid,
  ...extra,
});

describe('eligibility', () => {
  const tasks = generatePrivateTasks('elig', 2);
  it('only the earliest commit of a duplicated submission is eligible', () => {
    const original = miner(1, 1);
    const copycat = miner(2, 1, { image: original.image, sourceCommit: 'f'.repeat(40), commitBlock: 50 });
    const raw = syntheticRaw(1, 100, [original, copycat, miner(3, 1)], tasks);
    const e = decideEligibility(raw.metagraph.neurons, raw.submissions.entries, new Map());
    expect(e.map((x) => [x.hotkey, x.eligible])).toEqual([
      ['hk1', true],
      ['hk2', false],
      ['hk3', true],
    ]);
    expect(e[1]!.reason).toMatch(/copy of hk1's submission \(same image digest\)/);
  });

  it('a reveal that does not hash to the commitment, a failed reveal and a disqualification make a miner ineligible', () => {
    const raw = syntheticRaw(1, 100, [miner(1, 1), miner(2, 1), miner(3, 1)], tasks);
    raw.submissions.entries[0]!.committedHash = '00'.repeat(32);
    raw.submissions.entries[1]!.reveal = {
      ok: false,
      manifest: undefined,
      hash: undefined,
      error: 'timeout',
    };
    const e = decideEligibility(
      raw.metagraph.neurons,
      raw.submissions.entries,
      new Map([['hk3', 'cheating']]),
    );
    expect(e.map((x) => x.eligible)).toEqual([false, false, false]);
    expect(e[0]!.reason).toMatch(/hashes to .* but the chain commitment is 0000/);
    expect(e[1]!.reason).toBe('reveal failed: timeout');
    expect(e[2]!.reason).toBe('disqualified: cheating');
  });
});

describe('deriveRound', () => {
  const tasks = generatePrivateTasks('derive', 12);
  const miners = [
    miner(1, 1),
    miner(2, 0.5),
    miner(3, 0),
    miner(4, 1, { image: miner(1, 1).image, commitBlock: 99 }),
  ];

  it('ranks by score, crowns the best, gives the copycat nothing, and emits SDK-style u16 weights', () => {
    const raw = syntheticRaw(1, 100, miners, tasks);
    const out = deriveRound({ ...raw, disqualified: new Map() }, undefined);
    const composite = Object.fromEntries(out.scores.miners.map((m) => [m.hotkey, m.composite]));
    expect(composite.hk1).toBeGreaterThan(composite.hk2!);
    expect(composite.hk2).toBeGreaterThan(composite.hk3!);
    expect(out.state.champion?.hotkey).toBe('hk1');
    const weight = new Map(out.weights.uids.map((u, i) => [u, out.weights.weights[i]!]));
    expect(weight.get(1)).toBeGreaterThanOrEqual(0.5);
    expect(weight.has(4)).toBe(false);
    expect(out.weights.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(Math.max(...out.weights.emit.values)).toBe(65535);
    expect(out.weights.emit.uids).toEqual(out.weights.uids.filter((u) => weight.get(u)! > 0));
  });

  it('is a pure function: the same inputs, even after a JSON round trip, give byte-identical outputs', () => {
    const raw = syntheticRaw(2, 200, miners, tasks);
    const a = deriveRound({ ...raw, disqualified: new Map() }, undefined);
    const copy = JSON.parse(JSON.stringify(raw)) as typeof raw;
    const b = deriveRound(
      { ...copy, disqualified: new Map() },
      JSON.parse(JSON.stringify(a.state)) as typeof a.state,
    );
    const c = deriveRound({ ...raw, disqualified: new Map() }, a.state);
    expect(JSON.stringify(deriveRound({ ...copy, disqualified: new Map() }, undefined))).toBe(
      JSON.stringify(a),
    );
    expect(JSON.stringify(b)).toBe(JSON.stringify(c));
  });

  it('keeps the champion when a challenger does not clear the crown threshold', () => {
    const raw1 = syntheticRaw(1, 100, [miner(1, 1), miner(2, 0.9)], tasks);
    const first = deriveRound({ ...raw1, disqualified: new Map() }, undefined);
    expect(first.state.champion?.hotkey).toBe('hk1');
    const raw2 = syntheticRaw(2, 200, [miner(1, 0.9), miner(2, 0.95)], tasks);
    const second = deriveRound({ ...raw2, disqualified: new Map() }, first.state);
    const avg = Object.fromEntries(second.state.averages.map((a) => [a.hotkey, a.value]));
    expect(second.state.champion?.hotkey).toBe(avg.hk2! > second.state.crown.threshold! ? 'hk2' : 'hk1');
    expect(second.state.crown.threshold).toBeGreaterThan(avg.hk1!);
  });
});
