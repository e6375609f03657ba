import type { Ledger } from '../ledger/index.js';
import { RECORD } from './record-types.js';
import { openRound } from './round-records.js';
import type { ArenaContestant, ArenaStore, ArenaVoteRecord, ValidatorView } from './view.js';

/** Arena votes live in the ledger (`arena.vote`); contestants are the eligible miners of the last round. */
export class LedgerArenaStore implements ArenaStore {
  private constructor(
    private readonly ledger: Ledger,
    private readonly view: ValidatorView & { miner: ValidatorView['miner'] },
    private readonly recorded: ArenaVoteRecord[],
  ) {}

  static async open(ledger: Ledger, view: ValidatorView): Promise<LedgerArenaStore> {
    const votes: ArenaVoteRecord[] = [];
    for await (const rec of ledger.records<ArenaVoteRecord>({ type: RECORD.arenaVote })) votes.push(rec.data);
    return new LedgerArenaStore(ledger, view, votes);
  }

  contestants(): ArenaContestant[] {
    return this.view
      .leaderboard()
      .entries.filter((e) => e.eligible)
      .flatMap((e) => {
        const endpoint = this.view.miner(e.hotkey)?.endpoint;
        return endpoint ? [{ hotkey: e.hotkey, uid: e.uid, name: e.name, endpoint }] : [];
      });
  }

  votes(): readonly ArenaVoteRecord[] {
    return this.recorded;
  }

  async recordVote(vote: ArenaVoteRecord): Promise<void> {
    await this.ledger.append(RECORD.arenaVote, openRound(this.ledger), vote);
    this.recorded.push(vote);
  }
}
