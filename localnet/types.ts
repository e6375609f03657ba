/** What `rodeo devnet` is asked to do, and what it reports when it is done. */

export interface DevnetRunOptions {
  miners: number;
  /** Validators on the subnet, each with its own hotkey, stake, ledger, API and secret seed chain (unset: 1). */
  validators?: number;
  rounds: number;
  keep: boolean;
  data: string | undefined;
  json: boolean;
  blockTimeMs: number;
  roundBlocks: number;
  /** Mainnet weights settings and the stateful epoch scheduler instead of the fast settings (localnet/mainnet-defaults.ts). */
  mainnetDefaults?: boolean;
  tasksPerRound: number;
  /** validator.anchorEveryRounds; unset or 0: no ledger anchors on the devnet. */
  anchorEveryRounds?: number;
  /** devnet.host (unset: 127.0.0.1). */
  chainHost?: string;
  chainPort: number;
  /** API port of the first validator (0: any free port); the others always take free ports. */
  apiPort: number;
  version: string;
  logLevel: string;
}

/** What one validator of the devnet did: rounds sealed, champion, weights on chain against its ledger, replay. */
export interface DevnetValidatorSummary {
  /** 1-based, as printed ("validator 2"). */
  number: number;
  hotkey: string;
  uid: number | undefined;
  /** The pool payer (validator.pool.payer): validator 1 only. */
  payer: boolean;
  dashboard: string;
  ledger: string;
  rounds: number;
  champion: { hotkey: string; name: string; profile: string } | undefined;
  weightsOnChain: { uid: number; value: number }[];
  weightsMatchLedger: boolean;
  replay: DevnetSummary['replay'];
}

/** Agreement of the validators, from the weights and stakes on chain after the last round (2+ validators). */
export interface DevnetConsensus {
  /** Block at which the weights, stakes and validator trust were read. */
  block: number;
  kappa: number;
  target: number;
  sameChampion: boolean;
  /** The smallest pairwise cosine similarity of the weight vectors on chain. */
  minCosine: number;
  ok: boolean;
  pairs: { a: number; b: number; cosine: number }[];
  validators: {
    number: number;
    hotkey: string;
    champion: string | undefined;
    /** Cosine of its weights with the stake-weighted mean of every validator's. */
    cosineWithConsensus: number;
    /** ValidatorTrust as the devnet chain stores it (its simplified epoch clips nothing). */
    trustOnChain: number;
    /** Validator trust under Yuma consensus, computed here from the weights and stakes on chain. */
    trustYuma: number;
    permit: boolean;
  }[];
}

export interface DevnetSummary {
  ok: boolean;
  problems: string[];
  chain: string;
  netuid: number;
  dashboard: string;
  ledger: string;
  rounds: number;
  champion: { hotkey: string; name: string; profile: string } | undefined;
  miners: {
    uid: number;
    profile: string;
    name: string;
    hotkey: string;
    average: number;
    weight: number;
    eligible: boolean;
    reason: string | undefined;
  }[];
  weightsOnChain: { uid: number; value: number }[];
  weightsMatchLedger: boolean;
  replay: {
    ok: boolean;
    records: number;
    rounds: number;
    ms: number;
    failure: string | undefined;
    /** Rounds whose revealed seed secret, seed and tasks were checked; anchors read from the chain. */
    seeds: { checked: number; anchorsOnChain: number };
  };
  /** Every validator (the fields above are the first one's). */
  validators: DevnetValidatorSummary[];
  /** With 2+ validators: champions, cosine similarities and validator trust. */
  consensus: DevnetConsensus | undefined;
}
