import {
  ChainErrors,
  type EpochSchedule,
  isRetryable,
  newSalt,
  revealOpensAt,
  revealStanding,
  weightCommitHash,
} from '../chain/index.js';
import { isRodeoError } from '../config/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import { ourNeuron, ourRowKey, weightVectorKey } from './our-weights.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
import { openRound, type RoundRecords, readRound } from './round-records.js';
import { commitTimelocked, pendingTimelock, timelockOffered, timelockOutcome } from './weights-timelock.js';

const ATTEMPTS = 3;

type Mode = 'set' | 'commit' | 'reveal' | 'timelock';

type TxData = WeightsTxRecord extends infer T ? (T extends unknown ? Omit<T, 'forRound'> : never) : never;

/** Records an extrinsic step for `round` in the round open now (a reveal may come rounds later). */
async function record(ctx: ValidatorContext, round: number, data: TxData): Promise<void> {
  await ctx.ledger.append(RECORD.weightsTx, openRound(ctx.ledger), { forRound: round, ...data });
}

async function failure(ctx: ValidatorContext, round: number, mode: Mode, err: unknown): Promise<void> {
  const coded = isRodeoError(err) ? err : ValidatorErrors.WEIGHTS_FAILED(mode, String(err));
  const { code } = coded;
  const message = coded.describe();
  ctx.logger.warn({ round, code }, `weights not ${mode === 'set' ? 'set' : `${mode}ted`}: ${message}`);
  ctx.observer.weightsSet?.(false);
  await record(ctx, round, { phase: 'result', mode, ok: false, code, message, retryable: isRetryable(err) });
}

/**
 * Puts the round's weight vector on chain exactly once: an intent record goes to the ledger before the
 * extrinsic, its outcome after. A restart that finds an intent without an outcome asks the chain whether
 * our weights moved since (LastUpdate) before sending again, so a kill never sets weights twice.
 */
export async function submitWeights(ctx: ValidatorContext, rec: RoundRecords): Promise<void> {
  const weights = rec.weights?.data;
  if (!weights || weights.emit.uids.length === 0) return;
  if (rec.weightsTx.some((t) => t.data.phase === 'result' && t.data.mode !== 'reveal')) return;
  const round = rec.round;
  const hp = await ctx.chain.hyperparams(ctx.netuid);
  const mode: Mode = hp.commitRevealWeightsEnabled ? (timelockChosen(ctx) ? 'timelock' : 'commit') : 'set';
  const neuron = await ourNeuron(ctx);
  if (!neuron)
    return failure(ctx, round, mode, ValidatorErrors.NOT_REGISTERED(ctx.hotkey.address, ctx.netuid));

  const pending = rec.weightsTx.findLast((t) => t.data.phase === 'intent');
  if (
    pending &&
    pending.data.phase === 'intent' &&
    neuron.lastUpdate > pending.data.head &&
    (mode === 'set' || mode === 'timelock')
  ) {
    ctx.logger.info(
      { round, lastUpdate: neuron.lastUpdate },
      'weights of an interrupted attempt are already on chain',
    );
    return record(ctx, round, { phase: 'result', mode, ok: true, txHash: '', block: neuron.lastUpdate });
  }
  if (mode === 'commit' && !ctx.chain.features.hashCommits) {
    return failure(
      ctx,
      round,
      mode,
      ChainErrors.UNSUPPORTED(
        'commit-reveal weights without hash commits (CR v3 timelock)',
        ctx.chain.view.runtime,
      ),
    );
  }

  if (mode === 'commit' && ctx.config.validator.mechanism > 0) {
    return failure(
      ctx,
      round,
      mode,
      ChainErrors.UNSUPPORTED(
        `hash commit-reveal for mechanism ${ctx.config.validator.mechanism} (commit_mechanism_weights); set validator.weightsCommit to auto for timelocked commits`,
        ctx.chain.view.runtime,
      ),
    );
  }

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (ctx.signal.aborted) return;
    const head = await ctx.chain.head();
    const wait = neuron.lastUpdate + hp.weightsSetRateLimit - head.number;
    if (wait > 0 && neuron.lastUpdate > 0) {
      ctx.logger.info({ round, wait }, `waiting ${wait} blocks for the weights rate limit`);
      await waitBlocks(ctx, head.number + wait);
    }
    try {
      const input = {
        netuid: ctx.netuid,
        mecid: ctx.config.validator.mechanism,
        uids: weights.emit.uids,
        values: weights.emit.values,
        versionKey: BigInt(weights.versionKey),
      };
      // a commit carries its salt and hash in the intent, so a restart can still reveal it
      const salt = mode === 'commit' ? newSalt() : undefined;
      const commit = salt
        ? { salt, commitHash: weightCommitHash(ctx.hotkey.address, { ...input, salt }) }
        : {};
      const head = (await ctx.chain.head()).number;
      await record(ctx, round, {
        phase: 'intent',
        mode,
        uids: input.uids,
        values: input.values,
        ...commit,
        head,
      });
      let tx: { txHash: string; blockNumber: number };
      if (mode === 'timelock') tx = await commitTimelocked(ctx, round, input);
      else {
        tx = salt
          ? await ctx.chain.commitWeights(ctx.hotkey, { ...input, salt })
          : await ctx.chain.setWeights(ctx.hotkey, input);
        if (!salt) ctx.observer.weightsSet?.(true);
        ctx.logger.info(
          { round, tx: tx.txHash, block: tx.blockNumber, uids: input.uids.length },
          salt ? 'weights committed; the reveal follows' : 'weights set',
        );
      }
      return record(ctx, round, {
        phase: 'result',
        mode,
        ok: true,
        txHash: tx.txHash,
        block: tx.blockNumber,
      });
    } catch (err) {
      if (!isRetryable(err) || attempt === ATTEMPTS) return failure(ctx, round, mode, err);
      ctx.logger.warn(
        { round, attempt, code: isRodeoError(err) ? err.code : undefined },
        'weights attempt failed; retrying',
      );
    }
  }
}

