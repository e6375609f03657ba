/**
 * The validator's read model: what the HTTP API and the dashboard show. The daemon builds it from the
 * ledger (every figure traces back to a recorded round); the HTTP layer only reads it.
 */

export interface DimensionTriple {
  composite: number;
  quality: number;
  speed: number;
  cost: number;
  streaming: number;
  multimodal: number;
}

export interface LeaderboardEntry extends DimensionTriple {
  rank: number;
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Implementation name from the revealed manifest ("unrevealed" when none). */
  name: string;
  /** The moving average the ranking uses (0..100); the dimension fields are the last round's. */
  average: number;
  eligible: boolean;
  ineligibleReason: string | undefined;
  isChampion: boolean;
  /** Weight this validator gave the uid in the last weights it set (0..1). */
  weight: number;
  lastEvaluatedRound: number | undefined;
  lastEvaluatedAt: string | undefined;
  /** How long this hotkey has held #1, when it is the champion. */
  championSince: { round: number; block: number; at: string } | undefined;
  commitBlock: number | undefined;
}

export interface PoolSummary {
  balanceRao: number;
  perDayRao: number;
  champion: string | undefined;
  claim: { id: string; hotkey: string; confirmAtBlock: number } | undefined;
}

export interface Leaderboard {
  round: number | undefined;
  block: number | undefined;
  updatedAt: string | undefined;
  champion: string | undefined;
  /** Score a challenger must beat to take #1 (0..100). */
  crownThreshold: number | undefined;
  entries: LeaderboardEntry[];
  pool: PoolSummary;
  paused: boolean;
}

export interface CategoryScore {
  count: number;
  passed: number;
  quality: number;
  speed: number;
  cost: number;
  streaming: number;
}

export interface MinerHistoryPoint extends DimensionTriple {
  round: number;
  block: number;
  average: number;
  weight: number;
}

export interface StreamSample {
  taskId: string;
  category: string;
  ttftMs: number | undefined;
  /** Event arrival times (ms since the request) and kinds (one char each; see bench EventKind). */
  times: number[];
  kinds: string;
}

export interface MinerDetail {
  hotkey: string;
  uid: number | undefined;
  coldkey: string | undefined;
  name: string;
  eligible: boolean;
  ineligibleReason: string | undefined;
  manifest: Record<string, unknown> | undefined;
  commit: { block: number; index: number; hash: string } | undefined;
  endpoint: string | undefined;
  average: number | undefined;
  history: MinerHistoryPoint[];
  byCategory: Record<string, CategoryScore>;
  byTaskType: Record<string, CategoryScore>;
  sample: StreamSample | undefined;
  disqualified: { reason: string; round: number } | undefined;
}

export interface RoundSummary {
  round: number;
  block: number;
  /** The round's seed; undefined while a secret-seeded round's secret is not revealed. */
  seed: string | undefined;
  /** The secret chain the seed uses: its anchor (committed on chain), index k, and r_k once revealed. */
  seedChain: { anchor: string; index: number; secret: string | undefined } | undefined;
  /** When the round started (ISO). */
  at: string;
  tasks: number;
  /** In rank order: eligible first, then by moving average (as the leaderboard ranks them). */
  miners: {
    rank: number;
    uid: number;
    hotkey: string;
    eligible: boolean;
    composite: number;
    average: number;
    failed: number;
  }[];
  champion: string | undefined;
  weights: { uid: number; weight: number; value: number }[];
  weightsTx: { hash: string; block: number } | undefined;
  sealed: boolean;
}

export interface PoolEvent {
  /** The round of the event; an accrual row covers the rounds fromRound..round of one reign. */
  round: number;
  fromRound: number;
  block: number;
  /** When the (last) round started (ISO). */
  at: string;
  kind: 'accrual' | 'claim' | 'payout' | 'void';
  balanceRao: number;
  detail: string;
  txHash: string | undefined;
}

export interface PoolView extends PoolSummary {
  history: { round: number; block: number; balanceRao: number }[];
  events: PoolEvent[];
  /** Hotkey of the validator that made the latest payout (this one, or the payer read from chain). */
  payer: string | undefined;
  /** Hotkeys seen paying this subnet's pool around the latest payout looked up on chain. */
  payers: string[];
  /** Two validators pay this subnet (validator.pool.payer set on more than one): reported, never paid twice. */
  twoPayers: boolean;
}

export interface ArenaRating {
  hotkey: string;
  uid: number | undefined;
  name: string;
  rating: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
}

/** What the HTTP layer asks the daemon for. */
export interface ValidatorView {
  leaderboard(): Leaderboard;
  miner(hotkey: string): MinerDetail | undefined;
  round(n: number): RoundSummary | undefined;
  rounds(): number[];
  pool(): PoolView;
  /** Live updates: called after every state change (round progress, new round, vote). */
  subscribe(listener: (event: { type: string; round?: number }) => void): () => void;
}

/** Eligible miners the arena may pit against each other. */
export interface ArenaContestant {
  hotkey: string;
  uid: number;
  name: string;
  endpoint: string;
}

/** Admin actions; each is recorded in the ledger by the daemon. */
export interface ValidatorAdmin {
  pause(reason: string): Promise<void>;
  resume(): Promise<void>;
  disqualify(hotkey: string, reason: string): Promise<void>;
  isPaused(): boolean;
}

export type ArenaVote = 'a' | 'b' | 'tie' | 'both_bad';

/** One recorded arena vote (the daemon appends it to the ledger as an `arena.vote` record). */
export interface ArenaVoteRecord {
  battleId: string;
  at: number;
  /** sha256 of the normalized prompt (the prompt text itself is not stored). */
  promptHash: string;
  a: string;
  b: string;
  vote: ArenaVote;
  /** Hashed client identity used for rate limiting (never the raw IP). */
  voter: string;
}

/** Where the arena finds contestants and keeps its votes. */
export interface ArenaStore {
  contestants(): ArenaContestant[];
  votes(): readonly ArenaVoteRecord[];
  recordVote(vote: ArenaVoteRecord): Promise<void>;
}
