import { createHash } from 'node:crypto';
import { encodeAddress } from '@polkadot/util-crypto';
import * as benchTesting from '../../bench/testing/index.js';
import { ConfigSchema, RodeoError } from '../../config/index.js';
import { type ArenaConfig, createArena } from '../arena/index.js';
import type { ValidatorApiConfig } from '../http/api.js';
import { type RunningValidatorApi, startValidatorApi } from '../http/start.js';
import { createValidatorMetrics, type ValidatorMetrics } from '../prometheus.js';
import type {
  ArenaContestant,
  ArenaStore,
  ArenaVoteRecord,
  CategoryScore,
  Leaderboard,
  LeaderboardEntry,
  MinerDetail,
  MinerHistoryPoint,
  PoolEvent,
  PoolView,
  RoundSummary,
  StreamSample,
  ValidatorAdmin,
  ValidatorView,
} from '../view.js';

/**
 * A ValidatorView over plain data for tests and dashboard previews: six miners shaped like the devnet
 * profiles (strong, average, slow starter, bursty streamer, copycat, broken) over eight rounds.
 */

interface Profile {
  name: string;
  level: number;
  speed: number;
  streaming: number;
  eligible: boolean;
  reason?: string;
  /** Kind and gap of each event from the first token on. */
  kinds: (i: number) => string;
  gap: (i: number) => number;
  ttft: number;
  /** Keep-alive comments sent while waiting for the first token. */
  keepAlives?: number;
}

const PROFILES: Profile[] = [
  {
    name: 'strong-rider',
    level: 84,
    speed: 80,
    streaming: 88,
    eligible: true,
    kinds: () => 'c',
    gap: () => 25,
    ttft: 180,
  },
  {
    name: 'steady-mustang',
    level: 76,
    speed: 72,
    streaming: 78,
    eligible: true,
    kinds: () => 'c',
    gap: () => 40,
    ttft: 420,
  },
  {
    name: 'slow-starter',
    level: 71,
    speed: 48,
    streaming: 70,
    eligible: true,
    kinds: () => 'c',
    gap: () => 30,
    ttft: 2600,
    keepAlives: 6,
  },
  {
    name: 'bursty-bronco',
    level: 68,
    speed: 66,
    streaming: 41,
    eligible: true,
    kinds: (i) => (i % 8 === 0 ? 'r' : 'c'),
    gap: (i) => (i % 8 === 7 ? 600 : 2),
    ttft: 650,
  },
  {
    name: 'copycat',
    level: 84,
    speed: 80,
    streaming: 88,
    eligible: false,
    // as eligibility writes it: the full hotkey of the original, which must not stretch the table
    reason: `copy of ${fixtureAddress('strong-rider')}'s submission (same image digest), committed later`,
    kinds: () => 'c',
    gap: () => 25,
    ttft: 190,
  },
  {
    name: 'broken-wagon',
    level: 0,
    speed: 0,
    streaming: 0,
    eligible: true,
    kinds: () => 'e',
    gap: () => 0,
    ttft: 0,
  },
];

const CATEGORIES = ['chat', 'reasoning', 'knowledge', 'research', 'coding', 'tool_use', 'multimodal_input'];
const TASK_TYPES = ['text', 'multiple_choice', 'numeric', 'code', 'function_calling', 'research'];
const ROUNDS = 8;
const FIRST_BLOCK = 360;
const TEMPO = 360;
const DAY_RAO = 5_000_000_000;
const ROUND_MS = 72 * 60_000;

/** A valid SS58 address derived from a name (no keys: fixtures only). */
export function fixtureAddress(name: string): string {
  return encodeAddress(createHash('sha256').update(name).digest(), 42);
}

/** Small deterministic wobble so the charts have shape. */
const wobble = (seed: number) => Math.sin(seed * 12.9898) * 3;
const clamp = (x: number) => Math.max(0, Math.min(100, Math.round(x * 10) / 10));
const blockOf = (round: number) => FIRST_BLOCK + round * TEMPO;

function scoresAt(p: Profile, uid: number, round: number) {
  const w = p.level === 0 ? 0 : wobble(uid * 31 + round) + round * (p.name === 'steady-mustang' ? 0.6 : 0.2);
  const quality = clamp(p.level + w);
  const speed = clamp(p.speed + w / 2);
  const cost = clamp(p.level === 0 ? 0 : 70 + uid * 2 + w);
  const streaming = clamp(p.streaming + w / 3);
  const multimodal = clamp(p.level === 0 ? 0 : p.level - 8 + w);
  const composite = clamp(0.5 * quality + 0.15 * speed + 0.1 * cost + 0.15 * streaming + 0.1 * multimodal);
  return { composite, quality, speed, cost, streaming, multimodal };
}

