import { isRodeoError } from '../config/index.js';
import { countTokens } from '../protocol/index.js';
import { LedgerAdmin } from './admin-actions.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import { RECORD, type RoundStart, type SkippedRecord } from './record-types.js';
import { readRound, startedRounds } from './round-records.js';
import { runRound, settleEarlierRounds } from './round-runner.js';
import { ensureSeedChain, revealSeed, seedReady } from './seeds.js';
import type { ValidatorAdmin } from './view.js';

export interface DaemonOptions {
  /** Stop after this many rounds have been sealed by this process (devnet, tests); unset: run forever. */
  maxRounds?: number;
  /** How often to look at the chain head while waiting, ms. */
  pollMs?: number;
}

/**
 * The validator's loop: resumes an unfinished round from the ledger, then runs a round at each epoch of the
 * subnet (or every validator.roundBlocks blocks), aligned to chain blocks so every validator
 * seeds the same round from the same block hash. Chain and miner failures are logged and retried;
 * nothing is lost across restarts because every step is recorded first.
 */
export class ValidatorDaemon implements ValidatorAdmin {
  private readonly admin: LedgerAdmin;
  private sealedHere = 0;
  /** Failed attempts at the round being worked on (a round that keeps failing is skipped, not retried forever). */
  private failures: { round: number; count: number } | undefined;
  /** The round boundary the seed chain was last seen to (one commit attempt per boundary, not per poll). */
  private seedsCheckedFor: number | undefined;

  constructor(
    private readonly ctx: ValidatorContext,
    private readonly options: DaemonOptions = {},
  ) {
    this.admin = new LedgerAdmin({
      ledger: ctx.ledger,
      by: ctx.hotkey.address,
      logger: ctx.logger,
      observer: ctx.observer,
    });
  }

  isPaused(): boolean {
    return this.admin.isPaused();
  }

  pause(reason: string): Promise<void> {
    return this.admin.pause(reason);
  }

  resume(): Promise<void> {
    return this.admin.resume();
  }

  disqualify(hotkey: string, reason: string): Promise<void> {
    return this.admin.disqualify(hotkey, reason);
  }

  /**
   * Where rounds start: every validator.roundBlocks blocks when set; else at each epoch of the subnet as the
   * chain schedules them: the block the latest epoch fired at under the stateful scheduler (spec 424+), the
   * legacy `tempo + 1` block grid otherwise. `blocks` is the round's expected length.
   */
  private async roundStart(head: number): Promise<{ boundary: number; blocks: number }> {
    const fixed = this.ctx.config.validator.roundBlocks;
    if (fixed > 0) return { boundary: Math.floor(head / fixed) * fixed, blocks: fixed };
    const schedule = await this.ctx.chain.epochSchedule(this.ctx.netuid);
    if (schedule.kind === 'stateful') return { boundary: schedule.lastEpochBlock, blocks: schedule.tempo };
    const every = schedule.tempo + 1;
    return { boundary: Math.floor(head / every) * every, blocks: every };
  }

  /**
   * The benchmark's share of a round: validator.roundDeadlineMs, or half the round's expected duration; a round
   * aligned to an epoch is cut so that its benchmark ends validator.weightsReserveBlocks blocks before the next
   * epoch (scoring and the weights commit land in the round's own epoch, the reveal follows in its window). A
   * round resumed too late for that keeps its full share: its commit is tagged with the next epoch, and the
   * reveal scheduler follows it there.
   */
  private async deadlineMs(): Promise<number> {
    const v = this.ctx.config.validator;
    const head = (await this.ctx.chain.head()).number;
    const { blocks } = await this.roundStart(head);
    const share = v.roundDeadlineMs > 0 ? v.roundDeadlineMs : Math.floor((blocks * v.blockTimeMs) / 2);
    if (v.roundBlocks > 0) return share;
    // only rounds aligned to epochs (stateful scheduler) have an epoch of their own to fit in
    const schedule = await this.ctx.chain.epochSchedule(this.ctx.netuid);
    const next = schedule.nextEpochBlock;
    if (schedule.kind !== 'stateful' || next === undefined) return share;
    const left = (next - head - v.weightsReserveBlocks) * v.blockTimeMs;
    if (left <= 0 || left >= share) return share;
    this.ctx.logger.info(
      { deadlineMs: left, nextEpochBlock: next, head, reserveBlocks: v.weightsReserveBlocks },
      'round budget cut to end before the next epoch',
    );
    return left;
  }

  private done(): boolean {
    const max = this.options.maxRounds;
    return this.ctx.signal.aborted || (max !== undefined && this.sealedHere >= max);
  }

