import { ATTACKS, type Attack } from '../../test/hostile/miners.js';

/** The attacks a validator round can meet (all but the bench-only ones), in the order the soak cycles them. */
export const SOAK_ATTACKS: Attack[] = ATTACKS.filter((a) => a.stages.includes('round'));

/**
 * The attack each hostile slot runs in round `round` (1-based): slot s of round r runs attack
 * (r - 1) x slots + s, cycling through SOAK_ATTACKS, so the slots of one round never run the same attack and
 * every attack comes round before any repeats.
 */
export function attacksFor(round: number, slots: number): Attack[] {
  const n = SOAK_ATTACKS.length;
  const base = (Math.max(1, round) - 1) * slots;
  return Array.from({ length: slots }, (_, s) => SOAK_ATTACKS[(base + s) % n]!);
}

/** What a hostile slot serves: a changing attack (soak), or an honest relay (baseline). */
export type SlotMode = 'attack' | 'relay';

/** Input of perf/lib/soak-hostile.ts (one JSON argument). */
export interface HostileInput {
  ttftMs: number;
  requestMs: number;
  /** An honest miner the relays (and the absurd-usage attack) forward to. */
  honestUrl: string;
  slots: {
    mode: SlotMode;
    /** Position among the attack slots (ignored for relays). */
    index: number;
    name: string;
    image: string;
    sourceCommit: string;
    hotkey: string;
  }[];
}

/** What perf/lib/soak-hostile.ts prints once listening: each slot's URL and manifest hash, and its control URL. */
export interface HostileReady {
  control: string;
  slots: { url: string; sha256: string }[];
}

/** Input of perf/lib/soak-validator.ts (one JSON argument). */
export interface SoakValidatorInput {
  config: unknown;
  netuid: number;
  hotkeyUri: string;
  coldkeyUri: string;
  /** The simulator's origin: each round's tasks are posted to {simulator}/tasks before it is benchmarked. */
  simulator: string;
  /** The hostile process's control URL: POST {control}/round {round} before each round is benchmarked. */
  control?: string;
  /** Rounds to end (sealed or skipped) before stopping. */
  rounds: number;
}
