import { isRodeoError } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorErrors } from './errors.js';
import {
  RECORD,
  type RoundStart,
  type SeedAnchorRecord,
  type SeedRef,
  type SeedRevealRecord,
} from './record-types.js';
import { openRound, type RoundRecords } from './round-records.js';
import {
  chainAnchor,
  newChainSecret,
  parseSeedCommitment,
  roundSecret,
  roundSeed,
  seedCommitmentText,
} from './seed-chain.js';
import { SeedSecrets, seedSecretPath } from './seed-secrets.js';

/** A chain whose anchor the ledger records as committed on chain. */
export interface CommittedChain {
  anchor: string;
  length: number;
  block: number;
  blockHash: string;
}

interface SeedLedgerState {
  /** Committed chains, in the order they were committed. */
  committed: CommittedChain[];
  /** An anchor whose intent has no outcome yet (a crash between sending and recording). */
  pending: { anchor: string; length: number; head: number } | undefined;
  /** The last anchor that failed to commit. */
  failed: string | undefined;
  /** The seed reference of the last round that used one. */
  lastUse: SeedRef | undefined;
}

async function seedLedgerState(ledger: Ledger): Promise<SeedLedgerState> {
  const state: SeedLedgerState = { committed: [], pending: undefined, failed: undefined, lastUse: undefined };
  for await (const rec of ledger.records<SeedAnchorRecord>({ type: RECORD.seedAnchor })) {
    const d = rec.data;
    if (d.phase === 'intent') state.pending = { anchor: d.anchor, length: d.length, head: d.head };
    else {
      if (state.pending?.anchor === d.anchor) state.pending = undefined;
      if (d.ok) {
        state.committed.push({ anchor: d.anchor, length: d.length, block: d.block, blockHash: d.blockHash });
        state.failed = undefined;
      } else state.failed = d.anchor;
    }
  }
  const last = await ledger.lastRecord<RoundStart>(RECORD.start);
  state.lastUse = last?.data.seedChain;
  return state;
}

const secretsOf = (ctx: ValidatorContext) => SeedSecrets.load(seedSecretPath(ctx.config.validator.dataDir));

/**
 * Refuses to go on when the ledger names a chain whose secret is not in the secret file (missing, or replaced):
 * starting a new chain silently would leave rounds unrevealable. Throws VALIDATOR_SEED_SECRET_*.
 */
export async function checkSeedSecrets(dataDir: string, ledger: Ledger): Promise<void> {
  const state = await seedLedgerState(ledger);
  const secrets = SeedSecrets.load(seedSecretPath(dataDir));
  const needed = [state.committed.at(-1)?.anchor, state.lastUse?.anchor, state.pending?.anchor];
  for (const anchor of needed)
    if (anchor && !secrets.get(anchor)) throw ValidatorErrors.SEED_SECRET_MISSING(secrets.file, anchor);
}

/**
 * Makes sure a committed chain with rounds left is there for the coming rounds: commits the first chain, and the
 * next one once the chain in use has validator.seedRenewBefore rounds left. The secret is written to its file
 * before the anchor goes on chain; the intent is recorded before sending, so a restart looks for the
 * commitment on chain before sending it again. A failure is recorded and retried on the next call.
 */
