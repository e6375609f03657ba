import { ChainErrors, isRetryable, newSalt, weightCommitHash } from '../chain/index.js';
import { isRodeoError } from '../config/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
import { openRound, type RoundRecords } from './round-records.js';

const ATTEMPTS = 3;

type Mode = 'set' | 'commit' | 'reveal';

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

/** Our neuron as the chain has it now. */
async function ourNeuron(ctx: ValidatorContext) {
  const m = await ctx.chain.metagraph(ctx.netuid);
  return m.neurons.find((n) => n.hotkey === ctx.hotkey.address);
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
  const mode: Mode = hp.commitRevealWeightsEnabled ? 'commit' : 'set';
  const neuron = await ourNeuron(ctx);
  if (!neuron)
    return failure(ctx, round, mode, ValidatorErrors.NOT_REGISTERED(ctx.hotkey.address, ctx.netuid));

  const pending = rec.weightsTx.findLast((t) => t.data.phase === 'intent');
  if (pending && pending.data.phase === 'intent' && neuron.lastUpdate > pending.data.head && mode === 'set') {
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
      const tx = salt
        ? await ctx.chain.commitWeights(ctx.hotkey, { ...input, salt })
        : await ctx.chain.setWeights(ctx.hotkey, input);
      if (!salt) ctx.observer.weightsSet?.(true);
      ctx.logger.info(
        { round, tx: tx.txHash, block: tx.blockNumber, uids: input.uids.length },
        salt ? 'weights committed; the reveal follows' : 'weights set',
      );
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

/** Reveals committed weights whose window is open; RevealTooEarly leaves them for a later block. */
export async function revealPending(ctx: ValidatorContext, rec: RoundRecords): Promise<void> {
  const intent = rec.weightsTx.find((t) => t.data.phase === 'intent' && t.data.mode === 'commit');
  const committed = rec.weightsTx.some(
    (t) => t.data.phase === 'result' && t.data.mode === 'commit' && t.data.ok,
  );
  const revealed = rec.weightsTx.some((t) => t.data.phase === 'result' && t.data.mode === 'reveal');
  if (intent?.data.phase !== 'intent' || !committed || revealed || !intent.data.salt) return;
  const w = rec.weights!.data;
  try {
    const tx = await ctx.chain.revealWeights(ctx.hotkey, {
      netuid: ctx.netuid,
      uids: intent.data.uids,
      values: intent.data.values,
      salt: intent.data.salt,
      versionKey: BigInt(w.versionKey),
    });
    ctx.observer.weightsSet?.(true);
    await record(ctx, rec.round, {
      phase: 'result',
      mode: 'reveal',
      ok: true,
      txHash: tx.txHash,
      block: tx.blockNumber,
    });
  } catch (err) {
    if (isRodeoError(err) && err.code === ChainErrors.REVEAL_TOO_EARLY.code) return;
    await failure(ctx, rec.round, 'reveal', err);
  }
}

async function waitBlocks(ctx: ValidatorContext, target: number): Promise<void> {
  while (!ctx.signal.aborted && (await ctx.chain.head()).number < target) {
    await new Promise((r) => setTimeout(r, 1000));
  }
}
