/** The weights a timelocked commit carries: subtensor's `WeightsTlockPayload` before SCALE encoding. */
export interface WeightsPayload {
  uids: readonly number[];
  /** u16 weights, one per uid (already normalized for emit, as for `set_weights`). */
  values: readonly number[];
  versionKey: number | bigint;
  /**
   * The committing hotkey (SS58 address or its 32-byte public key). With it the payload is the current
   * `WeightsTlockPayload { hotkey, uids, values, version_key }` and the runtime checks it against the
   * committer; without it, the legacy `{ uids, values, version_key }`.
   */
  hotkey?: string | Uint8Array;
}

/** The payload as the runtime reads it back after decryption. */
export interface DecodedWeightsPayload {
  /** Present for the current format: the raw bytes the runtime decodes as an AccountId. */
  hotkey?: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
  format: 'current' | 'legacy';
}

/** A drand chain's public parameters (what pallet_drand keeps in `BeaconConfig`). */
export interface DrandBeacon {
  /** Compressed G2 public key, 96 bytes (hex without 0x). */
  publicKey: string;
  /** Unix seconds of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
  /** Hex chain hash (informational). */
  chainHash: string;
}

/** What `revealRoundFor` needs: the subnet's schedule, the chain head and the drand clock. */
export interface RevealScheduleInput {
  currentBlock: number;
  netuid: number;
  /** Subnet tempo in blocks. */
  tempo: number;
  /** `RevealPeriodEpochs` of the subnet. */
  revealPeriodEpochs: number;
  /** Seconds per block (12 on finney). */
  blockTimeSeconds: number;
  /** Unix seconds, now (the caller reads the clock; this module does not). */
  nowSeconds: number;
  drand: Pick<DrandBeacon, 'genesisTime' | 'period'>;
  /**
   * First block of the reveal epoch when the caller knows it from the chain's epoch scheduler
   * (`LastEpochBlock` + tempo steps since spec 424). Omitted: the legacy `tempo + 1` grid that
   * bittensor-drand uses, `(block + netuid + 1) / (tempo + 1)`.
   */
  firstRevealBlock?: number;
  /** Blocks after the first reveal block at which the pulse should be on chain (bittensor-drand: 3). */
  securityBlockOffset?: number;
}

export interface RevealSchedule {
  /** The drand round to encrypt to and to submit with the commit. */
  revealRound: number;
  /** First block of the epoch in which the runtime reveals the commit. */
  firstRevealBlock: number;
  /** The block by which the round's pulse should have been ingested. */
  targetBlock: number;
  /** Legacy-grid epoch index of the reveal (undefined when `firstRevealBlock` was given). */
  revealEpoch: number | undefined;
}
