import type { Ledger, LedgerRecord } from '../ledger/index.js';

/**
 * Calls `onRecord` with every record this process appends or seals (the read model follows the ledger); an
 * append returns only after `onRecord` has settled for its records.
 */
export function observeLedger(ledger: Ledger, onRecord: (rec: LedgerRecord) => void | Promise<void>): void {
  const appendBatch = ledger.appendBatch.bind(ledger);
  const seal = ledger.seal.bind(ledger);
  ledger.appendBatch = async (inputs) => {
    const records = await appendBatch(inputs);
    for (const r of records) await onRecord(r);
    return records;
  };
  ledger.seal = async (round, signer) => {
    const record = await seal(round, signer);
    await onRecord(record);
    return record;
  };
}
