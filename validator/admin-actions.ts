import type { Logger } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import type { RoundObserver } from './context.js';
import { type DisqualifyRecord, type PauseRecord, RECORD } from './record-types.js';
import { disqualifications, openRound } from './round-records.js';
import type { ValidatorAdmin } from './view.js';

/**
 * The operator's actions (pause, resume, disqualify): each is appended to the ledger first, then held in
 * memory for the round loop. `restore()` reads them back after a restart.
 */
export class LedgerAdmin implements ValidatorAdmin {
  /** Disqualified hotkeys and the operator's reason; the next round's eligibility reads it. */
  disqualified = new Map<string, string>();
  private paused = false;

  constructor(
    private readonly deps: {
      ledger: Ledger;
      /** The validator's hotkey address, recorded as who disqualified. */
      by: string;
      logger: Logger;
      observer: RoundObserver;
    },
  ) {}

  async restore(): Promise<void> {
    this.disqualified = await disqualifications(this.deps.ledger);
    const last = await this.deps.ledger.lastRecord<PauseRecord>(RECORD.pause);
    this.paused = last?.data.paused ?? false;
  }

  isPaused(): boolean {
    return this.paused;
  }

  async pause(reason: string): Promise<void> {
    const { ledger, logger, observer } = this.deps;
    this.paused = true;
    await ledger.append<PauseRecord>(RECORD.pause, openRound(ledger), { paused: true, reason });
    logger.warn({ reason }, 'paused: no new rounds and no weights until resumed');
    observer.changed?.({ type: 'paused' });
  }

  async resume(): Promise<void> {
    const { ledger, logger, observer } = this.deps;
    this.paused = false;
    await ledger.append<PauseRecord>(RECORD.pause, openRound(ledger), { paused: false, reason: 'resumed' });
    logger.info('resumed');
    observer.changed?.({ type: 'resumed' });
  }

  async disqualify(hotkey: string, reason: string): Promise<void> {
    const { ledger, logger, observer, by } = this.deps;
    this.disqualified.set(hotkey, reason);
    await ledger.append<DisqualifyRecord>(RECORD.disqualify, openRound(ledger), { hotkey, reason, by });
    logger.warn({ hotkey, reason }, 'hotkey disqualified');
    observer.changed?.({ type: 'disqualified' });
  }
}