/** Timelocked commits where the chain offers them, unless validator.weightsCommit asks for hash commits. */
const timelockChosen = (ctx: WeightsPathContext) =>
  ctx.config.validator.weightsCommit !== 'hash' && timelockOffered(ctx);

export interface WeightsPath {
  kind: 'set_weights' | 'hash commit-reveal' | 'timelocked commit-reveal';
  /** The subnet's epoch schedule: stateful (spec 424+) or the legacy block grid. */
  epochs: 'stateful' | 'legacy';
  description: string;
}

/** Which extrinsics this validator's weights go through on its subnet now (said at start and by rodeo devnet). */
export type WeightsPathContext = Pick<ValidatorContext, 'chain' | 'netuid' | 'config'>;

export async function weightsPath(ctx: WeightsPathContext): Promise<WeightsPath> {
  const hp = await ctx.chain.hyperparams(ctx.netuid);
  const epochs = ctx.chain.features.statefulEpochs ? 'stateful' : 'legacy';
  if (!hp.commitRevealWeightsEnabled)
    return { kind: 'set_weights', epochs, description: 'plain set_weights (commit-reveal is off)' };
  if (timelockChosen(ctx))
    return {
      kind: 'timelocked commit-reveal',
      epochs,
      description: `timelocked commit-reveal (commit_timelocked_weights to a drand round; the chain reveals them itself in epoch commit + ${hp.revealPeriodEpochs}, ${epochs} epochs of ${hp.tempo} blocks)`,
    };
  return {
    kind: 'hash commit-reveal',
    epochs,
    description: `hash commit-reveal (commit_weights, reveal_weights in epoch commit + ${hp.revealPeriodEpochs}, ${epochs} epochs of ${hp.tempo} blocks)`,
  };
}

/** One reveal at a time per validator: the reveal scheduler and the round loop both call `revealPending`. */
const revealing = new WeakMap<ValidatorContext, Promise<void>>();

/** A round's hash commit that landed and has no reveal outcome (revealed, expired or failed) recorded yet. */
export function pendingCommit(rec: RoundRecords) {
  const intent = rec.weightsTx.find((t) => t.data.phase === 'intent' && t.data.mode === 'commit');
  const committed = rec.weightsTx.some(
    (t) => t.data.phase === 'result' && t.data.mode === 'commit' && t.data.ok,
  );
  const settled = rec.weightsTx.some((t) => t.data.phase === 'result' && t.data.mode === 'reveal');
  if (intent?.data.phase !== 'intent' || !committed || settled || !intent.data.salt || !rec.weights)
    return undefined;
  return { ...intent.data, salt: intent.data.salt, versionKey: BigInt(rec.weights.data.versionKey) };
}

/**
 * Reveals a round's committed weights in their window: reads the commit (and the epoch it was tagged with)
 * from `WeightCommits`, reveals when the next block is judged in epoch commit + RevealPeriodEpochs, leaves it
 * while that epoch is ahead, and reports it as expired (metric, error log with advice, ledger record) once the
 * epoch has passed. Custom error 17 is "outside the window" (early or late); the schedule tells which.
 */
export function revealPending(ctx: ValidatorContext, rec: RoundRecords): Promise<void> {
  const before = revealing.get(ctx) ?? Promise.resolve();
  const next = before.then(() => revealIfDue(ctx, rec));
  revealing.set(
    ctx,
    next.catch(() => undefined),
  );
  return next;
}

