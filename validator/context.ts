import type { ChainClient, Signer } from '../chain/index.js';
import type { Config, Logger } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';

/** Hooks the daemon calls as it works (metrics, live dashboard updates). All optional. */
export interface RoundObserver {
  roundStarted?(round: number, block: number): void;
  roundFinished?(round: number, seconds: number): void;
  taskMeasured?(ok: boolean, errorCode: string | undefined): void;
  chainCall?(method: string, ok: boolean): void;
  weightsSet?(ok: boolean): void;
  /** A hash commit's reveal epoch passed without a reveal. */
  weightsCommitExpired?(): void;
  /** Hotkeys seen paying this subnet's pool around the latest payout (more than one: two payers). */
  poolPayers?(hotkeys: string[]): void;
  changed?(event: { type: string; round?: number }): void;
}

/** What every step of a round works with. */
export interface ValidatorContext {
  config: Config;
  netuid: number;
  chain: ChainClient;
  hotkey: Signer;
  /** Signs payouts; without it payouts are recorded as skipped. */
  coldkey: Signer | undefined;
  ledger: Ledger;
  logger: Logger;
  observer: RoundObserver;
  /** version_key sent with weights. */
  versionKey: bigint;
  signal: AbortSignal;
}
