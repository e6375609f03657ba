/** One record of the ledger, as stored (see ledger/README.md for the exact bytes). */
export interface LedgerRecord<D = unknown> {
  /** Position in the chain: 0 for the genesis record, then +1 per record. */
  seq: number;
  /** The round the record belongs to (non-negative integer; rounds never go back). */
  round: number;
  /** Record type: `^[a-z][a-z0-9._-]{0,63}$`; `seal` is reserved for seals. */
  type: string;
  /** Unix ms when it was appended; informational, covered by the hash, never used to score. */
  at: number;
  data: D;
  /** Hash of the previous record (64 zeros for seq 0). */
  prevHash: string;
  /** sha256 (hex) of the record's canonical JSON without `hash`. */
  hash: string;
}

/** Called with each record this process appends or seals (Ledger.onAppend). */
export type AppendListener = (record: LedgerRecord) => void | Promise<void>;

export interface RecordInput<D = unknown> {
  type: string;
  round: number;
  data: D;
}

/** Signs seals. A @polkadot/keyring sr25519 KeyringPair fits as is. */
export interface Signer {
  /** ss58 address of the signing key. */
  address: string;
  sign(message: Uint8Array): Uint8Array;
}

/** `data` of a `seal` record: closes a round. */
export interface SealData {
  round: number;
  /** First and last seq of the round's records (the seal itself is toSeq + 1). */
  fromSeq: number;
  toSeq: number;
  count: number;
  /** Hash of record toSeq. */
  lastHash: string;
  /** ss58 address of the signer. */
  signer: string;
  /** 0x-hex sr25519 signature of `rodeo-ledger-seal:v1:<round>:<fromSeq>:<toSeq>:<lastHash>` (UTF-8). */
  signature: string;
}

/** The last record of the ledger. */
export interface LedgerHead {
  seq: number;
  round: number;
  type: string;
  hash: string;
}

/** Where the chain starts: seq 0 after 64 zeros, or the first record of an imported partial export. */
export interface LedgerOrigin {
  seq: number;
  prevHash: string;
}

/** Filters of `records()` (all optional, combined with AND; seq bounds inclusive). */
export interface RecordQuery {
  round?: number;
  type?: string;
  fromSeq?: number;
  toSeq?: number;
}

export interface RoundSummary {
  round: number;
  fromSeq: number;
  toSeq: number;
  records: number;
  /** Bytes of the stored values: JSON lines (record format 1) or their compact encoding (format 2). */
  bytes: number;
  sealed: boolean;
}

export interface LedgerInfo {
  dir: string;
  records: number;
  /** Bytes of all stored values. */
  bytes: number;
  /** Size of the LevelDB files on disk (compressed with Snappy). */
  diskBytes: number;
  head: LedgerHead | undefined;
  origin: LedgerOrigin | undefined;
  rounds: RoundSummary[];
}

/** The first bad record a verification found. */
export interface VerifyError {
  seq: number;
  /** Null when neither the round index nor the stored value can say. */
  round: number | null;
  type: string | null;
  /** LEDGER_CORRUPT_RECORD, LEDGER_BROKEN_LINK, LEDGER_BAD_SEAL or LEDGER_BAD_INDEX. */
  code: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Records checked (up to the first error). */
  records: number;
  /** Rounds seen (up to the first error). */
  rounds: number;
  /** Rounds seen that have no seal (the last one may still be running). */
  unsealed: number[];
  /** Where the checked chain starts; `prevHash` of a partial chain is trusted, not checked. */
  origin: LedgerOrigin | undefined;
  firstError?: VerifyError;
}

export interface ImportResult {
  records: number;
  rounds: number;
  head: LedgerHead | undefined;
  origin: LedgerOrigin | undefined;
}
