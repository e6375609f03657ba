import { ChainErrors } from '../chain/index.js';
import { isRodeoError } from '../config/index.js';
import type { ValidatorContext } from './context.js';
import { ourRowKey, weightVectorKey } from './our-weights.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
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
  | { kind: 'dropped'; reason: string };

/** Per validator, by commit block: the head last seen with that commit still waiting (the scan starts after). */
const waitingAt = new WeakMap<ValidatorContext, Map<number, number>>();

/**
 * Has the chain revealed it? The commit still waits in `TimelockedWeightCommits`: not yet. Taken: revealed when
 * a block since (since the last check that saw it waiting, else since the commit) holds the runtime's
 * `TimelockedWeightsRevealed` for our hotkey, the chain's own record that it set the weights; otherwise the
 * runtime dropped it (its drand round did not arrive within the reveal epoch, it did not decrypt, or the weights
 * failed set_weights' checks then). Our weight row alone is no evidence: it may hold the same vector from an
 * earlier round. A node that pruned those blocks' state (most keep 256 blocks: a validator restarted long after
 * its commit) cannot serve their events; then see `fromRow`.
 */
export async function timelockOutcome(
  ctx: ValidatorContext,
  round: number,
  pending: NonNullable<ReturnType<typeof pendingTimelock>>,
): Promise<TimelockOutcome> {
  const mecid = ctx.config.validator.mechanism;
  const seen = waitingAt.get(ctx) ?? new Map<number, number>();
  waitingAt.set(ctx, seen);
  // the head before the storage read: a reveal after a read that still finds the commit comes after it
  const before = (await ctx.chain.head()).number;
  const waiting = await ctx.chain.timelockedCommits(ctx.netuid, ctx.hotkey.address, mecid);
  if (waiting.some((c) => c.block === pending.block)) {
    seen.set(pending.block, before);
    return { kind: 'waiting' };
  }
  const from = Math.max(pending.block, seen.get(pending.block) ?? 0) + 1;
  const to = (await ctx.chain.head()).number;
  let block: number | undefined;
  try {
    block = await ctx.chain.timelockedRevealIn(ctx.netuid, ctx.hotkey.address, from, to, mecid);
  } catch (err) {
    if (!isRodeoError(err) || err.code !== ChainErrors.STATE_PRUNED.code) throw err;
    seen.delete(pending.block);
    return fromRow(ctx, round, pending, `${from}..${to}`);
  }
  seen.delete(pending.block);
  if (block !== undefined) return { kind: 'revealed', block };
  return {
    kind: 'dropped',
    reason: `the chain took the timelocked commit of block ${pending.block} without revealing it (no TimelockedWeightsRevealed for this hotkey in blocks ${from}..${to}: its drand round did not arrive within the reveal epoch, it did not decrypt, or the weights failed set_weights' checks then)`,
  };
}

/**
 * Without the events: our row holding this commit's vector is the reveal only if it held another one before.
 * The ledger knows what it held: the vector of the latest earlier round whose weights were confirmed on chain
 * (with commit-reveal on, a reveal does not move LastUpdate, so the chain itself cannot say when the row changed).
 * Anything else cannot be confirmed and is reported as expired, so an operator looks rather than trusting
 * weights nobody saw land.
 */
async function fromRow(
  ctx: ValidatorContext,
  round: number,
  pending: NonNullable<ReturnType<typeof pendingTimelock>>,
  range: string,
): Promise<TimelockOutcome> {
  const ours = weightVectorKey(pending.uids, pending.values);
  const before = await lastConfirmedVector(ctx, round);
  if ((await ourRowKey(ctx)) === ours) {
    if (before !== undefined && before !== ours) {
      ctx.logger.info(
        { round, range },
        'the node pruned the reveal blocks’ events; the reveal is confirmed from our weight row, which held another vector before',
      );
      return { kind: 'revealed', block: 0 };
    }
  }
  return {
    kind: 'dropped',
    reason: `the node pruned the events of blocks ${range}, and our weight row ${
      before === ours ? 'held the same vector before this commit' : 'does not hold this commit’s weights'
    }: the reveal cannot be confirmed (query an archive node for TimelockedWeightsRevealed to check)`,
  };
}

/** The vector of the latest round before `round` whose weights the ledger records as set or revealed. */
async function lastConfirmedVector(ctx: ValidatorContext, round: number): Promise<string | undefined> {
  const vectors = new Map<number, string>();
  let latest = -1;
  for await (const { data } of ctx.ledger.records<WeightsTxRecord>({ type: RECORD.weightsTx })) {
    if (data.forRound >= round) continue;
    if (data.phase === 'intent' && data.mode !== 'reveal')
      vectors.set(data.forRound, weightVectorKey(data.uids, data.values));
    if (data.phase === 'result' && data.ok && (data.mode === 'reveal' || data.mode === 'set'))
      latest = Math.max(latest, data.forRound);
  }
  return vectors.get(latest);
}
