import { isRodeoError } from '../config/index.js';
import type { LedgerRecord } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
import { readRound } from './round-records.js';
import { revealPending } from './weights-tx.js';

export interface RevealScheduler {
  /** Looks at every round with a commit awaiting its reveal now (also run on every new block). */
  tick(): Promise<void>;
  /** Rounds whose commit has no reveal outcome yet. */
  pending(): number[];
  stop(): Promise<void>;
}

/** Follows the ledger's weights records: a landed commit makes its round pending, any reveal outcome settles it. */
function follow(pending: Set<number>, rec: LedgerRecord<WeightsTxRecord>): void {
  const d = rec.data;
  if (d.phase !== 'result') return;
  if ((d.mode === 'commit' || d.mode === 'timelock') && d.ok) pending.add(d.forRound);
  if (d.mode === 'reveal') pending.delete(d.forRound);
}

/**
 * Reveals hash commits in their window whatever the round loop is doing: watches every new block and, for
 * each round whose commit awaits its reveal, reads the commit's epoch from `WeightCommits` and reveals when
 * the window is open, retries inside it, and reports an expired commit (see `revealPending`). A round longer
 * than a tempo no longer makes its predecessor's commit expire. The first look happens before this resolves.
 */
export async function startRevealScheduler(ctx: ValidatorContext): Promise<RevealScheduler> {
  const pending = new Set<number>();
  for await (const rec of ctx.ledger.records<WeightsTxRecord>({ type: RECORD.weightsTx }))
    follow(pending, rec);
  const unfollow = ctx.ledger.onAppend((rec) => {
    if (rec.type === RECORD.weightsTx) follow(pending, rec as LedgerRecord<WeightsTxRecord>);
  });

  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const once = async () => {
    for (const round of [...pending].sort((a, b) => a - b)) {
      if (stopped || ctx.signal.aborted) return;
      try {
        await revealPending(ctx, await readRound(ctx.ledger, round));
      } catch (err) {
        ctx.logger.warn(
          { round, code: isRodeoError(err) ? err.code : undefined },
          `weights reveal check failed; trying again at the next block: ${isRodeoError(err) ? err.describe() : String(err)}`,
        );
      }
    }
  };
  const tick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  await tick();
  const unsubscribe = await ctx.chain.subscribeHeads(() => {
    if (pending.size > 0 && !stopped) void tick();
  });
  return {
    tick,
    pending: () => [...pending].sort((a, b) => a - b),
    stop: async () => {
      stopped = true;
      unfollow();
      unsubscribe();
      await running;
    },
  };
}
