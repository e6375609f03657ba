import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as benchTesting from '../../bench/testing/index.js';
import { ConfigSchema } from '../../config/index.js';
import { applyVote, ELO_START } from '../../scoring/index.js';
import { ARENA_PAIR, type LedgerValidator, openLedgerValidator } from '../testing/ledger-validator.js';
import type { ArenaVoteRecord } from '../view.js';
import {
  type AnswerEvent,
  type ArenaConfig,
  ArenaErrors,
  clientNetwork,
  createArena,
  eloLadder,
  pickPair,
  promptHash,
  SlidingWindowLimiter,
} from './index.js';

const { startScriptedSseServer, sse } = benchTesting;

const arenaConfig = (over: Partial<ArenaConfig> = {}): ArenaConfig => ({
  ...ConfigSchema.parse({}).validator.api.arena,
  ...over,
});

const vote = (a: string, b: string, v: ArenaVoteRecord['vote'], at = 0): ArenaVoteRecord => ({
  battleId: `b${at}`,
  at,
  promptHash: 'h',
  a,
  b,
  vote: v,
  voter: 'x',
});

describe('pickPair', () => {
  it('draws two distinct contestants and reaches every ordered pair exactly once over all draws', () => {
    const items = ['p', 'q', 'r', 's'];
    const seen = new Map<string, number>();
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length - 1; j++) {
        const draws = [i, j];
        const [a, b] = pickPair(items, () => draws.shift()!);
        expect(a).not.toBe(b);
        seen.set(`${a}${b}`, (seen.get(`${a}${b}`) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(12);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses fewer than two contestants', () => {
    expect(() => pickPair(['only'], () => 0)).toThrow(/two contestants/);
  });
});

describe('eloLadder', () => {
  it('replays votes in order with scoring Elo and counts outcomes', () => {
    const votes = [
      vote('A', 'B', 'a', 1),
      vote('B', 'C', 'tie', 2),
      vote('A', 'C', 'b', 3),
      vote('A', 'B', 'both_bad', 4),
    ];
    const ladder = eloLadder(votes, new Map([['D', { uid: 4, name: 'dee' }]]));
    let r = { A: ELO_START, B: ELO_START, C: ELO_START };
    let x = applyVote(r.A, r.B, 'a');
    r = { ...r, A: x.a, B: x.b };
    x = applyVote(r.B, r.C, 'tie');
    r = { ...r, B: x.a, C: x.b };
    x = applyVote(r.A, r.C, 'b');
    r = { ...r, A: x.a, C: x.b };
    const by = new Map(ladder.map((e) => [e.hotkey, e]));
    expect(by.get('A')!.rating).toBeCloseTo(r.A, 10);
    expect(by.get('B')!.rating).toBeCloseTo(r.B, 10);
    expect(by.get('C')!.rating).toBeCloseTo(r.C, 10);
    expect(by.get('D')).toMatchObject({ rating: ELO_START, uid: 4, name: 'dee', wins: 0 });
    expect(by.get('A')).toMatchObject({ wins: 1, losses: 1, ties: 0, bothBad: 1 });
    expect(by.get('C')).toMatchObject({ wins: 1, ties: 1, losses: 0 });
    expect(ladder.map((e) => e.rating)).toEqual([...ladder.map((e) => e.rating)].sort((p, q) => q - p));
  });
});

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits per window per key and says when the next one is allowed', () => {
    const limiter = new SlidingWindowLimiter(2, 1000);
    expect(limiter.take('k', 0)).toBe(0);
    expect(limiter.take('k', 100)).toBe(0);
    expect(limiter.take('k', 200)).toBe(800);
    expect(limiter.take('other', 200)).toBe(0);
    expect(limiter.take('k', 1000)).toBe(0);
    limiter.prune(5000);
    expect(limiter.take('k', 5000)).toBe(0);
  });
});

describe('clientNetwork', () => {
  it('keeps IPv4 addresses, folds IPv6 to its /64 and IPv4-mapped IPv6 to the IPv4 address', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:cb00:7107')).toBe('203.0.113.7');
    const net = clientNetwork('2001:db8:1:2::a');
    expect(net).toBe('2001:db8:1:2::/64');
    for (const same of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:0:0:0:1',
      '2001:db8:1:2::1.2.3.4',
    ]) {
      expect(clientNetwork(same)).toBe(net);
    }
    expect(clientNetwork('2001:db8:1:3::a')).not.toBe(net);
    expect(clientNetwork('fe80::1%eth0')).toBe(clientNetwork('fe80::2'));
    expect(clientNetwork('not an address')).toBe('not an address');
  });
});

