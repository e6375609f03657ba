import type { ChainClient, CommitmentField } from '../chain/index.js';
import { isRodeoError } from '../config/index.js';
import type { PrivateTaskFile } from '../datasets/index.js';
import type { LedgerRecord } from '../ledger/index.js';
import { firstDifference } from './diff.js';
import { ValidatorErrors } from './errors.js';
import {
  RECORD,
  type RoundStart,
  type SeedAnchorRecord,
  type SeedRevealRecord,
  type TasksRecord,
} from './record-types.js';
import { PrivateTaskFiles, redrawTasks } from './round-tasks.js';
import { roundSeed, secretFollows, secretMatchesAnchor, seedCommitmentText } from './seed-chain.js';
import { type CommittedChain, chainFor } from './seeds.js';

/** What the seed check reads from the chain (`rodeo replay --chain`). */
export type SeedChain = Pick<ChainClient, 'commitmentOf' | 'commitmentCalls' | 'blockHash'>;

export interface SeedCheck {
  /** Rounds whose revealed secret, seed and tasks were checked. */
  checked: number;
  /** Rounds seeded from the block hash alone (ledgers written before secret seeds). */
  unseeded: number;
  /** Chain anchors the rounds used; with a chain, each was read from the validator's commitment at its block. */
  anchors: number;
  anchorsOnChain: number | undefined;
}

export interface SeedFailure {
  round: number | null;
  seq: number;
  type: string | null;
  code: string;
  message: string;
}

interface OpenRound {
  round: number;
  start: RoundStart;
  tasks: TasksRecord | undefined;
  /** r_(k-1) of the same chain, when the previous round revealed it. */
  previousSecret: string | undefined;
  revealed: boolean;
  /** The operator's private task file the round drew from, found by its recorded sha256. */
  file: PrivateTaskFile | undefined;
}

const rawTexts = (fields: readonly CommitmentField[]) =>
  fields.flatMap((f) => (f.kind === 'raw' && f.text ? [f.text] : []));

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/**
 * Checks every round's seed as replay reads the ledger in order: the round uses the newest chain committed before
 * its block and the next index of it (so the validator could not choose among secrets); its revealed r_k hashes
 * to the chain's anchor; its seed is H(domain || block hash || r_k); its tasks are the ones that seed draws.
 * `checkChain` then reads each anchor from the validator's commitment at the block the ledger says it landed.
 */
export class SeedChecker {
  private readonly committed: CommittedChain[] = [];
  /** Anchors used by rounds, with the first round using each. */
  private readonly used = new Map<string, { round: number; seq: number }>();
  private last: { anchor: string; index: number; secret: string | undefined } | undefined;
  private open: OpenRound | undefined;
  private netuid: number | undefined;
  readonly summary: SeedCheck = { checked: 0, unseeded: 0, anchors: 0, anchorsOnChain: undefined };

  /** `files`: the private task files replay was given, for rounds that drew from one. */
  constructor(private readonly files: PrivateTaskFiles = new PrivateTaskFiles([])) {}

