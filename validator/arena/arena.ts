import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { type Logger, silentLogger, type ValidatorConfig } from '../../config/index.js';
import { applyVote } from '../../scoring/index.js';
import type { ValidatorMetrics } from '../prometheus.js';
import type { ArenaContestant, ArenaRating, ArenaStore, ArenaVote } from '../view.js';
import { clientNetwork } from './client-key.js';
import { ArenaErrors } from './errors.js';
import { eloLadder, type KnownMiner } from './ladder.js';
import { pickPair, type RandomInt } from './pairing.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { type AnswerEvent, streamAnswer } from './stream.js';

export type ArenaConfig = ValidatorConfig['api']['arena'];
export type Side = 'a' | 'b';

export interface ArenaOptions {
  store: ArenaStore;
  config: ArenaConfig;
  logger?: Logger;
  metrics?: ValidatorMetrics;
  /** Headers added to each miner request, e.g. an Epistula signature by the validator hotkey. */
  requestHeaders?: (contestant: ArenaContestant, body: string) => Record<string, string>;
  /** Pairing randomness; crypto.randomInt unless given (tests pass a fixed sequence). */
  randomInt?: RandomInt;
  now?: () => number;
  dispatcher?: Dispatcher;
}

export interface BattleTicket {
  id: string;
  /** Unix ms before which a vote is refused. */
  voteAfter: number;
  expiresAt: number;
}

export interface RevealedSide {
  hotkey: string;
  uid: number;
  name: string;
  before: number;
  after: number;
}

export interface Reveal {
  battleId: string;
  vote: ArenaVote;
  a: RevealedSide;
  b: RevealedSide;
  ladder: ArenaRating[];
}

interface SideState {
  contestant: ArenaContestant;
  events: AnswerEvent[];
  finished: boolean;
  listeners: Set<(event: AnswerEvent) => void>;
}

interface Battle {
  id: string;
  createdAt: number;
  voter: string;
  promptHash: string;
  sides: Record<Side, SideState>;
  abort: AbortController;
  /** 'voting' while the vote is being recorded; a recorded vote closes the battle. */
  state: 'open' | 'voting';
  timer: NodeJS.Timeout;
}

const HOUR_MS = 3_600_000;

/** sha256 of the prompt with whitespace collapsed and Unicode normalized (the prompt itself is not kept). */
export function promptHash(prompt: string): string {
  return createHash('sha256').update(prompt.normalize('NFC').trim().replace(/\s+/g, ' ')).digest('hex');
}

export type Arena = ReturnType<typeof createArena>;

/**
 * A/B battles between eligible miners: both answers stream at once to anonymous sides; a vote is recorded
 * through the ArenaStore and reveals who was who with their Elo before and after.
 */
