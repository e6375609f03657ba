import type { Measurement } from '../bench/index.js';
import type { Task, TaskMix } from '../datasets/index.js';
import type {
  AverageState,
  Champion,
  Payout,
  PoolLogEntry,
  PoolState,
  ProfileName,
  TaskScore,
} from '../scoring/index.js';

/**
 * The ledger record types of a round, raw first then derived. Raw records hold what was observed (the
 * chain, the miners, the admin); derived records are recomputed from them by `deriveRound` on replay.
 */
export const RECORD = {
  /** raw: what the round is and how it is scored. */
  start: 'round.start',
  /** raw: neurons and hyperparameters at the round's block. */
  metagraph: 'round.metagraph',
  /** raw: commitments and what each endpoint revealed. */
  submissions: 'round.submissions',
  /** raw: the tasks sampled from the round's seed. */
  tasks: 'round.tasks',
  /** raw: one miner's measurements for every task. */
  measurements: 'round.measurements',
  /** raw: an operator disqualified a hotkey. */
  disqualify: 'admin.disqualify',
  /** raw: an operator paused or resumed weight setting. */
  pause: 'admin.pause',
  /** derived: per-miner task scores and composites. */
  scores: 'round.scores',
  /** derived: averages, eligibility, champion, pool. */
  state: 'round.state',
  /** derived: the weight vector and its u16 form. */
  weights: 'round.weights',
  /** raw: a weights extrinsic we are about to send / its outcome. */
  weightsTx: 'chain.weights',
  /** raw: a payout we are about to send / its outcome. */
  payoutTx: 'chain.payout',
  /** raw: an anchor of the ledger head on chain we are about to send / its outcome. */
  anchorTx: 'chain.anchor',
  /** raw: a round that could not complete, sealed with its reason so the next round starts on time. */
  skipped: 'round.skipped',
  /** raw: a round-seed chain anchor we are about to commit on chain / its outcome. */
  seedAnchor: 'seed.anchor',
  /** raw: the round's secret r_k, revealed once its weights are sent (see validator/seed-chain.ts). */
  seedReveal: 'round.seed-reveal',
  /** raw: an arena vote. */
  arenaVote: 'arena.vote',
} as const;

export const DERIVED_TYPES: readonly string[] = [RECORD.scores, RECORD.state, RECORD.weights];

export interface ScoringSettings {
  profile: ProfileName;
  scoringVersion: string;
  weights: { quality: number; speed: number; cost: number; streaming: number; multimodal: number };
  emaAlpha: number;
  crownMargin: number;
  policy: { championShare: number; qualityFloor: number; burnUid: number };
  pool: { perDayRao: number; blocksPerDay: number; auditWindowBlocks: number; championShare: number };
}

/** Which secret a round's seed uses: chain `anchor` (its H^N(x), hex), index k (r_k). Never r_k itself. */
export interface SeedRef {
  anchor: string;
  index: number;
}

export interface RoundStart {
  round: number;
  netuid: number;
  block: number;
  blockHash: string;
  /** H(domain || blockHash || r_k) for rounds with `seedChain`; older ledgers: the block hash itself. */
  seed: string;
  seedChain?: SeedRef;
  validator: string;
  /** version_key sent with the weights (the node's version as the SDK's version_as_int). */
  versionKey: string;
  settings: ScoringSettings;
  tasks: RoundTaskDraw;
}

/**
 * How the round's tasks were drawn from its seed: replay draws them again with the same. Ledgers recorded before
 * task mixes have neither `generator` nor `mix` (generator version 1, the round-robin).
 */
export interface RoundTaskDraw {
  suite: string;
  count: number;
  /** datasets GENERATOR_VERSION the tasks were drawn with. */
  generator?: number;
  /** The task mix per category (validator.taskMix). */
  mix?: TaskMix;
  /** The operator's private task file mixed in: its sha256, its task count and the share drawn from it. */
  privateFile?: { sha256: string; tasks: number; share: number };
}

export interface NeuronRecord {
  uid: number;
  hotkey: string;
  coldkey: string;
  stake: string;
  validatorPermit: boolean;
  lastUpdate: number;
  registeredAt: number;
  axon: { ip: string; port: number; ipType: number } | undefined;
}

export interface MetagraphRecord {
  block: number;
  blockHash: string;
  neurons: NeuronRecord[];
  hyperparams: {
    tempo: number;
    weightsSetRateLimit: number;
    maxWeightsLimit: number;
    minAllowedWeights: number;
    weightsVersionKey: string;
    commitRevealWeightsEnabled: boolean;
    revealPeriodEpochs: number;
  };
}

export interface ManifestReveal {
  ok: boolean;
  /** The manifest as served (parsed JSON), only when it is schema-valid; never what failed the checks. */
  manifest: Record<string, unknown> | undefined;
  /** sha256 hex of the canonical manifest (valid manifests only). */
  hash: string | undefined;
  /** Why the reveal failed; for bytes that failed a check, it names a short hash of them, never the bytes. */
  error: string | undefined;
  /** The error code, when the failure has one (VALIDATOR_ENDPOINT_*, VALIDATOR_MANIFEST_*). */
  code?: string;
}

export interface SubmissionRecord {
  hotkey: string;
  uid: number;
  commitBlock: number;
  commitIndex: number;
  /** Committed sha256 (hex, no 0x), if the commitment has one. */
  committedHash: string | undefined;
  endpoint: string | undefined;
  reveal: ManifestReveal;
}

export interface SubmissionsRecord {
  entries: SubmissionRecord[];
}

export interface TasksRecord {
  seed: string;
  seedChain?: SeedRef;
  suite: string;
  tasks: Task[];
}

