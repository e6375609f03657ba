import type { PayoutRecord } from '../chain/index.js';
import { type Config, isRodeoError } from '../config/index.js';
import type { Payout } from '../scoring/index.js';
import { sameAccount } from './anchors.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import { type PayoutTxRecord, RECORD } from './record-types.js';
import { openRound, type RoundRecords } from './round-records.js';

/** Payout remarks: `rodeo-payout:v1:<netuid>:<payer hotkey>:<payout id>`, batched with the transfers. */
export const PAYOUT_REMARK = 'rodeo-payout:v1';
export const payoutRemarkPrefix = (netuid: number) => `${PAYOUT_REMARK}:${netuid}:`;
export const payoutRemark = (netuid: number, payer: string, id: string) =>
  `${payoutRemarkPrefix(netuid)}${payer}:${id}`;

export function parsePayoutRemark(netuid: number, text: string): { payer: string; id: string } | undefined {
  const prefix = payoutRemarkPrefix(netuid);
  if (!text.startsWith(prefix)) return undefined;
  const rest = text.slice(prefix.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { payer: rest.slice(0, colon), id: rest.slice(colon + 1) };
}

/** Whether this validator sends the subnet's pool payouts (validator.pool.payer, or the older `payouts`). */
export const isPoolPayer = (config: Config) =>
  config.validator.pool.payer || config.validator.pool.payouts === true;

/** A payout remark of this subnet seen on chain. `attributed`: signed by the coldkey that owns `payer`. */
interface SeenPayout {
  payer: string;
  id: string;
  attributed: boolean;
  chain: PayoutRecord;
}

/** Same destinations and amounts, in any order. */
function sameTransfers(chain: PayoutRecord['transfers'], payout: Payout): boolean {
  if (chain.length !== payout.transfers.length) return false;
  const left = [...chain];
  return payout.transfers.every((t) => {
    const i = left.findIndex((c) => c.amount === BigInt(t.amountRao) && sameAccount(c.dest, t.coldkey));
    if (i === -1) return false;
    left.splice(i, 1);
    return true;
  });
}

/**
 * The subnet's payout remarks from the claim's audit window before this payout up to the head. Any account
 * can write a remark: a payout is attributed to a validator only when the coldkey owning its hotkey signed it.
 */
async function seenPayouts(ctx: ValidatorContext, rec: RoundRecords, payout: Payout): Promise<SeenPayout[]> {
  const window =
    rec.start?.data.settings.pool.auditWindowBlocks ?? ctx.config.validator.pool.auditWindowBlocks;
  const found = await ctx.chain.findPayouts(
    payoutRemarkPrefix(ctx.netuid),
    Math.max(0, payout.block - window),
  );
  const owners = new Map((rec.metagraph?.data.neurons ?? []).map((n) => [n.hotkey, n.coldkey]));
  return found.flatMap((chain) => {
    const parsed = parsePayoutRemark(ctx.netuid, chain.remark);
    if (!parsed) return [];
    const owner =
      owners.get(parsed.payer) ?? (parsed.payer === ctx.hotkey.address ? ctx.coldkey?.address : undefined);
    return [{ ...parsed, attributed: owner !== undefined && sameAccount(owner, chain.signer), chain }];
  });
}

const championPart = (payout: Pick<Payout, 'hotkey'>) => `payout-${payout.hotkey.slice(0, 16)}-`;

/**
 * Pool payouts, sent by one validator per subnet (validator.pool.payer) and never twice by anyone.
 *
 * The payer pays a confirmed claim exactly once: the transfers and a remark naming the subnet, the payer and
 * the payout id go in one atomic batch; the intent is recorded first, and before any send the chain is
 * searched for the payout (same id and transfers, by anyone), so a crash between sending and recording never
 * pays twice. It refuses to pay a champion another validator's hotkey already paid in the window.
 *
 * Every other validator tracks the pool and looks for the payer's payout on chain instead (again with the next
 * rounds until found): the same payout, or an attributed payout to the same champion. Payouts of two different
 * hotkeys seen for the subnet, or another hotkey's payout seen by a payer, are reported loudly (error log,
 * the pool_payers metric, `payers` in the record and the API).
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
  const recordedOnce = () => rec.payoutTx.some((t) => t.data.phase === 'result');
  const payer = isPoolPayer(ctx.config);
  if (payer && !ctx.coldkey) {
    if (recordedOnce()) return;
    const why = 'no coldkey (set chain.coldkeyUri)';
    ctx.logger.warn({ round, id: payout.id, total: payout.totalRao }, `payout not sent: ${why}`);
    await result({
      phase: 'result',
      id: payout.id,
      ok: false,
      code: ValidatorErrors.PAYOUTS_DISABLED.code,
      message: why,
    });
    return;
  }
  const resuming = rec.payoutTx.some((t) => t.data.phase === 'intent');
  if (payer && !resuming) await append({ forRound: round, phase: 'intent', payout });

  try {
    const seen = await seenPayouts(ctx, rec, payout);
    const me = ctx.hotkey.address;
    // whoever was seen paying, and this validator when it is configured to pay
    const payers = [
      ...new Set([...seen.filter((s) => s.attributed).map((s) => s.payer), ...(payer ? [me] : [])]),
    ].sort();
    ctx.observer.poolPayers?.(payers);
    if (payers.length > 1)
      ctx.logger.error(
        { round, id: payout.id, netuid: ctx.netuid, payers },
        `two payers on subnet ${ctx.netuid}: ${payers.join(', ')} pay its pool${payer ? ` (this validator, ${me}, is configured as payer)` : ''}; set validator.pool.payer on exactly one validator`,
      );
    const same = seen.find((s) => s.id === payout.id && sameTransfers(s.chain.transfers, payout));
    const sameChampion = seen.find(
      (s) => s.attributed && s.payer !== me && s.id.startsWith(championPart(payout)),
    );
    const paid = same ?? (payer ? undefined : sameChampion);
    if (paid) {
      const mine = paid.payer === me;
      ctx.logger.info(
        { round, id: payout.id, block: paid.chain.blockNumber, payer: paid.payer },
        mine ? 'payout already on chain' : 'payout made by the payer, read from chain',
      );
      await result({
        phase: 'result',
        id: payout.id,
        ok: true,
        txHash: '',
        block: paid.chain.blockNumber,
        found: mine ? 'already-on-chain' : 'paid-by-payer',
        payer: paid.payer,
        payers,
      });
      return;
    }
    if (!payer) {
      if (recordedOnce()) return;
      const why = `not the payer (validator.pool.payer is off): waiting for the payer's payout ${payout.id} on chain`;
      ctx.logger.info({ round, id: payout.id, total: payout.totalRao }, why);
      await result({
        phase: 'result',
        id: payout.id,
        ok: false,
        code: ValidatorErrors.NOT_PAYER.code,
        message: why,
        payers,
      });
      return;
    }
    if (sameChampion) {
      const why = `${sameChampion.payer} already paid champion ${payout.hotkey} at block ${sameChampion.chain.blockNumber}: two payers on subnet ${ctx.netuid}; nothing sent`;
      ctx.logger.error({ round, id: payout.id, payers }, why);
      await result({
        phase: 'result',
        id: payout.id,
        ok: false,
        code: ValidatorErrors.TWO_PAYERS.code,
        message: why,
        payers,
      });
      return;
    }
    // a send cut short before this node wrote remarks naming the subnet
    const legacy = resuming ? await ctx.chain.findRemark(payout.id, payout.block) : undefined;
    if (legacy) {
      await result({
        phase: 'result',
        id: payout.id,
        ok: true,
        txHash: '',
        block: legacy.blockNumber,
        found: 'already-on-chain',
        payer: me,
        payers,
      });
      return;
    }
    const tx = await ctx.chain.payout(ctx.coldkey!, {
      remark: payoutRemark(ctx.netuid, me, payout.id),
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
      payer: me,
      payers,
    });
  } catch (err) {
    const code = isRodeoError(err) ? err.code : 'VALIDATOR_PAYOUT_FAILED';
    const message = isRodeoError(err) ? err.describe() : String(err);
    if (!payer) {
      ctx.logger.warn({ round, id: payout.id, code }, `could not read the payer's payouts: ${message}`);
      return;
    }
    ctx.logger.error({ round, id: payout.id, code }, `payout failed: ${message}`);
    await result({ phase: 'result', id: payout.id, ok: false, code, message });
  }
}
