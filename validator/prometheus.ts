import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ArenaVote } from './view.js';

/**
 * The validator's Prometheus series, behind calls the daemon makes; own registry (never the global one).
 * The round hooks have the shape of the daemon's RoundObserver, so this object can serve as one.
 */
export interface ValidatorMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  roundStarted(round: number, block: number): void;
  roundFinished(round: number, seconds: number): void;
  /** One measured task; `errorCode` (a BENCH_* code) when the request failed. */
  taskMeasured(ok: boolean, errorCode: string | undefined): void;
  chainCall(method: string, ok: boolean): void;
  weightsSet(ok: boolean): void;
  /** A hash commit whose reveal epoch passed unrevealed (`rodeo_weights_commits_expired_total`). */
  weightsCommitExpired(): void;
  /** The champion's uid; undefined when there is none (the gauge reads -1). */
  champion(uid: number | undefined): void;
  poolBalance(rao: number): void;
  /** Hotkeys seen paying the subnet's pool around the latest payout; more than one is two payers. */
  poolPayers(hotkeys: string[]): void;
  arenaVote(vote: ArenaVote): void;
  /** Prometheus text exposition of every series. */
  text(): Promise<string>;
}

const PREFIX = 'rodeo_validator_';
const outcome = (ok: boolean) => (ok ? 'ok' : 'error');

/** Round durations run from a minute (devnet) to hours (a tempo on finney with many miners). */
const ROUND_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1200, 2400, 4800, 9600];

export function createValidatorMetrics(): ValidatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];

  const roundDuration = new Histogram({
    name: `${PREFIX}round_duration_seconds`,
    help: 'Wall time of one validator round, from metagraph sync to the sealed ledger record',
    buckets: ROUND_BUCKETS,
    registers,
  });
  const tasks = new Counter({
    name: `${PREFIX}tasks_total`,
    help: 'Benchmark tasks measured, by outcome (ok, error)',
    labelNames: ['outcome'],
    registers,
  });
  const taskFailures = new Counter({
    name: `${PREFIX}task_failures_total`,
    help: 'Benchmark requests that failed, by error code',
    labelNames: ['code'],
    registers,
  });
  const chainCalls = new Counter({
    name: `${PREFIX}chain_calls_total`,
    help: 'Subtensor calls, by method and outcome (ok, error)',
    labelNames: ['method', 'outcome'],
    registers,
  });
  const commitsExpired = new Counter({
    // named without the validator prefix, as the issue and the alert rules call it
    name: 'rodeo_weights_commits_expired_total',
    help: 'Weight commits whose reveal epoch passed without a reveal: those weights never counted on chain',
    registers,
  });
  const weightsSet = new Counter({
    name: `${PREFIX}weights_set_total`,
    help: 'Attempts to set (or reveal) a weight vector on chain, by outcome (ok, error)',
    labelNames: ['outcome'],
    registers,
  });
  const currentRound = new Gauge({
    name: `${PREFIX}current_round`,
    help: 'Number of the round in progress or last finished',
    registers,
  });
  const championUid = new Gauge({
    name: `${PREFIX}champion_uid`,
    help: 'Uid of the current champion (-1 when there is none)',
    registers,
  });
  championUid.set(-1);
  const poolBalance = new Gauge({
    name: `${PREFIX}pool_balance_rao`,
    help: 'Prize pool balance in rao',
    registers,
  });
  const poolPayers = new Gauge({
    name: `${PREFIX}pool_payers`,
    help: "Validator hotkeys seen paying this subnet's pool around the latest payout (above 1: two payers, set validator.pool.payer on one)",
    registers,
  });
  const arenaVotes = new Counter({
    name: `${PREFIX}arena_votes_total`,
    help: 'Arena votes recorded, by vote (a, b, tie, both_bad)',
    labelNames: ['vote'],
    registers,
  });

  return {
    registry,
    contentType: registry.contentType,
    roundStarted: (round) => currentRound.set(round),
    roundFinished: (round, seconds) => {
      currentRound.set(round);
      roundDuration.observe(seconds);
    },
    taskMeasured: (ok, errorCode) => {
      tasks.inc({ outcome: outcome(ok) });
      if (errorCode !== undefined) taskFailures.inc({ code: errorCode });
    },
    chainCall: (method, ok) => chainCalls.inc({ method, outcome: outcome(ok) }),
    weightsSet: (ok) => weightsSet.inc({ outcome: outcome(ok) }),
    weightsCommitExpired: () => commitsExpired.inc(),
    champion: (uid) => championUid.set(uid ?? -1),
    poolBalance: (rao) => poolBalance.set(rao),
    poolPayers: (hotkeys) => poolPayers.set(hotkeys.length),
    arenaVote: (vote) => arenaVotes.inc({ vote }),
    text: () => registry.metrics(),
  };
}
