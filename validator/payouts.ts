import { isRodeoError } from '../config/index.js';
import type { ValidatorContext } from './context.js';
import { type PayoutTxRecord, RECORD } from './records.js';
import { openRound, type RoundRecords } from './round-records.js';

/**
 * Pays a confirmed prize-pool claim exactly once. The transfers and a remark carrying the payout id go in
 * one atomic batch; the intent is recorded first, and before any send the chain is searched for that remark,
 * so a crash between sending and recording never pays twice. A failed send is recorded and retried with
 * the next round (the claim stays pending until a successful result).
 */
export async function payOnce(ctx: ValidatorContext, rec: RoundRecords): Promise<void> {
  const payout = rec.state?.data.payout;
  if (!payout) return;
  if (rec.payoutTx.some((t) => t.data.phase === 'result' && t.data.ok)) return;
  const round = rec.round;
  const append = (data: PayoutTxRecord) => ctx.ledger.append(RECORD.payoutTx, openRound(ctx.ledger), data);
  type Result =
    Extract<PayoutTxRecord, { phase: 'result' }> extends infer T
      ? T extends unknown
        ? Omit<T, 'forRound'>
        : never
      : never;
  const result = (data: Result) => append({ forRound: round, ...data });
  if (!ctx.config.validator.pool.payouts || !ctx.coldkey) {
    const why = ctx.coldkey ? 'validator.pool.payouts is off' : 'no coldkey (set chain.coldkeyUri)';
    if (rec.payoutTx.some((t) => t.data.phase === 'result')) return;
    ctx.logger.warn({ round, id: payout.id, total: payout.totalRao }, `payout not sent: ${why}`);
    await result({
      phase: 'result',
      id: payout.id,
      ok: false,
      code: 'VALIDATOR_PAYOUTS_DISABLED',
      message: why,
    });
    return;
  }
  if (!rec.payoutTx.some((t) => t.data.phase === 'intent'))
    await append({ forRound: round, phase: 'intent', payout });
  try {
    const found = await ctx.chain.findRemark(payout.id, payout.block);
    if (found) {
      ctx.logger.info({ round, id: payout.id, block: found.blockNumber }, 'payout already on chain');
      await result({
        phase: 'result',
        id: payout.id,
        ok: true,
        txHash: '',
        block: found.blockNumber,
        found: 'already-on-chain',
      });
      return;
    }
    const tx = await ctx.chain.payout(ctx.coldkey, {
      remark: payout.id,
      transfers: payout.transfers.map((t) => ({ dest: t.coldkey, amount: BigInt(t.amountRao) })),
    });
    ctx.logger.info({ round, id: payout.id, tx: tx.txHash, total: payout.totalRao }, 'payout sent');
    await result({
      phase: 'result',
      id: payout.id,
      ok: true,
      txHash: tx.txHash,
      block: tx.blockNumber,
      found: 'sent',
    });
  } catch (err) {
    const code = isRodeoError(err) ? err.code : 'VALIDATOR_PAYOUT_FAILED';
    const message = isRodeoError(err) ? err.describe() : String(err);
    ctx.logger.error({ round, id: payout.id, code }, `payout failed: ${message}`);
    await result({ phase: 'result', id: payout.id, ok: false, code, message });
  }
}
