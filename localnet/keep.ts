import type { Leaderboard, ValidatorService } from '../validator/index.js';
import { leaderboardLines } from './live-view.js';

const sealedRounds = (service: ValidatorService) =>
  service.model.rounds().filter((n) => service.model.round(n)?.sealed).length;

/**
 * With --keep the validator never stops by itself: resolves once it has sealed `rounds` rounds (or when it
 * stops), so the summary can be printed while the subnet stays up.
 */
export async function roundsSealed(service: ValidatorService, rounds: number, pollMs = 250): Promise<void> {
  let stopped = false;
  void service.done.finally(() => {
    stopped = true;
  });
  while (!stopped && sealedRounds(service) < rounds) await new Promise((r) => setTimeout(r, pollMs));
}

export interface StoppedValidator {
  /** 1-based; shown when there are several. */
  number: number;
  ledger: string;
  sealed: number;
  board: Leaderboard;
}

export const stoppedValidator = (service: ValidatorService, number: number): StoppedValidator => ({
  number,
  ledger: service.ledger.dir,
  sealed: sealedRounds(service),
  board: service.model.leaderboard(),
});

/**
 * What `rodeo devnet --keep` prints when Ctrl-C stops it: the rounds sealed, the leaderboard and champion, and
 * where each ledger is with the command that checks it (it works after the devnet is gone).
 */
export function stoppedText(signal: string, validators: StoppedValidator[], columns: number): string {
  const several = validators.length > 1;
  const lines: string[] = [];
  for (const v of validators) {
    const label = several ? `validator ${v.number}: ` : '';
    const champion = v.board.entries.find((e) => e.isChampion);
    lines.push(
      `${label}Rodeo devnet stopped by ${signal} after ${v.sealed} round${v.sealed === 1 ? '' : 's'} sealed`,
      ...leaderboardLines(v.board, Math.max(40, columns - 3)).map((l) => `  ${l}`),
      `${label}champion: ${champion ? champion.name : 'none'}`,
      `${label}ledger: ${v.ledger}`,
      `  check it: rodeo replay --ledger ${v.ledger}`,
    );
  }
  return lines.join('\n');
}