export async function ensureSeedChain(ctx: ValidatorContext): Promise<void> {
  const { ledger } = ctx;
  const state = await seedLedgerState(ledger);
  const secrets = secretsOf(ctx);
  await checkSeedSecrets(ctx.config.validator.dataDir, ledger);
  const append = (data: SeedAnchorRecord) => ledger.append(RECORD.seedAnchor, openRound(ledger), data);

  let candidate = state.pending;
  if (candidate) {
    const found = await ctx.chain.commitmentOf(ctx.netuid, ctx.hotkey.address);
    const text = found?.fields.find((f) => f.kind === 'raw')?.text;
    if (found && parseSeedCommitment(text)?.anchor === candidate.anchor) {
      const blockHash = await ctx.chain.blockHash(found.block);
      await append({
        phase: 'result',
        ok: true,
        anchor: candidate.anchor,
        length: candidate.length,
        block: found.block,
        blockHash,
        txHash: '',
        found: 'already-on-chain',
      });
      ctx.logger.info(
        { anchor: candidate.anchor, block: found.block },
        'round-seed chain anchor already on chain',
      );
      return;
    }
  } else {
    const current = state.committed.at(-1);
    const used = current && state.lastUse?.anchor === current.anchor ? state.lastUse.index : 0;
    // a chain of length N seeds rounds 1..N-1 (r_N is x itself)
    const renew = !current || (used > 0 && current.length - 1 - used <= ctx.config.validator.seedRenewBefore);
    if (!renew) return;
    const retry = state.failed ? secrets.get(state.failed) : undefined;
    if (retry) candidate = { anchor: retry.anchor, length: retry.length, head: 0 };
    else {
      const length = ctx.config.validator.seedChainLength;
      const secret = newChainSecret();
      const anchor = chainAnchor(secret, length);
      const keep = [current?.anchor, state.lastUse?.anchor].filter((a): a is string => a !== undefined);
      secrets.add({ anchor, length, secret }, keep);
      candidate = { anchor, length, head: 0 };
    }
    candidate.head = (await ctx.chain.head()).number;
    await append({ phase: 'intent', ...candidate });
  }

  try {
    const text = seedCommitmentText(candidate.length, candidate.anchor);
    const tx = await ctx.chain.setCommitment(ctx.hotkey, ctx.netuid, [{ raw: text }]);
    const blockHash = await ctx.chain.blockHash(tx.blockNumber);
    await append({
      phase: 'result',
      ok: true,
      anchor: candidate.anchor,
      length: candidate.length,
      block: tx.blockNumber,
      blockHash,
      txHash: tx.txHash,
      found: 'sent',
    });
    ctx.logger.info(
      { anchor: candidate.anchor, length: candidate.length, block: tx.blockNumber },
      'round-seed chain anchor committed on chain',
    );
  } catch (err) {
    const code = isRodeoError(err) ? err.code : ValidatorErrors.SEED_COMMIT_FAILED.code;
    const message = isRodeoError(err) ? err.message : String((err as Error)?.message ?? err);
    await append({ phase: 'result', ok: false, anchor: candidate.anchor, code, message });
    ctx.logger.warn({ code }, ValidatorErrors.SEED_COMMIT_FAILED(candidate.anchor, message).describe());
  }
}

/** The chain a round seeded from block `block` must use: the newest committed strictly before it. */
export function chainFor(committed: readonly CommittedChain[], block: number): CommittedChain | undefined {
  return committed.filter((c) => c.block < block).at(-1);
}

/** Whether a committed chain is ready for a round seeded from block `block`. */
export async function seedReady(ctx: ValidatorContext, block: number): Promise<boolean> {
  return chainFor((await seedLedgerState(ctx.ledger)).committed, block) !== undefined;
}

/**
 * The seed of a new round seeded from block `block`: the next unused secret r_k of the newest chain committed
 * before that block, combined with the block hash. Returns the seed and which secret it used (never r_k).
 */
export async function seedForRound(
  ctx: ValidatorContext,
  block: number,
  blockHash: string,
): Promise<{ seed: string; seedChain: SeedRef }> {
  const state = await seedLedgerState(ctx.ledger);
  const chain = chainFor(state.committed, block);
  if (!chain) {
    const detail = state.committed.length
      ? `the first chain anchor was committed at block ${state.committed[0]!.block}`
      : 'the ledger records no committed chain anchor';
    throw ValidatorErrors.SEED_NOT_READY(block, detail);
  }
  const index = state.lastUse?.anchor === chain.anchor ? state.lastUse.index + 1 : 1;
  if (index >= chain.length)
    throw ValidatorErrors.SEED_NOT_READY(
      block,
      `chain ${chain.anchor} is used up (${chain.length - 1} rounds)`,
    );
  const secrets = secretsOf(ctx);
  const x = secrets.get(chain.anchor);
  if (!x) throw ValidatorErrors.SEED_SECRET_MISSING(secrets.file, chain.anchor);
  return {
    seed: roundSeed(blockHash, roundSecret(x.secret, x.length, index)),
    seedChain: { anchor: chain.anchor, index },
  };
}

/**
 * Reveals the round's secret r_k in the ledger (once; rounds seeded from a secret chain only). Called once the
 * round's weights are sent, so the tasks cannot be known before they are benchmarked.
 */
export async function revealSeed(ctx: ValidatorContext, rec: RoundRecords): Promise<void> {
  const ref = rec.start?.data.seedChain;
  if (!ref || rec.seedReveal) return;
  const secrets = secretsOf(ctx);
  const x = secrets.get(ref.anchor);
  if (!x) throw ValidatorErrors.SEED_SECRET_MISSING(secrets.file, ref.anchor);
  const data: SeedRevealRecord = { ...ref, secret: roundSecret(x.secret, x.length, ref.index) };
  rec.seedReveal = await ctx.ledger.append(RECORD.seedReveal, rec.round, data);
}
