import { describe, expect, it } from 'vitest';
import type { Leaderboard, LeaderboardEntry } from '../validator/index.js';
import { displayWidth, type LiveStatus, statusLines } from './live-view.js';

const HOTKEY = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const entry = (rank: number, over: Partial<LeaderboardEntry> = {}): LeaderboardEntry => ({
  rank,
  uid: rank,
  hotkey: HOTKEY,
  coldkey: HOTKEY,
  name: `sim-miner-${rank}`,
  average: 71.25,
  composite: 70.5,
  quality: 80,
  speed: 60,
  cost: 55,
  streaming: 90,
  multimodal: 40,
  eligible: true,
  ineligibleReason: undefined,
  isChampion: rank === 1,
  weight: rank === 1 ? 1 : 0,
  lastEvaluatedRound: 2,
  lastEvaluatedAt: undefined,
  championSince: undefined,
  commitBlock: 3,
  ...over,
});
const board = (miners: number): Leaderboard => ({
  round: 2,
  block: 40,
  updatedAt: undefined,
  champion: HOTKEY,
  crownThreshold: 73.4,
  entries: Array.from({ length: miners }, (_, i) =>
    entry(
      i + 1,
      i === 4
        ? {
            eligible: false,
            ineligibleReason: `copy of sim-miner-1's submission (same image digest) ${'x'.repeat(80)}`,
          }
        : {},
    ),
  ),
  pool: {
    balanceRao: 12.5e9,
    perDayRao: 1e12,
    champion: HOTKEY,
    claim: { id: 'c1', hotkey: HOTKEY, confirmAtBlock: 55 },
  },
  paused: false,
});
const status = (over: Partial<LiveStatus> = {}): LiveStatus => ({
  round: 2,
  rounds: 3,
  measured: 7,
  expected: 60,
  phase: 'benchmarking miners',
  dashboard: 'http://127.0.0.1:40123',
  board: board(6),
  ...over,
});

describe('the devnet live view', () => {
  it('fits every line to the terminal width: all columns at 160, a compact table at 80, cut lines at 40', () => {
    for (const columns of [160, 80, 40]) {
      const lines = statusLines(status(), columns, 40);
      for (const line of lines) expect(displayWidth(line), `${columns}: ${line}`).toBeLessThan(columns);
    }
    const wide = statusLines(status(), 160, 40).join('\n');
    expect(wide).toContain('modality');
    expect(wide).toContain('5Grwv…utQY');
    const compact = statusLines(status(), 80, 40).join('\n');
    expect(compact).not.toContain('modality');
    expect(compact).toContain('implementation');
    expect(compact).toContain('weight');
  });

  it('never draws a block taller than the screen: the miners that do not fit are counted', () => {
    const lines = statusLines(status({ board: board(40) }), 80, 24);
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.join('\n')).toMatch(/… \d+ more miners/);
  });

  it('says "round N of M" when the run ends after M rounds, and "round N" with --keep', () => {
    expect(statusLines(status(), 80, 40)[0]).toContain('round 2 of 3');
    const keep = statusLines(status({ round: 26, rounds: undefined }), 80, 40)[0]!;
    expect(keep).toContain('round 26 ·');
    expect(keep).not.toContain(' of ');
  });

  it('counts the crown as two columns and escape codes as none', () => {
    expect(displayWidth('👑 a')).toBe(4);
    expect(displayWidth('\x1b[36mab\x1b[0m')).toBe(2);
  });
});
