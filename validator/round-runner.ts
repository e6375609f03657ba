import { BenchErrors } from '../bench/index.js';
import type { LedgerRecord } from '../ledger/index.js';
import { anchorLatest, anchorOnce } from './anchors.js';
import type { ValidatorContext } from './context.js';
import { deriveRound } from './derive.js';
import { measureMiners, type RoundDeadline } from './measure-miners.js';
import { payOnce } from './payouts.js';
import { writeRawRecords } from './raw-records.js';
import { RECORD } from './record-types.js';
import {
  addRecord,
  previousState,
  type RoundRecords,
  readRound,
  roundInputs,
  scoreRound,
} from './round-records.js';
import { revealSeed } from './seeds.js';
import { revealPending, submitWeights } from './weights-tx.js';

export interface RoundControl {
  /** Hotkey -> reason of every disqualification so far. */
  disqualified: ReadonlyMap<string, string>;
  paused: () => boolean;
  /** Time the benchmark may take, ms (see validator.roundDeadlineMs); asked only when some miner is still to be measured. */
  deadlineMs: () => Promise<number>;
}

/** The share of the deadline the streams get; the rest is kept for gathering the evidence of what arrived. */
const STREAM_SHARE = 0.8;

/**
 * Signals that abort with BENCH_ROUND_DEADLINE: `streams` at 80% of `ms`, `all` (evidence too) at `ms`;
 * `clear` stops their timers.
 */
export function roundDeadline(ms: number): RoundDeadline & { clear: () => void } {
  const streams = new AbortController();
  const all = new AbortController();
  const timers = [
    setTimeout(
      () => streams.abort(BenchErrors.ROUND_DEADLINE(Math.floor(ms * STREAM_SHARE))),
      ms * STREAM_SHARE,
    ),
    setTimeout(() => all.abort(BenchErrors.ROUND_DEADLINE(ms)), ms),
  ];
  return {
    streams: streams.signal,
    all: all.signal,
    clear: () => {
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** The round runner keeps no measurements in memory: each miner's leave once written, and scoring streams them. */
const LIGHT = { measurements: false };

const file = (rec: RoundRecords, records: LedgerRecord[]) => {
  for (const r of records) addRecord(rec, r);
};

/**
 * Runs round `round` (whose seed block is `block`) to its seal, resuming from whatever the ledger already
 * holds for it: raw records, then measurements, then derived records, then the weights extrinsic, the round's
 * seed secret and any payout, then the signed seal. Every step is recorded before the next starts.
 */
export async function runRound(
  ctx: ValidatorContext,
  round: number,
  block: number,
  blockHash: string,
  control: RoundControl,
): Promise<RoundRecords> {
  let rec = await readRound(ctx.ledger, round, LIGHT);
  if (rec.sealed) return rec;
  const t0 = performance.now();
  ctx.observer.roundStarted?.(round, block);
  if (!rec.start) {
    await writeRawRecords(ctx, round, block, blockHash);
    rec = await readRound(ctx.ledger, round, LIGHT);
    ctx.observer.changed?.({ type: 'round.started', round });
  }
  if (!rec.scores) {
    let deadline: ReturnType<typeof roundDeadline> | undefined;
    try {
      await measureMiners(ctx, rec, control.disqualified, async () => {
        deadline = roundDeadline(await control.deadlineMs());
        return deadline;
      });
    } finally {
      deadline?.clear();
    }
    if (ctx.signal.aborted) return rec;
    rec = await readRound(ctx.ledger, round, LIGHT);
    // writeRawRecords wrote every raw record before the first measurement
    const inputs = roundInputs(rec, control.disqualified)!;
    const scores = await scoreRound(ctx.ledger, round, inputs);
    const out = deriveRound(inputs, await previousState(ctx.ledger, round), { scores });
    file(
      rec,
      await ctx.ledger.appendBatch<unknown>([
        { type: RECORD.scores, round, data: out.scores },
        { type: RECORD.state, round, data: out.state },
        { type: RECORD.weights, round, data: out.weights },
      ]),
    );
    ctx.observer.changed?.({ type: 'round.scored', round });
  }
  if (ctx.config.validator.setWeights && !control.paused()) {
    await submitWeights(ctx, rec);
    rec = await readRound(ctx.ledger, round, LIGHT);
  }
  // the round is benchmarked and its weights sent: its secret may now be known
  await revealSeed(ctx, rec);
  await payOnce(ctx, rec);
  if (ctx.signal.aborted) return rec;
  await ctx.ledger.seal(round, ctx.hotkey);
  rec.sealed = true;
  ctx.observer.roundFinished?.(round, (performance.now() - t0) / 1000);
  ctx.observer.changed?.({ type: 'round.sealed', round });
  if (!ctx.signal.aborted) await anchorOnce(ctx, round);
  return rec;
}

/** Work left by earlier rounds: an anchor cut short by a crash, reveals of committed weights, payouts not yet sent. */
export async function settleEarlierRounds(
  ctx: ValidatorContext,
  before: number,
  lookback = 8,
): Promise<void> {
  await anchorLatest(ctx, before);
  const rounds = (await ctx.ledger.rounds()).filter((r) => r < before).slice(-lookback);
  for (const round of rounds) {
    const rec = await readRound(ctx.ledger, round);
    await revealPending(ctx, rec);
    if (rec.state?.data.payout) await payOnce(ctx, rec);
  }
}
