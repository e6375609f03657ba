import { defineErrors } from '../config/index.js';

export const LedgerErrors = defineErrors('LEDGER', {
  LOCKED: {
    message: (dir: string) =>
      `ledger ${dir} is locked by another process (LevelDB LOCK file): another rodeo may be running with this ledger`,
    hint: 'stop the other rodeo process, or work on a copy of the directory (cp -r) while it runs',
  },
  OPEN_FAILED: {
    message: (dir: string, reason: string) => `cannot open ledger ${dir}: ${reason}`,
    hint: 'check the path and its permissions; the directory must be a LevelDB ledger written by rodeo',
  },
  NOT_FOUND: {
    message: (dir: string) => `no ledger at ${dir} (no LevelDB CURRENT file)`,
    hint: 'pass the ledger directory with --ledger (the validator keeps it under its dataDir)',
  },
  INCONSISTENT: {
    message: (dir: string, reason: string) => `ledger ${dir} is inconsistent: ${reason}`,
    hint: 'run `rodeo ledger verify` to name the bad record; restore the directory from a copy or re-import an export',
  },
  CORRUPT_RECORD: {
    message: (seq: number, reason: string) => `record seq ${seq} is corrupt: ${reason}`,
    hint: 'the stored value changed after it was written; restore the ledger from a copy or an export',
  },
  BROKEN_LINK: {
    message: (seq: number, reason: string) => `chain broken at record seq ${seq}: ${reason}`,
    hint: 'a record was removed, reordered or inserted; restore the ledger from a copy or an export',
  },
  BAD_SEAL: {
    message: (seq: number, round: number, reason: string) =>
      `seal seq ${seq} of round ${round} is bad: ${reason}`,
    hint: 'a sealed round was changed, or the seal was not signed by its signer',
  },
  BAD_INDEX: {
    message: (seq: number, reason: string) => `index entry for record seq ${seq} is wrong: ${reason}`,
    hint: 'the round/type index disagrees with the records; re-import an export to rebuild it',
  },
  INVALID_RECORD: {
    message: (what: string, reason: string) => `cannot append ${what}: ${reason}`,
    hint: 'types match ^[a-z][a-z0-9._-]{0,63}$ (`seal` is reserved), rounds are integers >= 0 that never go back, data is JSON',
  },
  ROUND_SEALED: {
    message: (round: number, seq: number) =>
      `round ${round} is sealed (seal seq ${seq}); no more records for it`,
    hint: 'append to the next round',
  },
  NOTHING_TO_SEAL: {
    message: (round: number, reason: string) => `cannot seal round ${round}: ${reason}`,
    hint: 'seal the head round once it has records, and only once',
  },
  ROUND_NOT_FOUND: {
    message: (round: number) => `round ${round} has no records in this ledger`,
    hint: '`rodeo ledger info` lists the rounds',
  },
  IMPORT_NOT_EMPTY: {
    message: (dir: string, headSeq: number) =>
      `cannot import into ${dir}: it already holds records (head seq ${headSeq})`,
    hint: 'import into a new, empty directory',
  },
  IMPORT_UNREADABLE: {
    message: (source: string, reason: string) => `cannot read ${source}: ${reason}`,
    hint: 'pass an NDJSON file made by `rodeo ledger export`, or - for stdin',
  },
  IMPORT_REFUSED: {
    message: (source: string, line: number, reason: string) => `${source} line ${line}: ${reason}`,
    hint: 'the export is damaged or incomplete; nothing was imported. Get an intact copy of the file',
  },
});