function sample(p: Profile): StreamSample | undefined {
  if (p.level === 0) return undefined;
  const times: number[] = [];
  let kinds = 'o';
  times.push(Math.round(p.ttft * 0.1));
  const waits = p.keepAlives ?? 0;
  for (let i = 1; i <= waits; i++) {
    times.push(Math.round((p.ttft * (i + 0.5)) / (waits + 1)));
    kinds += 'k';
  }
  let t = p.ttft;
  for (let i = 0; i < 48; i++) {
    times.push(Math.round(t * 10) / 10);
    kinds += p.kinds(i);
    t += p.gap(i);
  }
  times.push(t, t + 1, t + 2);
  kinds += 'fud';
  return { taskId: 'public_chat/0007', category: 'chat', ttftMs: p.ttft, times, kinds };
}

function breakdown(keys: string[], base: number, uid: number): Record<string, CategoryScore> {
  const out: Record<string, CategoryScore> = {};
  keys.forEach((key, i) => {
    const q = base === 0 ? 0 : clamp(base + wobble(uid * 7 + i) * 3);
    out[key] = {
      count: 4 + (i % 3),
      passed: base === 0 ? 0 : Math.round(((4 + (i % 3)) * q) / 100),
      quality: q,
      speed: base === 0 ? 0 : clamp(q - 6),
      cost: base === 0 ? 0 : clamp(72 + i),
      streaming: base === 0 ? 0 : clamp(q - 2),
    };
  });
  return out;
}

export interface FixtureValidator {
  view: ValidatorView;
  admin: ValidatorAdmin & { actions: string[] };
  store: ArenaStore & { recorded: ArenaVoteRecord[] };
  hotkeys: string[];
  /** Runs one more round (scores move, pool accrues) and notifies subscribers. */
  advance(): void;
  subscribers(): number;
}

/**
 * Builds the fixture. `endpoints` gives arena contestants (by miner index) their URLs; miners without
 * one are not contestants.
 */
