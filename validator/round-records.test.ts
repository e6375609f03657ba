import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ledger, openLedger } from '../ledger/index.js';
import { RECORD, type StateRecord } from './record-types.js';
import { previousState } from './round-records.js';

/** What previousState did before it seeked: every state record read, the last one before the round kept. */
async function scanned(ledger: Ledger, round: number): Promise<StateRecord | undefined> {
  let last: StateRecord | undefined;
  for await (const rec of ledger.records<StateRecord>({ type: RECORD.state }))
    if (rec.round < round) last = rec.data;
  return last;
}

describe('previousState', () => {
  let dir: string;
  let ledger: Ledger;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rodeo-round-records-'));
    ledger = await openLedger(join(dir, 'ledger'));
    // rounds 1, 2 and 4 derived (round 2 twice: the later one counts), round 3 skipped, round 5 started only
    const state = (tag: string) => ({ tag }) as unknown as StateRecord;
    await ledger.append(RECORD.state, 1, state('1'));
    await ledger.append(RECORD.state, 2, state('2a'));
    await ledger.append(RECORD.state, 2, state('2b'));
    await ledger.append('round.skipped', 3, { reason: 'test' });
    await ledger.append(RECORD.state, 4, state('4'));
    await ledger.append('round.start', 5, { round: 5 });
  });
  afterAll(async () => {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is the last state recorded strictly before the round, as a scan of every state record finds it', async () => {
    for (const round of [0, 1, 2, 3, 4, 5, 6]) {
      expect(await previousState(ledger, round), `round ${round}`).toEqual(await scanned(ledger, round));
    }
    expect(await previousState(ledger, 6)).toEqual({ tag: '4' });
    expect(await previousState(ledger, 4)).toEqual({ tag: '2b' });
    expect(await previousState(ledger, 1)).toBeUndefined();
  });
});
