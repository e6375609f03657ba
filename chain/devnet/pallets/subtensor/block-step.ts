import type { Env } from '../system.js';
import { runEpoch } from './epoch.js';
import { S } from './storage.js';
import { allNetuids, ROOT_NETUID, shouldRunEpoch, statefulEpochs } from './subnets.js';
import { revealTimelockedCommits } from './timelocked.js';

/**
 * SubtensorModule on_initialize: per-block registration counters, the registration interval reset
 * every AdjustmentInterval blocks (the burn itself is not adjusted on the devnet), and the epoch of
 * each subnet: on the legacy grid `(block + netuid + 1) % (tempo + 1) == tempo` (spec 393), or with the
 * stateful scheduler (spec 424+, coinbase/run_coinbase.rs `drain_pending`) when `should_run_epoch`, after
 * which the slot is consumed: `LastEpochBlock = block`, `PendingEpochAt = 0`, `SubnetEpochIndex += 1`.
 */
export function subtensorOnInitialize(env: Env, blockNumber: number): void {
  const { state } = env;
  const block = BigInt(blockNumber);
  // block_step's reveal_crv3_commits: matured timelocked commits, before any epoch runs
  for (const netuid of allNetuids(state))
    if (netuid !== ROOT_NETUID) revealTimelockedCommits(env, netuid, blockNumber);
  for (const netuid of allNetuids(state)) {
    if (netuid === ROOT_NETUID) continue;
    S.RegistrationsThisBlock.set(state, [netuid], 0);
    const interval = S.AdjustmentInterval.get(state, netuid);
    if (interval > 0 && block % BigInt(interval) === 0n) {
      S.RegistrationsThisInterval.set(state, [netuid], 0);
      S.BurnRegistrationsThisInterval.set(state, [netuid], 0);
    }
    if (!shouldRunEpoch(state, netuid, block)) continue;
    runEpoch(env, netuid, block);
    if (statefulEpochs(state)) {
      S.LastEpochBlock.set(state, [netuid], block);
      S.PendingEpochAt.set(state, [netuid], 0n);
      S.SubnetEpochIndex.mutate(state, [netuid], (i) => i + 1n);
    }
  }
}