async function revealIfDue(ctx: ValidatorContext, stale: RoundRecords): Promise<void> {
  // re-read: the other caller may have settled it while this one waited
  const rec = await readRound(ctx.ledger, stale.round);
  const locked = pendingTimelock(rec);
  if (locked) return confirmTimelocked(ctx, rec.round, locked);
  const pending = pendingCommit(rec);
  if (!pending) return;
  const hash = pending.commitHash ?? weightCommitHash(ctx.hotkey.address, { netuid: ctx.netuid, ...pending });
  const { schedule, commits } = await ctx.chain.weightCommits(ctx.netuid, ctx.hotkey.address);
  const commit = commits.find((c) => c.hash === hash);
  if (!commit) return settleVanished(ctx, rec, pending);
  const standing = revealStanding(schedule, commit);
  if (standing === 'expired') return expired(ctx, rec.round, commit.revealEpoch, schedule);
  if (standing === 'early') {
    ctx.logger.debug(
      {
        round: rec.round,
        revealEpoch: commit.revealEpoch,
        epoch: schedule.epoch,
        at: revealOpensAt(schedule, commit),
      },
      'weights reveal scheduled',
    );
    return;
  }
  // before the first send: a restart that finds the commit gone knows a reveal may have landed (settleVanished)
  if (!rec.weightsTx.some((t) => t.data.phase === 'intent' && t.data.mode === 'reveal'))
    await record(ctx, rec.round, {
      phase: 'intent',
      mode: 'reveal',
      uids: pending.uids,
      values: pending.values,
      head: schedule.head,
    });
  try {
    const tx = await ctx.chain.revealWeights(ctx.hotkey, {
      netuid: ctx.netuid,
      uids: pending.uids,
      values: pending.values,
      salt: pending.salt,
      versionKey: pending.versionKey,
    });
    ctx.observer.weightsSet?.(true);
    ctx.logger.info(
      { round: rec.round, tx: tx.txHash, block: tx.blockNumber, epoch: commit.revealEpoch },
      'weights revealed',
    );
    await record(ctx, rec.round, {
      phase: 'result',
      mode: 'reveal',
      ok: true,
      txHash: tx.txHash,
      block: tx.blockNumber,
    });
  } catch (err) {
    // inside the window a failure is retried at the next block; past it, the next call reports the expiry
    if (isRetryable(err)) {
      ctx.logger.warn(
        { round: rec.round, code: isRodeoError(err) ? err.code : undefined, revealEpoch: commit.revealEpoch },
        'weights reveal failed inside its window; retrying at the next block',
      );
      return;
    }
    await failure(ctx, rec.round, 'reveal', err);
  }
}

/** A timelocked commit: the chain reveals it; record when its reveal event shows (or, expired, that it was dropped). */
async function confirmTimelocked(
  ctx: ValidatorContext,
  round: number,
  pending: NonNullable<ReturnType<typeof pendingTimelock>>,
): Promise<void> {
  const outcome = await timelockOutcome(ctx, round, pending);
  if (outcome.kind === 'waiting') return;
  if (outcome.kind === 'dropped')
    return expired(ctx, round, undefined, await ctx.chain.epochSchedule(ctx.netuid), outcome.reason);
  ctx.observer.weightsSet?.(true);
  ctx.logger.info({ round, block: outcome.block }, 'timelocked weights revealed by the chain');
  await record(ctx, round, { phase: 'result', mode: 'reveal', ok: true, txHash: '', block: outcome.block });
}

/**
 * The commit is no longer stored: revealed by an earlier run that was stopped before it recorded so (it had
 * recorded its reveal intent, and our row on chain holds the vector), or dropped unrevealed.
 */
async function settleVanished(
  ctx: ValidatorContext,
  rec: RoundRecords,
  pending: NonNullable<ReturnType<typeof pendingCommit>>,
): Promise<void> {
  const onChain = await ourRowKey(ctx);
  const ours = weightVectorKey(pending.uids, pending.values);
  // only we hold the salt, so only a reveal we sent can have revealed it; without one, a row that equals it
  // holds an earlier round's same vector, and this commit expired and was dropped (at our next commit)
  const sent = rec.weightsTx.some((t) => t.data.phase === 'intent' && t.data.mode === 'reveal');
  if (sent && onChain === ours) {
    ctx.logger.info({ round: rec.round }, 'weights of an interrupted reveal are already on chain');
    await record(ctx, rec.round, { phase: 'result', mode: 'reveal', ok: true, txHash: '', block: 0 });
    return;
  }
  return expired(ctx, rec.round, undefined, await ctx.chain.epochSchedule(ctx.netuid));
}

async function expired(
  ctx: ValidatorContext,
  round: number,
  revealEpoch: number | undefined,
  schedule: EpochSchedule,
  why?: string,
): Promise<void> {
  const err = ValidatorErrors.WEIGHTS_COMMIT_EXPIRED(round, revealEpoch, schedule.epochForNextBlock, why);
  ctx.observer.weightsCommitExpired?.();
  ctx.observer.weightsSet?.(false);
  ctx.logger.error({ round, code: err.code, revealEpoch, epoch: schedule.epoch }, err.describe());
  await record(ctx, round, {
    phase: 'result',
    mode: 'reveal',
    ok: false,
    code: err.code,
    message: err.message,
    retryable: false,
  });
}

async function waitBlocks(ctx: ValidatorContext, target: number): Promise<void> {
  while (!ctx.signal.aborted && (await ctx.chain.head()).number < target) {
    await new Promise((r) => setTimeout(r, 1000));
  }
}