  private async sleep(ms: number): Promise<void> {
    if (this.ctx.signal.aborted) return;
    await new Promise<void>((resolve) => {
      // the listener goes with the timer: one left per poll would pile up on a daemon that runs for months
      const wake = () => {
        clearTimeout(t);
        this.ctx.signal.removeEventListener('abort', wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      this.ctx.signal.addEventListener('abort', wake, { once: true });
    });
  }

  private async round(round: number, block: number, hash: string): Promise<void> {
    if (this.failures?.round !== round) this.failures = { round, count: 0 };
    await settleEarlierRounds(this.ctx, round).catch((err) => this.report(err, 'settling earlier rounds'));
    const rec = await runRound(this.ctx, round, block, hash, {
      disqualified: this.admin.disqualified,
      paused: () => this.admin.isPaused(),
      deadlineMs: () => this.deadlineMs(),
    });
    if (rec.sealed) this.sealedHere++;
  }

  /**
   * Counts a failed attempt at the round in progress; at validator.maxRoundAttempts the round is sealed
   * with a skip record naming the reason, and the loop moves on to the next round. Returns the backoff, ms.
   */
  private async roundFailed(err: unknown): Promise<number> {
    const f = this.failures;
    if (!f) return 2000;
    f.count++;
    if (f.count < this.ctx.config.validator.maxRoundAttempts) return 2000 * f.count;
    const rec = await readRound(this.ctx.ledger, f.round, { measurements: false });
    if (!rec.start || rec.sealed) return 2000;
    // its tasks may have gone out: reveal the secret so the round can still be audited
    await revealSeed(this.ctx, rec).catch((e: unknown) =>
      this.report(e, "revealing the skipped round's seed"),
    );
    const reason = (
      isRodeoError(err) ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err)
    ).slice(0, 500);
    await this.ctx.ledger.append<SkippedRecord>(RECORD.skipped, f.round, { reason, attempts: f.count });
    await this.ctx.ledger.seal(f.round, this.ctx.hotkey);
    this.ctx.logger.error(
      { round: f.round, attempts: f.count, reason },
      'round skipped after repeated failures; the next round starts on time',
    );
    this.ctx.observer.changed?.({ type: 'round.skipped', round: f.round });
    this.failures = undefined;
    return 0;
  }

  private report(err: unknown, doing: string): void {
    const message = isRodeoError(err) ? err.describe() : ((err as Error)?.stack ?? String(err));
    this.ctx.logger.error({ code: isRodeoError(err) ? err.code : undefined }, `${doing} failed: ${message}`);
  }

  /** Runs until aborted (or maxRounds rounds are sealed). */
  async run(): Promise<void> {
    const { ctx } = this;
    const pollMs = this.options.pollMs ?? 1000;
    await this.admin.restore();
    countTokens('load the tokenizer now, not in the first round');
    while (!this.done()) {
      try {
        const started = await startedRounds(ctx.ledger);
        const last = started.at(-1);
        const lastRec =
          last === undefined ? undefined : await readRound(ctx.ledger, last, { measurements: false });
        if (lastRec?.start && !lastRec.sealed) {
          const s: RoundStart = lastRec.start.data;
          ctx.logger.info({ round: s.round, block: s.block }, 'resuming an unfinished round');
          await this.round(s.round, s.block, s.blockHash);
          continue;
        }
        if (this.admin.isPaused()) {
          await this.sleep(pollMs);
          continue;
        }
        const head = await ctx.chain.head();
        const lastBlock = lastRec?.start?.data.block ?? -1;
        const { boundary } = await this.roundStart(head.number);
        if (boundary <= lastBlock || boundary === 0) {
          await this.sleep(pollMs);
          continue;
        }
        if (this.seedsCheckedFor !== boundary) {
          this.seedsCheckedFor = boundary;
          await ensureSeedChain(ctx);
        }
        if (!(await seedReady(ctx, boundary))) {
          // the anchor landed after this boundary: the next boundary uses it
          await this.sleep(pollMs);
          continue;
        }
        const me = (await ctx.chain.metagraph(ctx.netuid)).neurons.find(
          (n) => n.hotkey === ctx.hotkey.address,
        );
        if (!me) ctx.logger.error(ValidatorErrors.NOT_REGISTERED(ctx.hotkey.address, ctx.netuid).describe());
        else if (!me.validatorPermit)
          ctx.logger.warn(ValidatorErrors.NO_PERMIT(ctx.hotkey.address, ctx.netuid).describe());
        const hash = await ctx.chain.blockHash(boundary);
        await this.round((last ?? 0) + 1, boundary, hash);
      } catch (err) {
        this.report(err, 'round');
        const backoff = await this.roundFailed(err).catch((e: unknown) => {
          this.report(e, 'skipping the round');
          return 2000;
        });
        await this.sleep(Math.max(pollMs, backoff));
      }
    }
  }
}