  observe(rec: LedgerRecord): SeedFailure | undefined {
    const fail = (detail: string): SeedFailure => {
      const e = ValidatorErrors.REPLAY_SEED_MISMATCH(rec.round, rec.seq, rec.type, detail);
      return { round: rec.round, seq: rec.seq, type: rec.type, code: e.code, message: e.message };
    };
    switch (rec.type) {
      case RECORD.seedAnchor: {
        const d = rec.data as SeedAnchorRecord;
        if (d.phase === 'result' && d.ok)
          this.committed.push({ anchor: d.anchor, length: d.length, block: d.block, blockHash: d.blockHash });
        return undefined;
      }
      case RECORD.start: {
        const start = rec.data as RoundStart;
        this.netuid = start.netuid;
        let file: PrivateTaskFile | undefined;
        const recorded = start.tasks.privateFile;
        if (recorded) {
          try {
            file = this.files.forRound(rec.round, recorded.sha256);
          } catch (err) {
            if (!isRodeoError(err)) throw err;
            return { round: rec.round, seq: rec.seq, type: rec.type, code: err.code, message: err.message };
          }
        }
        const ref = start.seedChain;
        if (!ref) {
          this.open = undefined;
          if (this.used.size > 0)
            return fail('the round is seeded without a secret chain, after rounds that used one');
          this.summary.unseeded++;
          return undefined;
        }
        const chain = chainFor(this.committed, start.block);
        if (!chain)
          return fail(
            `it uses chain ${ref.anchor}, but the ledger records no chain anchor committed before block ${start.block}`,
          );
        if (chain.anchor !== ref.anchor)
          return fail(
            `it uses chain ${ref.anchor}, but the newest chain committed before block ${start.block} is ${chain.anchor} (block ${chain.block})`,
          );
        const same = this.last?.anchor === ref.anchor;
        const expected = same ? this.last!.index + 1 : 1;
        if (ref.index !== expected || ref.index >= chain.length)
          return fail(
            `it uses secret #${ref.index} of chain ${ref.anchor} (length ${chain.length}); each round takes the next one, #${expected}`,
          );
        if (!this.used.has(ref.anchor)) this.used.set(ref.anchor, { round: rec.round, seq: rec.seq });
        this.open = {
          round: rec.round,
          start,
          tasks: undefined,
          previousSecret: same ? this.last!.secret : undefined,
          revealed: false,
          file,
        };
        this.last = { anchor: ref.anchor, index: ref.index, secret: undefined };
        return undefined;
      }
      case RECORD.tasks: {
        const open = this.open;
        if (!open || open.round !== rec.round) return undefined;
        const tasks = rec.data as TasksRecord;
        if (
          tasks.seed !== open.start.seed ||
          JSON.stringify(tasks.seedChain) !== JSON.stringify(open.start.seedChain)
        )
          return fail('the tasks record names another seed than the start record');
        open.tasks = tasks;
        return undefined;
      }
      case RECORD.seedReveal: {
        const open = this.open;
        const d = rec.data as SeedRevealRecord;
        if (!open || open.round !== rec.round || open.revealed)
          return fail('a secret is revealed for a round that did not use one, or twice');
        const ref = open.start.seedChain!;
        if (d.anchor !== ref.anchor || d.index !== ref.index)
          return fail(
            `the secret revealed is #${d.index} of chain ${d.anchor}; the round used #${ref.index} of ${ref.anchor}`,
          );
        const linked = open.previousSecret
          ? secretFollows(d.secret, open.previousSecret)
          : secretMatchesAnchor(d.secret, d.index, d.anchor);
        if (!linked)
          return fail(
            `the revealed r_${d.index} does not hash ${d.index} times to the chain's anchor ${d.anchor}`,
          );
        const seed = roundSeed(open.start.blockHash, d.secret);
        if (seed !== open.start.seed)
          return fail(
            `the recorded seed ${open.start.seed} is not H(domain || block hash || r_${d.index}) = ${seed}`,
          );
        if (!open.tasks) return fail('the round has no tasks record before its secret');
        const drawn = redrawTasks({ ...open.start.tasks, suite: open.tasks.suite }, seed, open.file);
        const diff = firstDifference(plain(open.tasks.tasks), plain(drawn), '$.tasks');
        if (diff)
          return fail(`the tasks recorded are not the ones its seed draws: ${diff.path}: ${diff.detail}`);
        open.revealed = true;
        this.last!.secret = d.secret;
        this.summary.checked++;
        return undefined;
      }
      case 'seal': {
        const open = this.open;
        if (!open || open.round !== rec.round) return undefined;
        this.open = undefined;
        if (!open.revealed)
          return fail("the round was sealed without revealing its secret, so its seed can't be checked");
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * Reads every chain anchor the rounds used from the validator's commitment as it stood at the block the ledger
   * says the anchor landed: the anchor must be there, committed at that block, under the validator's hotkey.
   */
  async checkChain(chain: SeedChain, validator: string): Promise<SeedFailure | undefined> {
    this.summary.anchors = this.used.size;
    this.summary.anchorsOnChain = 0;
    if (this.netuid === undefined) return undefined;
    for (const [anchor, first] of this.used) {
      const c = this.committed.find((x) => x.anchor === anchor)!;
      const fail = (what: string): SeedFailure => {
        const detail = `the ledger says chain ${anchor} was committed by ${validator} on subnet ${this.netuid} at block ${c.block}, but ${what}`;
        const e = ValidatorErrors.REPLAY_SEED_MISMATCH(first.round, first.seq, RECORD.start, detail);
        return { round: first.round, seq: first.seq, type: RECORD.start, code: e.code, message: e.message };
      };
      const hash = await chain.blockHash(c.block).catch(() => undefined);
      if (hash !== c.blockHash)
        return fail(`block ${c.block} has hash ${hash ?? '(unknown)'}, not ${c.blockHash}`);
      const expected = seedCommitmentText(c.length, anchor);
      // the commitment as stored after that block; where the node pruned that state, the block's own body
      const stored = await chain.commitmentOf(this.netuid, validator, c.blockHash).then(
        (found) => ({ ok: true as const, found }),
        () => ({ ok: false as const }),
      );
      if (stored.ok) {
        const texts = rawTexts(stored.found?.fields ?? []);
        if (!stored.found || !texts.includes(expected) || stored.found.block !== c.block) {
          const shows = stored.found
            ? `the commitment there is ${JSON.stringify(texts.join(' ').slice(0, 120))} from block ${stored.found.block}`
            : 'the validator has no commitment there';
          return fail(shows);
        }
      } else {
        const calls = await chain.commitmentCalls(c.blockHash, this.netuid, validator);
        if (!calls.some((fields) => rawTexts(fields).includes(expected)))
          return fail(`block ${c.block} holds no set_commitment of it by ${validator}`);
      }
      this.summary.anchorsOnChain++;
    }
    return undefined;
  }
}