export function createArena(options: ArenaOptions) {
  const { store, config } = options;
  const logger = options.logger ?? silentLogger;
  const draw = options.randomInt ?? ((max: number) => randomInt(max));
  const now = options.now ?? Date.now;
  const salt = randomBytes(16);
  const battles = new Map<string, Battle>();
  const battleLimiter = new SlidingWindowLimiter(config.battlesPerHour, HOUR_MS);
  const voteLimiter = new SlidingWindowLimiter(config.votesPerHour, HOUR_MS);

  const close = (battle: Battle) => {
    clearTimeout(battle.timer);
    battle.abort.abort();
    battles.delete(battle.id);
  };

  const known = (): Map<string, KnownMiner> =>
    new Map(store.contestants().map((c) => [c.hotkey, { uid: c.uid, name: c.name }]));

  const run = (battle: Battle, side: SideState, prompt: string) => {
    const body = JSON.stringify({
      model: config.model,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      max_tokens: config.maxTokens,
    });
    return streamAnswer({
      endpoint: side.contestant.endpoint,
      body,
      headers: options.requestHeaders?.(side.contestant, body) ?? {},
      limits: config,
      signal: battle.abort.signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      onEvent: (event) => {
        side.events.push(event);
        if (event.type !== 'delta') side.finished = true;
        for (const listener of side.listeners) listener(event);
      },
    });
  };

  const find = (id: string): Battle => {
    const battle = battles.get(id);
    if (!battle) throw ArenaErrors.BATTLE_NOT_FOUND(id);
    return battle;
  };

  return {
    /**
     * Hashed client identity (never the raw address), stable for this process: one per IPv4 address and one
     * per IPv6 /64, so a host cannot multiply its limits by switching addresses inside its prefix.
     */
    clientId(address: string): string {
      return createHash('sha256').update(salt).update(clientNetwork(address)).digest('hex').slice(0, 32);
    },

    contestantCount: () => store.contestants().length,

    isOpen: (id: string): boolean => battles.has(id),

    startBattle(prompt: string, voter: string): BattleTicket {
      const contestants = store.contestants();
      if (contestants.length < 2) throw ArenaErrors.NOT_ENOUGH_CONTESTANTS(contestants.length);
      let mine = 0;
      for (const battle of battles.values()) if (battle.voter === voter) mine++;
      if (mine >= config.maxOpenBattlesPerClient)
        throw ArenaErrors.TOO_MANY_OPEN(config.maxOpenBattlesPerClient);
      if (battles.size >= config.maxOpenBattles) throw ArenaErrors.BUSY(config.maxOpenBattles);
      const t = now();
      battleLimiter.prune(t);
      const wait = battleLimiter.take(voter, t);
      if (wait > 0) throw ArenaErrors.RATE_LIMITED('battles', config.battlesPerHour, wait);
      const [a, b] = pickPair(contestants, draw);
      const side = (contestant: ArenaContestant): SideState => ({
        contestant,
        events: [],
        finished: false,
        listeners: new Set(),
      });
      const battle: Battle = {
        id: randomUUID(),
        createdAt: t,
        voter,
        promptHash: promptHash(prompt),
        sides: { a: side(a), b: side(b) },
        abort: new AbortController(),
        state: 'open',
        timer: setTimeout(() => close(battle), config.battleTtlMs).unref(),
      };
      battles.set(battle.id, battle);
      void run(battle, battle.sides.a, prompt);
      void run(battle, battle.sides.b, prompt);
      logger.debug({ battle: battle.id }, 'arena battle started');
      return { id: battle.id, voteAfter: t + config.minViewMs, expiresAt: t + config.battleTtlMs };
    },

    /**
     * Replays what one side has sent so far, then follows it live. Returns an unsubscribe function;
     * `listener` sees exactly one end or error event last.
     */
    watch(id: string, side: Side, listener: (event: AnswerEvent) => void): () => void {
      const state = find(id).sides[side];
      for (const event of state.events) listener(event);
      if (state.finished) return () => {};
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },

    async vote(id: string, voter: string, vote: ArenaVote): Promise<Reveal> {
      const battle = find(id);
      if (battle.voter !== voter) throw ArenaErrors.NOT_YOUR_BATTLE(id);
      if (battle.state !== 'open') throw ArenaErrors.ALREADY_VOTED(id);
      const t = now();
      const early = battle.createdAt + config.minViewMs - t;
      if (early > 0) throw ArenaErrors.TOO_EARLY(id, early);
      voteLimiter.prune(t);
      const wait = voteLimiter.take(voter, t);
      if (wait > 0) throw ArenaErrors.RATE_LIMITED('votes', config.votesPerHour, wait);

      const { a, b } = battle.sides;
      const miners = known();
      for (const { contestant: c } of [a, b]) miners.set(c.hotkey, { uid: c.uid, name: c.name });
      const before = new Map(eloLadder(store.votes(), miners).map((r) => [r.hotkey, r.rating]));
      battle.state = 'voting';
      try {
        await store.recordVote({
          battleId: id,
          at: t,
          promptHash: battle.promptHash,
          a: a.contestant.hotkey,
          b: b.contestant.hotkey,
          vote,
          voter,
        });
      } catch (err) {
        battle.state = 'open';
        throw err;
      }
      options.metrics?.arenaVote(vote);
      close(battle);
      const ra = before.get(a.contestant.hotkey)!;
      const rb = before.get(b.contestant.hotkey)!;
      const next = applyVote(ra, rb, vote);
      const reveal = (c: ArenaContestant, from: number, to: number): RevealedSide => ({
        hotkey: c.hotkey,
        uid: c.uid,
        name: c.name,
        before: from,
        after: to,
      });
      return {
        battleId: id,
        vote,
        a: reveal(a.contestant, ra, next.a),
        b: reveal(b.contestant, rb, next.b),
        ladder: eloLadder(store.votes(), miners),
      };
    },

    ladder: (): ArenaRating[] => eloLadder(store.votes(), known()),

    /** Ends every open battle (their streams stop and their watchers get an error event). */
    close(): void {
      for (const battle of [...battles.values()]) close(battle);
    },
  };
}
