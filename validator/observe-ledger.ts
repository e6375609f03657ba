import type { Ledger, LedgerRecord } from '../ledger/index.js';

/** Calls `onRecord` with every record this process appends or seals (the read model follows the ledger). */
export function observeLedger(ledger: Ledger, onRecord: (rec: LedgerRecord) => void): void {
  const appendBatch = ledger.appendBatch.bind(ledger);
  const seal = ledger.seal.bind(ledger);
  ledger.appendBatch = async (inputs) => {
    const records = await appendBatch(inputs);
    for (const r of records) onRecord(r);
    return records;
  };
  ledger.seal = async (round, signer) => {
    const record = await seal(round, signer);
    onRecord(record);
    return record;
  };
}