export function fixtureValidator(options: { endpoints?: Record<number, string> } = {}): FixtureValidator {
  const hotkeys = PROFILES.map((p) => fixtureAddress(p.name));
  const listeners = new Set<(event: { type: string; round?: number }) => void>();
  const recorded: ArenaVoteRecord[] = [];
  const actions: string[] = [];
  const disqualified = new Map<string, { reason: string; round: number }>();
  let paused = false;
  let rounds = ROUNDS;
  // Round times end now, so "time as champion" and "last evaluated" read naturally on the dashboard.
  const start = Date.now() - ROUNDS * ROUND_MS;
  const iso = (round: number) => new Date(start + round * ROUND_MS).toISOString();

  const history = (i: number): MinerHistoryPoint[] => {
    let average = 0;
    return Array.from({ length: rounds }, (_, r) => {
      const s = scoresAt(PROFILES[i]!, i + 1, r + 1);
      average = r === 0 ? s.composite : clamp(0.7 * average + 0.3 * s.composite);
      return { ...s, round: r + 1, block: blockOf(r + 1), average, weight: 0 };
    });
  };

  const leaderboard = (): Leaderboard => {
    const rows = PROFILES.map((p, i) => {
      const h = history(i);
      const last = h.at(-1)!;
      const avg = last.average;
      const dq = disqualified.get(hotkeys[i]!);
      const eligible = p.eligible && !dq;
      return { p, i, last, avg, eligible, reason: dq ? `disqualified: ${dq.reason}` : p.reason };
    });
    const ranked = [...rows].sort((x, y) => Number(y.eligible) - Number(x.eligible) || y.avg - x.avg);
    const champion = ranked[0]!;
    const weighted = ranked.filter((r) => r.eligible && r.avg > 0);
    const total = weighted.reduce((s, r) => s + r.avg, 0);
    const entries: LeaderboardEntry[] = ranked.map((r, k) => ({
      ...r.last,
      rank: k + 1,
      uid: r.i + 1,
      hotkey: hotkeys[r.i]!,
      coldkey: fixtureAddress(`${r.p.name}-cold`),
      name: r.p.name,
      average: r.avg,
      eligible: r.eligible,
      ineligibleReason: r.eligible ? undefined : r.reason,
      isChampion: r === champion,
      weight: r.eligible && r.avg > 0 ? (r === champion ? 0.5 : 0) + (0.5 * r.avg) / total : 0,
      lastEvaluatedRound: rounds,
      lastEvaluatedAt: iso(rounds),
      championSince: r === champion ? { round: 2, block: blockOf(2), at: iso(2) } : undefined,
      commitBlock: 100 + r.i * 6,
    }));
    return {
      round: rounds,
      block: blockOf(rounds),
      updatedAt: iso(rounds),
      champion: champion.eligible ? hotkeys[champion.i] : undefined,
      crownThreshold: clamp(champion.avg + (2 * (100 - champion.avg)) / 100),
      entries,
      pool: poolSummary(),
      paused,
    };
  };

  // Rounds 1-2: steady-mustang holds #1 and the pool grows; strong-rider takes #1 in round 2 and its claim
  // is paid in round 3 (the pool empties); from round 4 the pool grows again under strong-rider.
  const PAID_ROUND = 3;
  const balanceAt = (round: number) =>
    round < PAID_ROUND ? round * DAY_RAO : (round - PAID_ROUND) * DAY_RAO;
  const poolHistory = () =>
    Array.from({ length: rounds }, (_, r) => ({
      round: r + 1,
      block: blockOf(r + 1),
      balanceRao: balanceAt(r + 1),
    }));

  const poolSummary = () => ({
    balanceRao: poolHistory().at(-1)!.balanceRao,
    perDayRao: DAY_RAO,
    champion: hotkeys[0],
    claim: undefined,
  });

  const pool = (): PoolView => {
    const claimId = `payout-${hotkeys[0]!.slice(0, 16)}-${blockOf(2)}`;
    const row = (round: number, fromRound: number, kind: PoolEvent['kind'], detail: string): PoolEvent => ({
      round,
      fromRound,
      block: blockOf(round),
      at: iso(round),
      kind,
      balanceRao: balanceAt(round),
      detail,
      txHash: undefined,
    });
    const accrual = (from: number, to: number, holder: string) =>
      row(
        to,
        from,
        'accrual',
        `+${((balanceAt(to) - (from === 1 || from === PAID_ROUND ? 0 : balanceAt(from - 1))) / 1e9).toString()} τ over ${(to - from + 1) * TEMPO} blocks while ${holder} held #1`,
      );
    const events: PoolEvent[] = [
      accrual(1, 2, hotkeys[1]!),
      row(2, 2, 'claim', `claim ${claimId} opened; confirms at block ${blockOf(2) + TEMPO}`),
      {
        ...row(
          PAID_ROUND,
          PAID_ROUND,
          'accrual',
          `+${DAY_RAO / 1e9} τ over ${TEMPO} blocks while ${hotkeys[0]} held #1`,
        ),
        balanceRao: balanceAt(2) + DAY_RAO,
      },
      {
        ...row(
          PAID_ROUND,
          PAID_ROUND,
          'payout',
          `claim ${claimId} confirmed: paying ${balanceAt(2) + DAY_RAO} rao`,
        ),
        txHash: `0x${createHash('sha256').update('payout-1').digest('hex')}`,
      },
    ];
    if (rounds > PAID_ROUND) events.push(accrual(PAID_ROUND + 1, rounds, hotkeys[0]!));
    return {
      ...poolSummary(),
      history: poolHistory(),
      events,
      payer: 'validator',
      payers: ['validator'],
      twoPayers: false,
    };
  };

  const miner = (hotkey: string): MinerDetail | undefined => {
    const i = hotkeys.indexOf(hotkey);
    if (i < 0) return undefined;
    const p = PROFILES[i]!;
    const entry = leaderboard().entries.find((e) => e.hotkey === hotkey)!;
    return {
      hotkey,
      uid: i + 1,
      coldkey: entry.coldkey,
      name: p.name,
      eligible: entry.eligible,
      ineligibleReason: entry.ineligibleReason,
      manifest: {
        name: p.name,
        image: `ghcr.io/rodeo/${i === 4 ? PROFILES[0]!.name : p.name}@sha256:${createHash('sha256')
          .update(i === 4 ? PROFILES[0]!.name : p.name)
          .digest('hex')}`,
        sourceUrl: `https://github.com/rodeo-sim/${p.name}`,
        license: 'MIT',
        endpoint: options.endpoints?.[i] ?? `http://127.0.0.1:${9100 + i}`,
      },
      commit: {
        block: entry.commitBlock!,
        index: 1,
        hash: `0x${createHash('sha256').update(`commit-${p.name}`).digest('hex')}`,
      },
      endpoint: options.endpoints?.[i] ?? `http://127.0.0.1:${9100 + i}`,
      average: entry.average,
      history: history(i).map((h) => ({ ...h, weight: entry.weight })),
      byCategory: breakdown(CATEGORIES, p.level, i),
      byTaskType: breakdown(TASK_TYPES, p.level, i + 10),
      sample: sample(p),
      disqualified: disqualified.get(hotkey),
    };
  };

  const round = (n: number): RoundSummary | undefined => {
    if (n < 1 || n > rounds) return undefined;
    const board = leaderboard();
    return {
      round: n,
      block: blockOf(n),
      seed: createHash('sha256').update(`round-${n}`).digest('hex'),
      seedChain: undefined,
      at: iso(n),
      tasks: 30,
      miners: PROFILES.map((p, i) => {
        const s = scoresAt(p, i + 1, n);
        return {
          rank: 0,
          uid: i + 1,
          hotkey: hotkeys[i]!,
          eligible: p.eligible && !disqualified.has(hotkeys[i]!),
          composite: s.composite,
          average: history(i)[n - 1]!.average,
          failed: p.level === 0 ? 30 : i,
        };
      })
        .sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.average - a.average || a.uid - b.uid)
        .map((m, k) => ({ ...m, rank: k + 1 })),
      champion: board.champion,
      weights: board.entries
        .filter((e) => e.weight > 0)
        .map((e) => ({ uid: e.uid, weight: e.weight, value: Math.round(e.weight * 65535) })),
      weightsTx: {
        hash: `0x${createHash('sha256').update(`weights-${n}`).digest('hex')}`,
        block: blockOf(n) + 3,
      },
      sealed: true,
    };
  };

  const emit = (event: { type: string; round?: number }) => {
    for (const l of listeners) l(event);
  };

  const view: ValidatorView = {
    leaderboard,
    miner,
    round,
    rounds: () => Array.from({ length: rounds }, (_, r) => r + 1),
    pool,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  const admin = {
    actions,
    async pause(reason: string) {
      if (paused)
        throw new RodeoError('FIXTURE_ALREADY_PAUSED', 'it is paused already', { hint: 'resume first' });
      paused = true;
      actions.push(`pause:${reason}`);
      emit({ type: 'paused' });
    },
    async resume() {
      paused = false;
      actions.push('resume');
      emit({ type: 'resumed' });
    },
    async disqualify(hotkey: string, reason: string) {
      disqualified.set(hotkey, { reason, round: rounds });
      actions.push(`disqualify:${hotkey}:${reason}`);
      emit({ type: 'disqualified', round: rounds });
    },
    isPaused: () => paused,
  };

  const store = {
    recorded,
    contestants(): ArenaContestant[] {
      const board = leaderboard();
      return Object.entries(options.endpoints ?? {}).flatMap(([index, endpoint]) => {
        const hotkey = hotkeys[Number(index)]!;
        const entry = board.entries.find((e) => e.hotkey === hotkey)!;
        return entry.eligible ? [{ hotkey, uid: entry.uid, name: entry.name, endpoint }] : [];
      });
    },
    votes: () => recorded,
    async recordVote(vote: ArenaVoteRecord) {
      recorded.push(vote);
      emit({ type: 'arena.vote' });
    },
  };

  return {
    view,
    admin,
    store,
    hotkeys,
    advance() {
      rounds++;
      emit({ type: 'round.finished', round: rounds });
    },
    subscribers: () => listeners.size,
  };
}

