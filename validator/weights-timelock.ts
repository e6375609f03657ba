import { weightsRowMatches } from '../chain/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import type { RoundRecords } from './round-records.js';

/**
 * Timelocked commit-reveal (CR v3/v4) for the validator: where the chain offers `commit_timelocked_weights` and
 * has a drand pallet, a round's weights are committed encrypted to a drand round and the runtime reveals them
 * itself when that round's pulse is on chain, so they count even if this process is gone by then.
 */
export function timelockOffered(ctx: Pick<ValidatorContext, 'chain'>): boolean {
  return ctx.chain.features.timelockedCommits && ctx.chain.view.hasStorage('drand', 'beaconConfig');
}

/** commit_timelocked_weights for a round's emit vector; logs the round it opens at. */
export async function commitTimelocked(
  ctx: ValidatorContext,
  round: number,
  input: { netuid: number; mecid?: number; uids: number[]; values: number[]; versionKey: bigint },
) {
  const tx = await ctx.chain.commitTimelockedWeights(ctx.hotkey, input);
  ctx.logger.info(
    {
      round,
      tx: tx.txHash,
      block: tx.blockNumber,
      uids: input.uids.length,
      revealRound: tx.revealRound,
      revealFrom: tx.firstRevealBlock,
    },
    `weights committed, timelocked to drand round ${tx.revealRound}; the chain reveals them itself from block ${tx.firstRevealBlock}`,
  );
  return tx;
}

/** A round's timelocked commit that landed and whose reveal by the chain has not been confirmed yet. */
export function pendingTimelock(rec: RoundRecords) {
  const intent = rec.weightsTx.find((t) => t.data.phase === 'intent' && t.data.mode === 'timelock');
  const committed = rec.weightsTx.find(
    (t) => t.data.phase === 'result' && t.data.mode === 'timelock' && t.data.ok,
  );
  const settled = rec.weightsTx.some((t) => t.data.phase === 'result' && t.data.mode === 'reveal');
  if (intent?.data.phase !== 'intent' || committed?.data.phase !== 'result' || !committed.data.ok || settled)
    return undefined;
  return { uids: intent.data.uids, values: intent.data.values, block: committed.data.block };
}

export type TimelockOutcome =
  | { kind: 'revealed'; block: number }
  | { kind: 'waiting' }
  | { kind: 'dropped'; error: ReturnType<typeof ValidatorErrors.WEIGHTS_FAILED> };

/**
 * Has the chain revealed it? The commit still waits in `TimelockedWeightCommits`: not yet (checked first: the
 * row may already hold the same vector from an earlier round). Taken, and our weight row equals the committed
 * vector: revealed. Taken without it: the runtime dropped it (its round never came within the reveal epoch, or
 * the weights failed set_weights' checks then).
 */
export async function timelockOutcome(
  ctx: ValidatorContext,
  pending: NonNullable<ReturnType<typeof pendingTimelock>>,
): Promise<TimelockOutcome> {
  const metagraph = await ctx.chain.metagraph(ctx.netuid);
  const uid = metagraph.neurons.find((n) => n.hotkey === ctx.hotkey.address)?.uid;
  const mecid = ctx.config.validator.mechanism;
  const waiting = await ctx.chain.timelockedCommits(ctx.netuid, ctx.hotkey.address, mecid);
  if (waiting.some((c) => c.block === pending.block)) return { kind: 'waiting' };
  const row = uid === undefined ? undefined : (await ctx.chain.weights(ctx.netuid, uid, mecid))[0];
  if (weightsRowMatches(row, pending.uids, pending.values))
    return { kind: 'revealed', block: (await ctx.chain.head()).number };
  return {
    kind: 'dropped',
    error: ValidatorErrors.WEIGHTS_FAILED(
      'reveal',
      `the chain took the timelocked commit of block ${pending.block} without setting its weights (its drand round did not arrive within the reveal epoch, or the weights failed set_weights' checks then)`,
    ),
  };
}
