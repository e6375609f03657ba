import { describe, expect, it } from 'vitest';
import { crownThreshold, decideChampion } from './crown.js';
import { applyVote, expectedScore } from './elo.js';
import { updateAverages } from './ema.js';
import { advancePool, emptyPool, type PoolConfig, type PoolState, poolBalance } from './pool.js';
import { weightVector } from './weights-policy.js';

describe('moving averages', () => {
  it('starts at the first score, then blends with alpha', () => {
    let s = updateAverages([], 1, [{ hotkey: 'A', uid: 1, composite: 80 }], 0.2);
    expect(s[0]!.value).toBe(80);
    s = updateAverages(s, 2, [{ hotkey: 'A', uid: 1, composite: 30 }], 0.2);
    expect(s[0]!.value).toBeCloseTo(0.2 * 30 + 0.8 * 80, 12);
    expect(s[0]!.rounds).toBe(2);
  });

  it('resets when a uid changes hotkey, keeps absent hotkeys as they were', () => {
    let s = updateAverages(
      [],
      1,
      [
        { hotkey: 'A', uid: 1, composite: 90 },
        { hotkey: 'B', uid: 2, composite: 50 },
      ],
      0.2,
    );
    s = updateAverages(s, 2, [{ hotkey: 'C', uid: 1, composite: 10 }], 0.2);
    expect(s.find((x) => x.hotkey === 'A')).toBeUndefined();
    expect(s.find((x) => x.hotkey === 'C')!.value).toBe(10);
    expect(s.find((x) => x.hotkey === 'B')!.value).toBe(50);
  });
});

describe('crown threshold and champion', () => {
  it('decays: +2 at 0, +1 at 50, +0.2 at 90 with margin 2', () => {
    expect(crownThreshold(0, 2)).toBe(2);
    expect(crownThreshold(50, 2)).toBe(51);
    expect(crownThreshold(90, 2)).toBeCloseTo(90.2, 12);
    expect(crownThreshold(100, 2)).toBe(100);
  });

  const opts = { margin: 2, floor: 10, round: 5, block: 500 };
  const c = (hotkey: string, score: number, commitBlock = 10, commitIndex = 0) => ({
    hotkey,
    uid: hotkey.charCodeAt(0),
    score,
    commitBlock,
    commitIndex,
  });

  it('crowns the best eligible miner when there is no champion; ties go to the earlier commit', () => {
    const d = decideChampion(undefined, [c('B', 70, 20, 2), c('A', 70, 20, 3), c('C', 70, 20, 1)], opts);
    expect(d.champion?.hotkey).toBe('C');
    expect(d.changed).toBe(true);
    expect(decideChampion(undefined, [c('B', 70, 9), c('A', 70, 20)], opts).champion?.hotkey).toBe('B');
  });

  it('a challenger must clear the threshold, not just the score', () => {
    const champ = { hotkey: 'A', uid: 65, sinceRound: 1, sinceBlock: 100 };
    expect(decideChampion(champ, [c('A', 80), c('B', 80.3)], opts).champion?.hotkey).toBe('A');
    const taken = decideChampion(champ, [c('A', 80), c('B', 80.5)], opts);
    expect(taken.champion).toEqual({ hotkey: 'B', uid: 66, sinceRound: 5, sinceBlock: 500 });
  });

  it('an ineligible champion loses the crown; nobody above the floor means no champion', () => {
    const champ = { hotkey: 'A', uid: 65, sinceRound: 1, sinceBlock: 100 };
    expect(decideChampion(champ, [c('B', 40)], opts).champion?.hotkey).toBe('B');
    const none = decideChampion(champ, [c('B', 5)], opts);
    expect(none.champion).toBeUndefined();
    expect(none.changed).toBe(true);
  });
});

