import type { Env } from '../system.js';
import { increaseStake } from './staking.js';
import { S } from './storage.js';
import { lastUpdate, stakeWeight } from './subnets.js';

/** Alpha the devnet emits per block into a started subnet (rao); paid out at each epoch. */
export const ALPHA_EMISSION_PER_BLOCK = 1_000_000_000n;

const toU16 = (x: number) => Math.min(65535, Math.max(0, Math.round(x * 65535)));

function normalize(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return sum > 0 ? values.map((v) => v / sum) : values.map(() => 0);
}

/** `is_topk_nonzero`: true for the `k` largest non-zero values (ties drop the lower uid first). */
export function topKNonZero(values: number[], k: number): boolean[] {
  const result = values.map((v) => v !== 0);
  if (values.length < k) return result;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [, i] of order.slice(0, values.length - k)) result[i] = false;
  return result;
}

/**
 * The devnet's epoch (documented in README): activity and validator permits as Subtensor computes them
 * (top MaxAllowedValidators by stake, non-zero), then a simplified consensus without bonds or clipping:
 * incentive = stake-weighted column sums of the permitted validators' normalized weights, dividends =
 * each validator's stake times how much incentive its weights point at. Emission (only once start_call
 * was made) is split half to incentive, half to dividends and staked to the hotkeys.
 */
export function runEpoch(env: Env, netuid: number, block: bigint): void {
  const { state } = env;
  const n = S.SubnetworkN.get(state, netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => S.Keys.get(state, netuid, uid));
  const updated = lastUpdate(state, netuid);
  const cutoff = BigInt(S.ActivityCutoff.get(state, netuid));
  const active = updated.map((u) => u + cutoff >= block);
  const threshold = S.StakeThreshold.get(state);
  const stake = normalize(
    hotkeys.map((h) => {
      const s = stakeWeight(state, h, netuid);
      return s < threshold ? 0 : Number(s);
    }),
  );
  const oldPermits = S.ValidatorPermit.get(state, netuid);
  const permits = topKNonZero(stake, S.MaxAllowedValidators.get(state, netuid));
  const activeStake = normalize(stake.map((s, i) => (active[i] && oldPermits[i] ? s : 0)));

  const ownerHotkey = S.SubnetOwnerHotkey.get(state, netuid);
  const registeredAt = Array.from({ length: n }, (_, uid) => S.BlockAtRegistration.get(state, netuid, uid));
  const rows = hotkeys.map((hotkey, i) => {
    if (!oldPermits[i]) return [] as [number, number][];
    const row = S.Weights.get(state, netuid, i).filter(
      ([j]) => j < n && (j !== i || hotkey === ownerHotkey) && (updated[i] ?? 0n) > (registeredAt[j] ?? 0n),
    );
    const sum = row.reduce((a, [, w]) => a + w, 0);
    return sum > 0 ? row.map(([j, w]) => [j, w / sum] as [number, number]) : [];
  });
  const incentive = normalize(
    rows.reduce((acc, row, i) => {
      for (const [j, w] of row) acc[j] = (acc[j] ?? 0) + (activeStake[i] ?? 0) * w;
      return acc;
    }, new Array<number>(n).fill(0)),
  );
  const dividends = normalize(
    rows.map((row, i) => (activeStake[i] ?? 0) * row.reduce((a, [j, w]) => a + w * (incentive[j] ?? 0), 0)),
  );

  const started =
    S.FirstEmissionBlockNumber.get(state, netuid) !== null && S.SubtokenEnabled.get(state, netuid);
  const total = started ? ALPHA_EMISSION_PER_BLOCK * BigInt(S.Tempo.get(state, netuid) + 1) : 0n;
  const half = Number(total / 2n);
  const emission = hotkeys.map((_, i) =>
    BigInt(Math.floor(half * (incentive[i] ?? 0)) + Math.floor(half * (dividends[i] ?? 0))),
  );
  emission.forEach((amount, i) => {
    const hotkey = hotkeys[i] as string;
    if (amount > 0n) increaseStake(state, hotkey, S.Owner.get(state, hotkey), netuid, amount);
  });
  S.SubnetAlphaOut.mutate(state, [netuid], (v) => v + emission.reduce((a, b) => a + b, 0n));

  S.Active.set(state, [netuid], active);
  S.Emission.set(state, [netuid], emission);
  S.Consensus.set(state, [netuid], incentive.map(toU16));
  S.Incentive.set(state, [netuid], incentive.map(toU16));
  S.Dividends.set(state, [netuid], dividends.map(toU16));
  S.ValidatorTrust.set(
    state,
    [netuid],
    rows.map((row) => toU16(row.reduce((a, [, w]) => a + w, 0))),
  );
  S.ValidatorPermit.set(state, [netuid], permits);
  S.StakeWeight.set(state, [netuid], stake.map(toU16));
}
