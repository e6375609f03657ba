import { describe, expect, it } from 'vitest';
import { drandRoundAt, QUICKNET, revealRoundFor, TimelockErrors } from './index.js';

const NOW = 1_700_000_000;
const base = { blockTimeSeconds: 12, nowSeconds: NOW, drand: QUICKNET };

describe('revealRoundFor', () => {
  it('follows bittensor-drand generate_commit on the legacy tempo+1 grid', () => {
    // bittensor-drand tests/test_commit_reveal.py case: tempo 100, block 1000, netuid 1, 2 epochs, 12 s blocks.
    // epoch = (1000 + 2) div 101 = 9; reveal epoch 11; first reveal block 11·101 − 2 = 1109; target 1112;
    // 112 blocks · 12 s = 1344 s; round = (1_700_000_000 + 1344 − 1_692_803_367) div 3 = 2_399_325.
    expect(
      revealRoundFor({ ...base, currentBlock: 1000, netuid: 1, tempo: 100, revealPeriodEpochs: 2 }),
    ).toEqual({
      revealRound: 2_399_325,
      firstRevealBlock: 1109,
      targetBlock: 1112,
      revealEpoch: 11,
    });
    // Second case of that file: tempo 50, block 500, netuid 100: epoch 601 div 51 = 11, reveal 13,
    // first block 13·51 − 101 = 562, target 565, 65 blocks = 780 s.
    const r = revealRoundFor({ ...base, currentBlock: 500, netuid: 100, tempo: 50, revealPeriodEpochs: 2 });
    expect(r).toEqual({
      revealRound: Math.floor((NOW + 780 - QUICKNET.genesisTime) / 3),
      firstRevealBlock: 562,
      targetBlock: 565,
      revealEpoch: 13,
    });
  });

  it('takes the first reveal block from the chain’s epoch scheduler when given', () => {
    const r = revealRoundFor({
      ...base,
      currentBlock: 1000,
      netuid: 1,
      tempo: 100,
      revealPeriodEpochs: 2,
      firstRevealBlock: 1200,
      securityBlockOffset: 5,
    });
    expect(r).toEqual({
      revealRound: Math.floor((NOW + 205 * 12 - QUICKNET.genesisTime) / 3),
      firstRevealBlock: 1200,
      targetBlock: 1205,
      revealEpoch: undefined,
    });
  });

  it('never asks for a round published after the target block’s time', () => {
    for (const currentBlock of [0, 1, 99, 100, 101, 5000, 123_457]) {
      const r = revealRoundFor({ ...base, currentBlock, netuid: 3, tempo: 99, revealPeriodEpochs: 1 });
      const targetTime = NOW + Math.max(0, r.targetBlock - currentBlock) * 12;
      expect(drandRoundAt(targetTime, QUICKNET)).toBeGreaterThanOrEqual(r.revealRound);
      expect(r.firstRevealBlock).toBeGreaterThan(currentBlock);
    }
  });

  it('clamps: a target already passed waits 0 s; before drand genesis the round is 1', () => {
    const passed = revealRoundFor({
      ...base,
      currentBlock: 2000,
      netuid: 1,
      tempo: 100,
      revealPeriodEpochs: 1,
      firstRevealBlock: 1500,
    });
    expect(passed.revealRound).toBe(Math.floor((NOW - QUICKNET.genesisTime) / 3));
    const early = revealRoundFor({
      ...base,
      nowSeconds: 0,
      currentBlock: 1,
      netuid: 1,
      tempo: 10,
      revealPeriodEpochs: 1,
    });
    expect(early.revealRound).toBe(1);
  });

  it('refuses schedules it cannot compute with a coded error', () => {
    const ok = { ...base, currentBlock: 1, netuid: 1, tempo: 10, revealPeriodEpochs: 1 };
    for (const bad of [
      { tempo: 0 },
      { blockTimeSeconds: 0 },
      { currentBlock: -1 },
      { netuid: 70_000 },
      { drand: { genesisTime: QUICKNET.genesisTime, period: 0 } },
    ]) {
      let caught: unknown;
      try {
        revealRoundFor({ ...ok, ...bad });
      } catch (err) {
        caught = err;
      }
      expect(TimelockErrors.BAD_REVEAL_SCHEDULE.is(caught), JSON.stringify(bad)).toBe(true);
    }
  });
});

describe('drandRoundAt', () => {
  it('numbers rounds from 1 at genesis, one per period', () => {
    expect(drandRoundAt(QUICKNET.genesisTime - 1, QUICKNET)).toBe(0);
    expect(drandRoundAt(QUICKNET.genesisTime, QUICKNET)).toBe(1);
    expect(drandRoundAt(QUICKNET.genesisTime + 2, QUICKNET)).toBe(1);
    expect(drandRoundAt(QUICKNET.genesisTime + 3 * 999, QUICKNET)).toBe(1000);
  });
});