export interface MeasurementsRecord {
  hotkey: string;
  uid: number;
  endpoint: string;
  measurements: Measurement[];
  /**
   * Set when this miner's measurements could not be recorded (the reason): they are replaced by failed
   * ones (BENCH_QUARANTINED), so the miner scores zero this round and the other miners' records land.
   */
  quarantined?: string;
}

/** A round sealed without finishing: why, and how many attempts were made. */
export interface SkippedRecord {
  reason: string;
  attempts: number;
}

export interface DisqualifyRecord {
  hotkey: string;
  reason: string;
  by: string;
}

export interface MinerScores {
  hotkey: string;
  uid: number;
  composite: number;
  dimensions: {
    quality: number | null;
    speed: number | null;
    cost: number | null;
    streaming: number | null;
    multimodal: number | null;
  };
  failed: number;
  tasks: Pick<
    TaskScore,
    | 'taskId'
    | 'category'
    | 'type'
    | 'success'
    | 'errorCode'
    | 'quality'
    | 'speed'
    | 'cost'
    | 'streaming'
    | 'multimodal'
  >[];
}

export interface ScoresRecord {
  profile: ProfileName;
  scoringVersion: string;
  miners: MinerScores[];
}

export interface EligibilityEntry {
  hotkey: string;
  uid: number;
  eligible: boolean;
  reason: string | undefined;
}

/** The first commitment (block, extrinsic index) seen for a submission identity, and its hotkey (priority.ts). */
export interface PriorityEntry {
  /** `image digest:<digest>` or `source commit:<sha>`. */
  identity: string;
  hotkey: string;
  block: number;
  index: number;
}

export interface StateRecord {
  eligibility: EligibilityEntry[];
  /** Per identity, the first commitment seen; never moves later (absent in ledgers written before it). */
  priority?: PriorityEntry[];
  averages: AverageState[];
  champion: Champion | undefined;
  crown: { changed: boolean; threshold: number | undefined; reason: string };
  disqualified: string[];
  pool: PoolState;
  /** Sentences only in rounds recorded with scoring version 1. */
  poolEvents: PoolLogEntry[] | string[];
  payout: Payout | undefined;
}

export interface WeightsRecord {
  /** Float weights per uid (sum 1), before the chain's u16 conversion. */
  uids: number[];
  weights: number[];
  /** What goes on chain: the SDK's convert_weights_and_uids_for_emit after the subnet's limits. */
  emit: { uids: number[]; values: number[] };
  versionKey: string;
}

/** A weights extrinsic for round `forRound` (recorded in whatever round is current when it happens). */
export type WeightsTxRecord = { forRound: number } & (
  | {
      phase: 'intent';
      /** timelock: commit_timelocked_weights, revealed by the chain itself (CR v3/v4). */
      mode: 'set' | 'commit' | 'reveal' | 'timelock';
      uids: number[];
      values: number[];
      salt?: number[];
      commitHash?: string;
      head: number;
    }
  | {
      phase: 'result';
      mode: 'set' | 'commit' | 'reveal' | 'timelock';
      ok: true;
      txHash: string;
      block: number;
    }
  | {
      phase: 'result';
      mode: 'set' | 'commit' | 'reveal' | 'timelock';
      ok: false;
      code: string;
      message: string;
      retryable: boolean;
    }
);

/** A prize-pool payout decided in round `forRound`. */
export type PayoutTxRecord = { forRound: number } & (
  | { phase: 'intent'; payout: Payout }
  | {
      phase: 'result';
      id: string;
      ok: true;
      txHash: string;
      block: number;
      /** sent: by this validator; already-on-chain: its own send, found after a restart; paid-by-payer: read from chain. */
      found: 'sent' | 'already-on-chain' | 'paid-by-payer';
      /** Whose payout remark it is (rodeo-payout:v1:<netuid>:<payer>:<id>); absent in older ledgers: this validator. */
      payer?: string;
      /** Hotkeys whose payouts for the subnet were seen on chain around it (two or more: two payers). */
      payers?: string[];
    }
  | { phase: 'result'; id: string; ok: false; code: string; message: string; payers?: string[] }
);

/**
 * An anchor of the ledger head after round `forRound`'s seal (recorded in the round open after it): the remark
 * `rodeo-anchor:v1:<netuid>:<round>:<seq>:<hash>` names the seal's seq and hash.
 */
export type AnchorTxRecord = { forRound: number } & (
  | { phase: 'intent'; remark: string; seq: number; hash: string; head: number }
  | {
      phase: 'result';
      ok: true;
      remark: string;
      txHash: string;
      block: number;
      found: 'sent' | 'already-on-chain';
    }
  | { phase: 'result'; ok: false; code: string; message: string }
);

/**
 * A round-seed chain's anchor committed under the hotkey (`rodeo-seed:v1:<length>:<anchor>`, a Raw field of
 * Commitments.set_commitment): the intent first, then where it landed (the commitment as of `blockHash`).
 */
export type SeedAnchorRecord =
  | { phase: 'intent'; anchor: string; length: number; head: number }
  | {
      phase: 'result';
      ok: true;
      anchor: string;
      length: number;
      block: number;
      blockHash: string;
      txHash: string;
      found: 'sent' | 'already-on-chain';
    }
  | { phase: 'result'; ok: false; anchor: string; code: string; message: string };

/** A round's revealed secret: H^index(secret) is `anchor`, and the round's seed is H(domain || block hash || secret). */
export interface SeedRevealRecord extends SeedRef {
  secret: string;
}

export interface PauseRecord {
  paused: boolean;
  reason: string;
}
