export { LedgerErrors } from './errors.js';
export { canonicalJson, GENESIS_HASH, TYPE_PATTERN } from './format.js';
export { importNdjson, Ledger, type OpenLedgerOptions, openLedger } from './ledger.js';
export { sealMessage } from './seal.js';
export type {
  AppendListener,
  ImportResult,
  LedgerHead,
  LedgerInfo,
  LedgerOrigin,
  LedgerRecord,
  RecordInput,
  RecordQuery,
  RoundSummary,
  SealData,
  Signer,
  VerifyError,
  VerifyResult,
} from './types.js';
