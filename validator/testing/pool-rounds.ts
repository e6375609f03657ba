import type { Ledger, Signer } from '../../ledger/index.js';
import type { ScoringSettings, StateRecord } from '../record-types.js';
import { type SyntheticMiner, writeSyntheticRound } from './synthetic-rounds.js';

/**
 * A ledger whose prize pool has a story: `holder` is champion from round 1 and the pool grows; from round
 * `turnRound` the `challenger` answers everything and the holder little, until the challenger takes #1, opens
 * a claim and is paid (audit window 10 blocks, rounds 100 blocks apart); then the pool grows again. A
 * `copycat` reveals the holder's image, committed later (not eligible, its reason names the holder's hotkey).
 */
export interface PoolStory {
  miners: SyntheticMiner[];
  states: StateRecord[];
  /** The round whose state carries the payout. */
  payoutRound: number;
}

export async function writePoolStory(
  ledger: Ledger,
  signer: Signer,
  hotkeys: { holder: string; challenger: string; copycat: string },
  options: {
    turnRound?: number;
    roundsAfterPayout?: number;
    maxRounds?: number;
    /** Endpoints the miners reveal (an arena over this ledger calls them), by role. */
    endpoints?: { holder?: string; challenger?: string };
    /** Scoring settings of every round (default: synthetic-rounds' defaults). */
    settings?: ScoringSettings;
  } = {},
): Promise<PoolStory> {
  const turnRound = options.turnRound ?? 3;
  const after = options.roundsAfterPayout ?? 2;
  const timing = { ttftMs: 150, intervalMs: 20, charsPerEvent: 6 };
  const miner = (
    hotkey: string,
    uid: number,
    image: number,
    accuracy: number,
    endpoint?: string,
  ): SyntheticMiner => ({
    hotkey,
    uid,
    coldkey: `${hotkey}-cold`,
    accuracy,
    timing,
    image: `registry.example/engine@sha256:${String(image).repeat(64)}`,
    sourceCommit: String(uid).repeat(40),
    commitBlock: uid,
    endpoint,
  });
  const states: StateRecord[] = [];
  let payoutRound = -1;
  let miners: SyntheticMiner[] = [];
  for (let round = 1; round <= (options.maxRounds ?? 24); round++) {
    const turned = round >= turnRound;
    miners = [
      miner(hotkeys.holder, 1, 1, turned ? 0.2 : 0.9, options.endpoints?.holder),
      miner(hotkeys.challenger, 2, 2, turned ? 1 : 0.4, options.endpoints?.challenger),
      miner(hotkeys.copycat, 3, 1, 0.9),
    ];
    const state = await writeSyntheticRound(ledger, signer, round, miners, states.at(-1), {
      tasksPerRound: 6,
      ...(options.settings ? { settings: options.settings } : {}),
    });
    states.push(state);
    if (state.payout && payoutRound < 0) payoutRound = round;
    if (payoutRound > 0 && round >= payoutRound + after) break;
  }
  return { miners, states, payoutRound };
}
