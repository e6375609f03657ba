import { u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { isRodeoError } from '../config/index.js';
import type { Ledger, LedgerRecord, SealData } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import { type AnchorTxRecord, RECORD } from './record-types.js';
import { openRound } from './round-records.js';

export const ANCHOR_PREFIX = 'rodeo-anchor:v1:';

/** A ledger head as anchored on chain: the seal of `round`, at `seq`, with hash `hash`. */
export interface Anchor {
  netuid: number;
  round: number;
  seq: number;
  hash: string;
}

/** `rodeo-anchor:v1:<netuid>:<round>:<seq>:<hash>`: what the validator writes with remark_with_event. */
export function anchorRemark(a: Anchor): string {
  return `${ANCHOR_PREFIX}${a.netuid}:${a.round}:${a.seq}:${a.hash}`;
}

const ANCHOR_PATTERN = /^rodeo-anchor:v1:(\d{1,5}):(\d{1,16}):(\d{1,16}):([0-9a-f]{64})$/;

/** The anchor a remark carries, or undefined when it is not one. */
export function parseAnchorRemark(remark: string): Anchor | undefined {
  const m = ANCHOR_PATTERN.exec(remark);
  if (!m) return undefined;
  return { netuid: Number(m[1]), round: Number(m[2]), seq: Number(m[3]), hash: m[4]! };
}

/** Two addresses of one account, whatever their ss58 prefixes. */
export function sameAccount(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return u8aEq(decodeAddress(a), decodeAddress(b));
  } catch {
    return false;
  }
}

/** The anchor records of round `round`, which come after its seal (`sealSeq`). */
export async function anchorRecords(
  ledger: Ledger,
  round: number,
  sealSeq: number,
): Promise<LedgerRecord<AnchorTxRecord>[]> {
  const out: LedgerRecord<AnchorTxRecord>[] = [];
  for await (const rec of ledger.records<AnchorTxRecord>({ type: RECORD.anchorTx, fromSeq: sealSeq + 1 }))
    if (rec.data.forRound === round) out.push(rec);
  return out;
}

type Result =
  Extract<AnchorTxRecord, { phase: 'result' }> extends infer T
    ? T extends unknown
      ? Omit<T, 'forRound'>
      : never
    : never;

/**
 * Anchors the ledger head after round `round`'s seal on chain, exactly once, when the round is due
 * (validator.anchorEveryRounds). The intent goes to the ledger first; a restart that finds an intent without
 * an outcome looks for the remark on chain before sending it again. A failure is recorded and not retried:
 * the next due round anchors a newer head, which covers this one.
 */
export async function anchorOnce(ctx: ValidatorContext, round: number): Promise<void> {
  const every = ctx.config.validator.anchorEveryRounds;
  if (every === 0 || round % every !== 0) return;
  const seal = await ctx.ledger.lastRecord<SealData>('seal', round);
  if (!seal) return;
  const done = await anchorRecords(ctx.ledger, round, seal.seq);
  if (done.some((r) => r.data.phase === 'result')) return;
  const remark = anchorRemark({ netuid: ctx.netuid, round, seq: seal.seq, hash: seal.hash });
  const append = (data: AnchorTxRecord) => ctx.ledger.append(RECORD.anchorTx, openRound(ctx.ledger), data);
  const result = (data: Result) => append({ forRound: round, ...data });
  try {
    const intent = done.find((r) => r.data.phase === 'intent')?.data;
    if (intent?.phase === 'intent') {
      const found = await ctx.chain.findRemark(remark, intent.head);
      if (found && sameAccount(found.signer, ctx.hotkey.address)) {
        ctx.logger.info({ round, block: found.blockNumber }, 'ledger anchor already on chain');
        await result({
          phase: 'result',
          ok: true,
          remark,
          txHash: '',
          block: found.blockNumber,
          found: 'already-on-chain',
        });
        return;
      }
    } else {
      const head = (await ctx.chain.head()).number;
      await append({ forRound: round, phase: 'intent', remark, seq: seal.seq, hash: seal.hash, head });
    }
    const tx = await ctx.chain.remark(ctx.hotkey, remark);
    ctx.logger.info(
      { round, seq: seal.seq, block: tx.blockNumber, tx: tx.txHash },
      'ledger head anchored on chain',
    );
    await result({
      phase: 'result',
      ok: true,
      remark,
      txHash: tx.txHash,
      block: tx.blockNumber,
      found: 'sent',
    });
  } catch (err) {
    const code = isRodeoError(err) ? err.code : 'VALIDATOR_ANCHOR_FAILED';
    const message = isRodeoError(err) ? err.describe() : String(err);
    ctx.logger.warn({ round, code }, ValidatorErrors.ANCHOR_FAILED(round, message).describe());
    await result({ phase: 'result', ok: false, code, message });
  }
}

/**
 * Finishes the anchor of the ledger's last sealed round before `before`, when a crash came between its seal
 * and its anchor (older rounds need none: a newer anchor covers them).
 */
export async function anchorLatest(ctx: ValidatorContext, before: number): Promise<void> {
  if (ctx.config.validator.anchorEveryRounds === 0) return;
  const seal = await ctx.ledger.lastRecord<SealData>('seal');
  if (seal && seal.round < before) await anchorOnce(ctx, seal.round);
}