describe('arena battles against scripted miners', () => {
  const servers: Awaited<ReturnType<typeof startScriptedSseServer>>[] = [];
  const ledgers: LedgerValidator[] = [];
  /**
   * A ledger of one round whose eligible miners (the arena's contestants) reveal `urls`: strong-rider, ranked
   * first, then steady-mustang.
   */
  const field = async (...urls: string[]) => {
    const v = await openLedgerValidator({
      field: ARENA_PAIR.slice(0, urls.length),
      rounds: 1,
      endpoints: { ...urls },
    });
    ledgers.push(v);
    return v;
  };
  const words = (prefix: string) => ({
    steps: [
      { atMs: 0, data: sse.role() },
      { atMs: 5, data: sse.reasoning('thinking ') },
      ...Array.from({ length: 6 }, (_, i) => ({ atMs: 10 + i * 3, data: sse.content(`${prefix}${i} `) })),
      { atMs: 40, data: sse.finish() + sse.done() },
    ],
  });

  beforeAll(async () => {
    servers.push(await startScriptedSseServer(() => words('alpha')));
    servers.push(await startScriptedSseServer(() => words('beta')));
    servers.push(
      await startScriptedSseServer(() => ({
        status: 500,
        steps: [{ atMs: 0, data: '{"error":{"message":"boom"}}' }],
      })),
    );
    servers.push(
      await startScriptedSseServer(() => ({ steps: [{ atMs: 0, data: sse.role() }], end: 'hang' })),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(ledgers.map((v) => v.close()));
  });

  const collect = (arena: ReturnType<typeof createArena>, id: string, side: 'a' | 'b') =>
    new Promise<AnswerEvent[]>((resolve) => {
      const events: AnswerEvent[] = [];
      arena.watch(id, side, (e) => {
        events.push(e);
        if (e.type !== 'delta') resolve(events);
      });
    });
  const text = (events: AnswerEvent[]) =>
    events.map((e) => (e.type === 'delta' && e.kind === 'content' ? e.text : '')).join('');

  it('streams both answers anonymously, records the vote and reveals Elo before and after', async () => {
    const fx = await field(servers[0]!.url, servers[1]!.url);
    let clock = 1_000_000;
    const arena = createArena({
      store: fx.store,
      config: arenaConfig({ minViewMs: 5000 }),
      now: () => clock,
      randomInt: () => 0,
      requestHeaders: (c) => ({ 'x-for': c.hotkey }),
    });
    const voter = arena.clientId('127.0.0.1');
    expect(voter).not.toContain('127.0.0.1');
    const ticket = arena.startBattle('  Say   hello ', voter);
    const [a, b] = await Promise.all([collect(arena, ticket.id, 'a'), collect(arena, ticket.id, 'b')]);
    // randomInt 0,0 picks contestant 0 as A and contestant 1 as B
    expect(text(a)).toBe('alpha0 alpha1 alpha2 alpha3 alpha4 alpha5 ');
    expect(text(b)).toBe('beta0 beta1 beta2 beta3 beta4 beta5 ');
    expect(a.find((e) => e.type === 'delta' && e.kind === 'reasoning')).toBeTruthy();
    expect(a.at(-1)).toMatchObject({ type: 'end', reason: 'stop', chars: 51 });
    const sent = servers[0]!.requests.at(-1)!;
    expect(sent).toMatchObject({
      model: 'janus',
      stream: true,
      max_tokens: 512,
      messages: [{ role: 'user', content: '  Say   hello ' }],
    });

    await expect(arena.vote(ticket.id, voter, 'a')).rejects.toSatisfy((e) => ArenaErrors.TOO_EARLY.is(e));
    await expect(arena.vote(ticket.id, 'someone-else', 'a')).rejects.toSatisfy((e) =>
      ArenaErrors.NOT_YOUR_BATTLE.is(e),
    );
    clock += 5000;
    const reveal = await arena.vote(ticket.id, voter, 'a');
    const expected = applyVote(ELO_START, ELO_START, 'a');
    expect(reveal.a).toMatchObject({
      hotkey: fx.hotkeys[0],
      name: 'strong-rider',
      before: ELO_START,
      after: expected.a,
    });
    expect(reveal.b).toMatchObject({ hotkey: fx.hotkeys[1], name: 'steady-mustang', after: expected.b });
    expect(fx.store.votes()).toEqual([
      {
        battleId: ticket.id,
        at: clock,
        promptHash: promptHash('Say hello'),
        a: fx.hotkeys[0],
        b: fx.hotkeys[1],
        vote: 'a',
        voter,
      },
    ]);
    expect(arena.ladder()[0]).toMatchObject({ hotkey: fx.hotkeys[0], wins: 1, rating: expected.a });
    await expect(arena.vote(ticket.id, voter, 'b')).rejects.toSatisfy((e) =>
      ArenaErrors.BATTLE_NOT_FOUND.is(e),
    );
    arena.close();
  });

  it('reports a failing miner, a silent miner and a cut answer without naming the miner', async () => {
    const fx = await field(servers[2]!.url, servers[3]!.url);
    const arena = createArena({
      store: fx.store,
      config: arenaConfig({ timeoutMs: 300 }),
      randomInt: () => 0,
    });
    const ticket = arena.startBattle('hi', 'v');
    const [a, b] = await Promise.all([collect(arena, ticket.id, 'a'), collect(arena, ticket.id, 'b')]);
    expect(a).toEqual([{ type: 'error', message: 'the miner answered HTTP 500' }]);
    expect(b.at(-1)).toEqual({ type: 'error', message: 'no complete answer within 0.3 s' });
    for (const e of [...a, ...b]) expect(JSON.stringify(e)).not.toContain('127.0.0.1');

    const cut = await field(servers[0]!.url, servers[1]!.url);
    const short = createArena({
      store: cut.store,
      config: arenaConfig({ maxAnswerChars: 10 }),
      randomInt: () => 0,
    });
    const t2 = short.startBattle('hi', 'v');
    const events = await collect(short, t2.id, 'a');
    expect(
      events
        .filter((e) => e.type === 'delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toHaveLength(10);
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'cut', chars: 10 });
    arena.close();
    short.close();
  });

  it('rate-limits battles and votes per client, and needs two contestants', async () => {
    const fx = await field(servers[0]!.url, servers[1]!.url);
    const arena = createArena({
      store: fx.store,
      config: arenaConfig({ battlesPerHour: 2, votesPerHour: 1, minViewMs: 0, maxOpenBattlesPerClient: 10 }),
    });
    const t1 = arena.startBattle('one', 'v');
    const t2 = arena.startBattle('two', 'v');
    expect(() => arena.startBattle('three', 'v')).toThrow(/too many battles: at most 2 per hour/);
    arena.startBattle('other client', 'w');
    await arena.vote(t1.id, 'v', 'tie');
    await expect(arena.vote(t2.id, 'v', 'tie')).rejects.toSatisfy((e) => ArenaErrors.RATE_LIMITED.is(e));
    arena.close();
    expect(() => arena.watch(t2.id, 'a', () => {})).toThrow(/no open battle/);

    const byNet = createArena({ store: fx.store, config: arenaConfig() });
    expect(byNet.clientId('2001:db8:1:2::a')).toBe(byNet.clientId('2001:db8:1:2:9:8:7:6'));
    expect(byNet.clientId('2001:db8:1:2::a')).not.toBe(byNet.clientId('2001:db8:1:3::a'));
    expect(byNet.clientId('::ffff:198.51.100.4')).toBe(byNet.clientId('198.51.100.4'));

    const lonely = createArena({
      store: (await field(servers[0]!.url)).store,
      config: arenaConfig(),
    });
    expect(() => lonely.startBattle('hi', 'v')).toThrow(/needs two eligible miners.*there is 1/);
  });

  it('caps the battles one client holds open, so another client can still start one', async () => {
    const fx = await field(servers[0]!.url, servers[1]!.url);
    const arena = createArena({
      store: fx.store,
      config: arenaConfig({ maxOpenBattles: 3, maxOpenBattlesPerClient: 2, minViewMs: 0 }),
    });
    try {
      const first = arena.startBattle('one', 'greedy');
      arena.startBattle('two', 'greedy');
      let refused: unknown;
      try {
        arena.startBattle('three', 'greedy');
      } catch (err) {
        refused = err;
      }
      expect(ArenaErrors.TOO_MANY_OPEN.is(refused)).toBe(true);
      expect((refused as Error).message).toContain('you hold 2 open battles already');
      arena.startBattle('mine', 'other');
      expect(() => arena.startBattle('full', 'third')).toThrow(/holds 3 open battles/);
      // a vote frees a slot of its client
      await arena.vote(first.id, 'greedy', 'tie');
      arena.startBattle('three again', 'greedy');
    } finally {
      arena.close();
    }
  });
});