export interface FixtureApi {
  fx: FixtureValidator;
  api: RunningValidatorApi;
  metrics: ValidatorMetrics;
  close(): Promise<void>;
}

/** An arena miner's scripted answer: text streamed word by word, or an error event after its first chunk. */
export type FixtureAnswer = string | { error: string };

function answerScript(answer: FixtureAnswer): benchTesting.Script {
  if (typeof answer !== 'string')
    return {
      steps: [
        { atMs: 0, data: benchTesting.sse.role() },
        {
          atMs: 20,
          data: `data: ${JSON.stringify({ error: { message: answer.error, type: 'server_error' } })}\n\n`,
        },
      ],
    };
  const words = answer.split(/(?<= )/);
  return benchTesting.uniformScript({
    events: words.length,
    intervalMs: 8,
    ttftMs: 20,
    text: (i) => words[i]!,
  });
}

/**
 * The API over the fixture on 127.0.0.1 (any free port), with an arena of two scripted miners (the first
 * two fixture miners) that stream `answers[0]` and `answers[1]` word by word (or fail with an error event).
 */
export async function startFixtureApi(options: {
  answers: [FixtureAnswer, FixtureAnswer];
  api?: Partial<ValidatorApiConfig>;
  arena?: Partial<ArenaConfig>;
}): Promise<FixtureApi> {
  const miners = await Promise.all(
    options.answers.map((answer) => benchTesting.startScriptedSseServer(() => answerScript(answer))),
  );
  const fx = fixtureValidator({ endpoints: { 0: miners[0]!.url, 1: miners[1]!.url } });
  const defaults = ConfigSchema.parse({}).validator.api;
  const config = { ...defaults, port: 0, ...options.api, arena: { ...defaults.arena, ...options.arena } };
  const metrics = createValidatorMetrics();
  const arena = createArena({ store: fx.store, config: config.arena, metrics });
  const api = await startValidatorApi({ view: fx.view, admin: fx.admin, metrics, config, arena });
  return {
    fx,
    api,
    metrics,
    async close() {
      await api.close();
      await Promise.all(miners.map((m) => m.close()));
    },
  };
}