describe('weight vector', () => {
  const policy = { championShare: 0.6, qualityFloor: 20, burnUid: 0 };
  it('champion share, the rest by score above the floor, sums to 1', () => {
    const w = weightVector(
      [
        { uid: 1, hotkey: 'A', score: 90 },
        { uid: 2, hotkey: 'B', score: 60 },
        { uid: 3, hotkey: 'C', score: 40 },
        { uid: 4, hotkey: 'D', score: 10 },
      ],
      'A',
      policy,
    );
    expect(w.get(1)).toBeCloseTo(0.6, 12);
    expect(w.get(2)).toBeCloseTo(0.4 * (40 / 60), 12);
    expect(w.get(3)).toBeCloseTo(0.4 * (20 / 60), 12);
    expect(w.has(4)).toBe(false);
    expect([...w.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('burns what nobody earned', () => {
    expect([...weightVector([{ uid: 1, hotkey: 'A', score: 90 }], 'A', policy)]).toEqual([
      [1, 0.6],
      [0, 0.4],
    ]);
    expect([...weightVector([{ uid: 1, hotkey: 'A', score: 5 }], undefined, policy)]).toEqual([[0, 1]]);
  });
});

describe('prize pool', () => {
  const config: PoolConfig = {
    perDayRao: 7_200_000,
    blocksPerDay: 7200,
    auditWindowBlocks: 10,
    championShare: 0.8,
  };
  const champ = (hotkey: string, components = [] as { name: string; coldkey: string; share: number }[]) => ({
    hotkey,
    coldkey: `cold-${hotkey}`,
    components,
  });
  const none = new Set<string>();

  it('accrues while one champion reigns and pays the next champion after the audit window', () => {
    let s: PoolState = emptyPool();
    // the first champion beat nobody: it starts the pool and claims nothing
    let r = advancePool(s, { block: 100, champion: champ('A'), disqualified: none }, config);
    expect(r.state.claim).toBeUndefined();
    r = advancePool(r.state, { block: 110, champion: champ('A'), disqualified: none }, config);
    expect(r.payout).toBeUndefined();
    s = r.state;
    s = advancePool(s, { block: 200, champion: champ('A'), disqualified: none }, config).state;
    expect(poolBalance(s, config)).toBe(100_000);
    s = advancePool(
      s,
      {
        block: 300,
        champion: champ('B', [
          { name: 'router', coldkey: 'cold-R', share: 3 },
          { name: 'search', coldkey: 'cold-S', share: 1 },
        ]),
        disqualified: none,
      },
      config,
    ).state;
    expect(s.claim?.hotkey).toBe('B');
    r = advancePool(s, { block: 310, champion: champ('B'), disqualified: none }, config);
    expect(r.payout?.totalRao).toBe(210_000);
    expect(r.payout?.transfers).toEqual([
      { coldkey: 'cold-B', amountRao: 210_000 - 31_500 - 10_500, role: 'champion', name: 'B' },
      { coldkey: 'cold-R', amountRao: 31_500, role: 'component', name: 'router' },
      { coldkey: 'cold-S', amountRao: 10_500, role: 'component', name: 'search' },
    ]);
    expect(poolBalance(r.state, config)).toBe(0);
  });

  it('voids a disqualified claimant and keeps the pool', () => {
    let s = advancePool(emptyPool(), { block: 0, champion: champ('A'), disqualified: none }, config).state;
    s = advancePool(s, { block: 1000, champion: champ('B'), disqualified: none }, config).state;
    const r = advancePool(s, { block: 1005, champion: champ('B'), disqualified: new Set(['B']) }, config);
    expect(r.state.claim).toBeUndefined();
    expect(r.events).toEqual([
      expect.objectContaining({
        kind: 'claim-voided',
        text: expect.stringContaining('voided: disqualified'),
      }),
    ]);
    expect(poolBalance(r.state, config)).toBe(1_005_000);
    expect(
      advancePool(r.state, { block: 1020, champion: champ('B'), disqualified: new Set(['B']) }, config)
        .payout,
    ).toBeUndefined();
  });
});

describe('Elo', () => {
  it('start 1500, K 32: a win moves both by 16; both-bad rates nothing', () => {
    expect(expectedScore(1500, 1500)).toBe(0.5);
    expect(applyVote(1500, 1500, 'a')).toEqual({ a: 1516, b: 1484 });
    expect(applyVote(1500, 1500, 'tie')).toEqual({ a: 1500, b: 1500 });
    expect(applyVote(1600, 1400, 'tie').a).toBeCloseTo(1600 - 32 * (expectedScore(1600, 1400) - 0.5), 10);
    expect(applyVote(1520, 1480, 'both_bad')).toEqual({ a: 1520, b: 1480 });
  });
});
