import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../ledger/index.js';
import { ReadModel } from './read-model.js';
import { RECORD, type SubmissionRecord, type SubmissionsRecord } from './records.js';

const manifest = { v: 1, name: 'turbo-engine', components: [] };

const entry = (hotkey: string, uid: number, reveal: SubmissionRecord['reveal']): SubmissionRecord => ({
  hotkey,
  uid,
  commitBlock: 1,
  commitIndex: 0,
  committedHash: 'a'.repeat(64),
  endpoint: 'http://miner.example:8080',
  reveal,
});

const record = (type: string, data: unknown): LedgerRecord => ({
  seq: 1,
  round: 1,
  type,
  at: 0,
  data,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

describe('ReadModel miner detail', () => {
  it('serves a manifest only from a reveal that passed; an older ledger that kept an invalid one serves none', () => {
    const model = new ReadModel();
    // the read model shows rounds that have a start record; the miner page reads only its block
    model.apply(record(RECORD.start, { round: 1, block: 10 }));
    model.apply(
      record(RECORD.submissions, {
        entries: [
          entry('valid', 1, { ok: true, manifest, hash: 'a'.repeat(64), error: undefined }),
          // written before only schema-valid manifests were stored: the served object was kept on failure
          entry('legacy', 2, {
            ok: false,
            manifest: { name: 'internal-admin', token: 'XYZ' },
            hash: 'b'.repeat(64),
            error: 'serves a manifest that is not valid',
          }),
        ],
      } satisfies SubmissionsRecord),
    );
    expect(model.miner('valid')).toMatchObject({ name: 'turbo-engine', manifest });
    const legacy = model.miner('legacy')!;
    expect(legacy.manifest).toBeUndefined();
    expect(legacy.name).toBe('unrevealed');
    expect(JSON.stringify(legacy)).not.toContain('XYZ');
  });
});
