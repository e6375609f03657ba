import type { Env } from '../system.js';
import { runEpoch } from './epoch.js';
import { S } from './storage.js';
import { allNetuids, blocksUntilNextEpoch, ROOT_NETUID } from './subnets.js';

/**
 * SubtensorModule on_initialize: per-block registration counters, the registration interval reset
 * every AdjustmentInterval blocks (the burn itself is not adjusted on the devnet), and the epoch of
 * each subnet when `(block + netuid + 1) % (tempo + 1) == 0`.
 */
export function subtensorOnInitialize(env: Env, blockNumber: number): void {
  const { state } = env;
  const block = BigInt(blockNumber);
  for (const netuid of allNetuids(state)) {
    if (netuid === ROOT_NETUID) continue;
    S.RegistrationsThisBlock.set(state, [netuid], 0);
    const interval = S.AdjustmentInterval.get(state, netuid);
    if (interval > 0 && block % BigInt(interval) === 0n) {
      S.RegistrationsThisInterval.set(state, [netuid], 0);
      S.BurnRegistrationsThisInterval.set(state, [netuid], 0);
    }
    if (blocksUntilNextEpoch(netuid, S.Tempo.get(state, netuid), block) === 0n) runEpoch(env, netuid, block);
  }
}
