import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, RodeoError } from '../../config/index.js';
import type { LedgerRecord } from '../../ledger/index.js';
import { applyVote, ELO_START } from '../../scoring/index.js';
import { RECORD } from '../record-types.js';
import {
  type LedgerApi,
  type LedgerValidator,
  startLedgerApi,
  testAddress,
} from '../testing/ledger-validator.js';
import type { ValidatorView } from '../view.js';
import {
  createValidatorMetrics,
  type RunningValidatorApi,
  startValidatorApi,
  type ValidatorApiConfig,
  type ValidatorMetrics,
} from './index.js';

const TOKEN = 'correct horse battery staple';

const apiConfig = (over: Partial<ValidatorApiConfig>): ValidatorApiConfig => ({
  ...ConfigSchema.parse({}).validator.api,
  port: 0,
  ...over,
});

async function call(
  base: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; token?: string; raw?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await request(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.body.text();
  const type = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: type.includes('json') ? JSON.parse(text) : undefined,
  };
}

/** Reads an SSE response until `done(text so far)` holds; the test timeout bounds the wait. */
async function openStream(url: string) {
  const controller = new AbortController();
  const res = await request(url, { signal: controller.signal });
  const chunks = res.body[Symbol.asyncIterator]();
  let text = '';
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    async until(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const next = await chunks.next();
        if (next.done) throw new Error(`stream ended before the expected event; got:\n${text}`);
        text += Buffer.from(next.value).toString('utf8');
      }
      return text;
    },
    close() {
      res.body.on('error', () => {});
      controller.abort();
    },
  };
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** The records of `types` in the ledger, oldest first. */
async function recordsOf(v: LedgerValidator, types: string[]): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  for await (const rec of v.ledger.records()) if (types.includes(rec.type)) out.push(rec);
  return out;
}

/**
 * Over a real ledger of eight synthetic rounds (validator/testing/ledger-validator.ts): strong-rider takes #1
 * from steady-mustang in round 5 and its claim is paid in round 6; the copycat reveals strong-rider's image.
 */
describe('validator API', () => {
  let v: LedgerValidator;
  let api: RunningValidatorApi;
  let metrics: ValidatorMetrics;
  let running: LedgerApi | undefined;

  beforeAll(async () => {
    running = await startLedgerApi({
      answers: ['left0 left1 left2 ', 'right0 right1 right2 '],
      api: { keepAliveMs: 50, adminToken: TOKEN },
      arena: { minViewMs: 0 },
    });
    ({ validator: v, api, metrics } = running);
  });
  afterAll(() => running?.close());

  it('listens on 127.0.0.1 and reports health', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await call(api.url, '/health');
    expect(status).toBe(200);
    expect(json).toEqual({
      status: 'ok',
      round: 8,
      block: 800,
      updatedAt: expect.any(String),
      paused: false,
    });
  });

  it('serves the leaderboard, rounds, miners and the pool from the read model of the ledger', async () => {
    const board = await call(api.url, '/api/leaderboard');
    expect(board.json.entries).toHaveLength(6);
    expect(board.json.entries[0]).toMatchObject({
      rank: 1,
      name: 'strong-rider',
      isChampion: true,
      championSince: { round: 5, block: 500 },
    });
    expect(board.json.entries.map((e: { name: string }) => e.name)).toEqual([
      'strong-rider',
      'steady-mustang',
      'slow-starter',
      'bursty-bronco',
      'broken-wagon',
      'copycat',
    ]);
    // a challenger must beat the champion's score by the crown margin
    expect(board.json.crownThreshold).toBeGreaterThan(board.json.entries[0].average);
    expect(board.json.entries.find((e: { name: string }) => e.name === 'copycat')).toMatchObject({
      eligible: false,
      ineligibleReason: `copy of ${v.hotkeys[0]}'s submission (same image digest), committed later`,
    });

    expect((await call(api.url, '/api/rounds')).json).toEqual({ rounds: [1, 2, 3, 4, 5, 6, 7, 8] });
    const round = await call(api.url, '/api/rounds/3');
    expect(round.json).toMatchObject({ round: 3, block: 300, tasks: 6, sealed: true });
    expect(round.json.weightsTx).toEqual({ hash: `0x${'ab'.repeat(32)}`, block: 301 });

    const miner = await call(api.url, `/api/miners/${v.hotkeys[2]}`);
    expect(miner.json).toMatchObject({ name: 'slow-starter', uid: 3, commit: { block: 22 } });
    expect(miner.json.history).toHaveLength(8);
    // six keep-alives while it waits for its first token, then content, then [DONE]
    expect(miner.json.sample.kinds).toMatch(/^k{6}c+d$/);

    const pool = await call(api.url, '/api/pool');
    expect(pool.json.history).toHaveLength(8);
    const payouts = pool.json.events.filter((e: { kind: string }) => e.kind === 'payout');
    expect(payouts.map((e: { round: number; detail: string }) => [e.round, e.detail])).toEqual([
      [6, expect.stringMatching(/^claim payout-\S+ confirmed: paying 500000000 rao$/)],
      [6, expect.stringMatching(/^payout payout-\S+ sent$/)],
    ]);
    expect(payouts[1].txHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('answers JSON errors that name what was wrong', async () => {
    const missingRound = await call(api.url, '/api/rounds/99');
    expect(missingRound.status).toBe(404);
    expect(missingRound.json.error).toMatchObject({
      code: 'API_ROUND_NOT_FOUND',
      message: expect.stringContaining('round 99'),
    });

    const badRound = await call(api.url, '/api/rounds/latest');
    expect(badRound.status).toBe(400);
    expect(badRound.json.error.message).toContain('params.n: expected a round number');

    const stranger = testAddress('stranger');
    const missingMiner = await call(api.url, `/api/miners/${stranger}`);
    expect(missingMiner.status).toBe(404);
    expect(missingMiner.json.error.message).toContain(stranger);

    const badHotkey = await call(api.url, '/api/miners/not-a-key');
    expect(badHotkey.status).toBe(400);
    expect(badHotkey.json.error.message).toContain('params.hotkey: expected an SS58 address');

    const noRoute = await call(api.url, '/api/nothing');
    expect(noRoute.status).toBe(404);
    expect(noRoute.json.error).toMatchObject({
      code: 'API_ROUTE_NOT_FOUND',
      message: 'no route GET /api/nothing',
    });
  });

  it('exposes Prometheus metrics from its own registry', async () => {
    metrics.roundStarted(8, 3240);
    metrics.roundFinished(8, 42);
    metrics.taskMeasured(true, undefined);
    metrics.taskMeasured(false, 'BENCH_TTFT_TIMEOUT');
    metrics.chainCall('set_weights', true);
    metrics.chainCall('commit', false);
    metrics.weightsSet(true);
    metrics.champion(1);
    metrics.poolBalance(5e9);
    const res = await call(api.url, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    for (const line of [
      'rodeo_validator_round_duration_seconds_bucket{le="60"} 1',
      'rodeo_validator_round_duration_seconds_count 1',
      'rodeo_validator_tasks_total{outcome="ok"} 1',
      'rodeo_validator_tasks_total{outcome="error"} 1',
      'rodeo_validator_task_failures_total{code="BENCH_TTFT_TIMEOUT"} 1',
      'rodeo_validator_chain_calls_total{method="set_weights",outcome="ok"} 1',
      'rodeo_validator_chain_calls_total{method="commit",outcome="error"} 1',
      'rodeo_validator_weights_set_total{outcome="ok"} 1',
      'rodeo_validator_current_round 8',
      'rodeo_validator_champion_uid 1',
      'rodeo_validator_pool_balance_rao 5000000000',
      '# TYPE rodeo_validator_arena_votes_total counter',
      '# TYPE rodeo_validator_process_cpu_user_seconds_total counter',
    ]) {
      expect(res.text).toContain(line);
    }
  });

  it('pushes ledger appends over SSE with keep-alive comments and unsubscribes on disconnect', async () => {
    const before = v.model.subscriberCount();
    const stream = await openStream(`${api.url}/api/events`);
    expect(stream.status).toBe(200);
    expect(stream.type).toContain('text/event-stream');
    await stream.until((t) => t.includes(': connected'));
    expect(v.model.subscriberCount()).toBe(before + 1);
    expect(await v.advance()).toBe(9);
    const text = await stream.until((t) => t.includes('"type":"seal"') && t.includes(': keep-alive'));
    expect(text).toContain('data: {"type":"round.start","round":9}\n\n');
    expect(text).toContain('data: {"type":"seal","round":9}\n\n');
    stream.close();
    await eventually(() => v.model.subscriberCount() === before);
  });

  it('guards admin actions with the bearer token', async () => {
    const none = await call(api.url, '/api/admin/pause', { method: 'POST', body: { reason: 'upgrade' } });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json.error.message).toContain('no bearer token');
    const wrong = await call(api.url, '/api/admin/pause', {
      method: 'POST',
      body: { reason: 'upgrade' },
      token: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toContain('wrong token');
    const adminTypes = [RECORD.pause, RECORD.disqualify];
    expect(await recordsOf(v, adminTypes)).toEqual([]);

    const noReason = await call(api.url, '/api/admin/pause', { method: 'POST', body: {}, token: TOKEN });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toContain('body.reason');
    const badJson = await call(api.url, '/api/admin/pause', {
      method: 'POST',
      raw: '{"reason":',
      token: TOKEN,
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.code).toBe('API_INVALID_REQUEST');

    const paused = await call(api.url, '/api/admin/pause', {
      method: 'POST',
      body: { reason: 'upgrade' },
      token: TOKEN,
    });
    expect(paused).toMatchObject({ status: 200, json: { paused: true } });
    expect((await call(api.url, '/health')).json).toMatchObject({ status: 'paused', paused: true });
    const resumed = await call(api.url, '/api/admin/resume', { method: 'POST', token: TOKEN });
    expect(resumed).toMatchObject({ status: 200, json: { paused: false } });

    expect((await call(api.url, '/health')).json).toMatchObject({ status: 'ok', paused: false });

    const stranger = testAddress('stranger');
    const unknown = await call(api.url, '/api/admin/disqualify', {
      method: 'POST',
      body: { hotkey: stranger, reason: 'x' },
      token: TOKEN,
    });
    expect(unknown.status).toBe(404);
    const dq = await call(api.url, '/api/admin/disqualify', {
      method: 'POST',
      body: { hotkey: v.hotkeys[3], reason: 'copied outputs' },
      token: TOKEN,
    });
    expect(dq).toMatchObject({
      status: 200,
      json: { disqualified: v.hotkeys[3], reason: 'copied outputs' },
    });
    // every action is in the ledger, in the round open after round 9's seal
    expect((await recordsOf(v, adminTypes)).map((r) => [r.round, r.type, r.data])).toEqual([
      [10, RECORD.pause, { paused: true, reason: 'upgrade' }],
      [10, RECORD.pause, { paused: false, reason: 'resumed' }],
      [10, RECORD.disqualify, { hotkey: v.hotkeys[3], reason: 'copied outputs', by: expect.any(String) }],
    ]);
    const dqOf = async () => {
      const board = await call(api.url, '/api/leaderboard');
      return board.json.entries.find((e: { hotkey: string }) => e.hotkey === v.hotkeys[3]);
    };
    expect((await call(api.url, `/api/miners/${v.hotkeys[3]}`)).json.disqualified).toEqual({
      reason: 'copied outputs',
      round: 10,
    });
    // the leaderboard shows the last scored round, in which it was still eligible; the next round excludes it
    expect(await dqOf()).toMatchObject({ eligible: true });
    expect(await v.advance()).toBe(10);
    expect(await dqOf()).toMatchObject({ eligible: false, ineligibleReason: 'disqualified: copied outputs' });
  });

  it('refuses admin actions with 403 without a token, and hides internal failures behind a 500', async () => {
    const model = v.model;
    const failingPool: ValidatorView = {
      leaderboard: () => model.leaderboard(),
      miner: (hotkey) => model.miner(hotkey),
      round: (n) => model.round(n),
      rounds: () => model.rounds(),
      subscribe: (listener) => model.subscribe(listener),
      pool: () => {
        throw new Error('ledger read failed at /secret/path');
      },
    };
    const bare = await startValidatorApi({
      view: failingPool,
      admin: v.admin,
      metrics: createValidatorMetrics(),
      config: apiConfig({ adminToken: undefined }),
    });
    try {
      const res = await call(bare.url, '/api/admin/resume', { method: 'POST', token: TOKEN });
      expect(res.status).toBe(403);
      expect(res.json.error).toMatchObject({
        code: 'API_ADMIN_DISABLED',
        hint: expect.stringContaining('validator.api.adminToken'),
      });
      const broken = await call(bare.url, '/api/pool');
      expect(broken.status).toBe(500);
      expect(broken.json.error).toMatchObject({
        code: 'API_INTERNAL',
        message: 'internal error while serving GET /api/pool',
      });
      expect(broken.text).not.toContain('/secret/path');
      const arena = await call(bare.url, '/api/arena');
      expect(arena.json).toEqual({ enabled: false });
      const battle = await call(bare.url, '/api/arena/battles', { method: 'POST', body: { prompt: 'hi' } });
      expect(battle.status).toBe(404);
      expect(battle.json.error.code).toBe('ARENA_DISABLED');
    } finally {
      await bare.close();
    }
  });

  it("answers 409 with the admin's own message and hint when it refuses an action", async () => {
    const refusing = await startValidatorApi({
      view: v.model,
      admin: {
        ...v.admin,
        isPaused: () => true,
        pause: async () => {
          throw new RodeoError('TEST_ALREADY_PAUSED', 'it is paused already', { hint: 'resume first' });
        },
        resume: async () => {},
        disqualify: async () => {},
      },
      metrics: createValidatorMetrics(),
      config: apiConfig({ adminToken: TOKEN }),
    });
    try {
      const twice = await call(refusing.url, '/api/admin/pause', {
        method: 'POST',
        body: { reason: 'again' },
        token: TOKEN,
      });
      expect(twice.status).toBe(409);
      expect(twice.json.error).toEqual({
        code: 'API_ADMIN_REFUSED',
        message: 'the validator refused to pause: it is paused already',
        hint: 'resume first',
      });
    } finally {
      await refusing.close();
    }
  });

  it('says which address it could not listen on', async () => {
    const port = Number(new URL(api.url).port);
    const start = startValidatorApi({
      view: v.model,
      admin: v.admin,
      metrics: createValidatorMetrics(),
      config: apiConfig({ port }),
    });
    await expect(start).rejects.toThrow(`the validator API cannot listen on 127.0.0.1:${port}`);
    // the flag `rodeo validator run` takes for it
    await expect(start).rejects.toMatchObject({ hint: expect.stringContaining('--api-port N') });
  });

  it('runs an arena battle over HTTP: start, stream both sides, vote, reveal', async () => {
    const summary = await call(api.url, '/api/arena');
    // every eligible miner: five, less bursty-bronco disqualified above
    expect(summary.json).toMatchObject({ enabled: true, contestants: 4, minViewMs: 0 });

    const tooLong = await call(api.url, '/api/arena/battles', {
      method: 'POST',
      body: { prompt: 'x'.repeat(2001) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.message).toContain('body.prompt: the prompt is longer than 2000 characters');

    const started = await call(api.url, '/api/arena/battles', {
      method: 'POST',
      body: { prompt: 'Name a colour.' },
    });
    expect(started.status).toBe(201);
    const id: string = started.json.id;
    const texts: string[] = [];
    for (const side of ['a', 'b']) {
      const stream = await openStream(`${api.url}/api/arena/battles/${id}/${side}`);
      const text = await stream.until((t) => t.includes('event: end'));
      expect(text).not.toContain('127.0.0.1');
      texts.push(
        [...text.matchAll(/event: delta\ndata: (.*)\n/g)]
          .map((m) => (JSON.parse(m[1]!) as { text: string }).text)
          .join(''),
      );
      stream.close();
    }
    expect(texts.sort()).toEqual(['left0 left1 left2 ', 'right0 right1 right2 ']);

    const badVote = await call(api.url, `/api/arena/battles/${id}/vote`, {
      method: 'POST',
      body: { vote: 'c' },
    });
    expect(badVote.status).toBe(400);
    expect(badVote.json.error.message).toContain('body.vote: expected one of a, b, tie, both_bad');

    const votes = v.store.votes().length;
    const reveal = await call(api.url, `/api/arena/battles/${id}/vote`, {
      method: 'POST',
      body: { vote: 'b' },
    });
    expect(reveal.status).toBe(200);
    const expected = applyVote(ELO_START, ELO_START, 'b');
    expect(reveal.json.a).toMatchObject({ before: ELO_START, after: expected.a });
    expect(reveal.json.b).toMatchObject({ before: ELO_START, after: expected.b });
    expect(new Set([reveal.json.a.name, reveal.json.b.name])).toEqual(
      new Set(['strong-rider', 'steady-mustang']),
    );
    expect(v.store.votes()).toHaveLength(votes + 1);
    const [recorded] = (await recordsOf(v, [RECORD.arenaVote])).map((r) => r.data);
    expect(recorded).toMatchObject({
      battleId: id,
      vote: 'b',
      voter: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect((await call(api.url, '/metrics')).text).toContain('rodeo_validator_arena_votes_total{vote="b"} 1');

    const again = await call(api.url, `/api/arena/battles/${id}/vote`, {
      method: 'POST',
      body: { vote: 'a' },
    });
    expect(again.status).toBe(404);
    const gone = await call(api.url, `/api/arena/battles/${id}/a`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('ARENA_BATTLE_NOT_FOUND');
    const ladder = await call(api.url, '/api/arena');
    expect(ladder.json.ladder[0]).toMatchObject({ hotkey: reveal.json.b.hotkey, wins: 1 });
  });

  it('serves the dashboard with a same-origin content security policy', async () => {
    const page = await call(api.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.text).toContain('<script type="module" src="app.js"></script>');
    const script = await call(api.url, '/app.js');
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(page.text).not.toMatch(/https?:\/\//);
  });
});

describe('arena client address behind proxies', () => {
  /** POST /api/arena/battles with an X-Forwarded-For header; returns the status. */
  const start = async (base: string, forwardedFor?: string) => {
    const res = await request(`${base}/api/arena/battles`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
      },
      body: JSON.stringify({ prompt: 'hi' }),
    });
    const body = (await res.body.json()) as { error?: { code: string } };
    return res.statusCode === 201 ? 201 : `${res.statusCode} ${body.error?.code}`;
  };
  const withApi = async (api: Partial<ValidatorApiConfig>, run: (base: string) => Promise<void>) => {
    const running = await startLedgerApi({
      answers: ['a ', 'b '],
      api,
      arena: { battlesPerHour: 1, minViewMs: 0 },
    });
    try {
      await run(running.api.url);
    } finally {
      await running.close();
    }
  };
  const limited = '429 ARENA_RATE_LIMITED';

  it('ignores X-Forwarded-For unless proxies are configured: a client cannot name its own address', async () => {
    await withApi({}, async (base) => {
      expect(await start(base, '198.51.100.1')).toBe(201);
      expect(await start(base, '198.51.100.2')).toBe(limited);
      expect(await start(base, '2001:db8::1, 198.51.100.3')).toBe(limited);
      expect(await start(base)).toBe(limited);
    });
  });

  it('behind trusted proxies, takes the address the proxy saw, not the spoofable left-most entry', async () => {
    await withApi({ trustedProxies: ['127.0.0.1'] }, async (base) => {
      expect(await start(base, 'spoof-a, 203.0.113.7')).toBe(201);
      expect(await start(base, 'spoof-b, 203.0.113.7')).toBe(limited);
      expect(await start(base, '192.0.2.99, 203.0.113.7')).toBe(limited);
      expect(await start(base, '203.0.113.8')).toBe(201);
    });
  });

  it('with a hop count, takes that many entries from the right', async () => {
    await withApi({ proxyHops: 1 }, async (base) => {
      expect(await start(base, 'spoof-a, 203.0.113.7')).toBe(201);
      expect(await start(base, 'spoof-b, 203.0.113.7')).toBe(limited);
      expect(await start(base, '203.0.113.7, 203.0.113.8')).toBe(201);
    });
  });

  it('limits an IPv6 client by its /64', async () => {
    await withApi({ trustedProxies: ['loopback'] }, async (base) => {
      expect(await start(base, '2001:db8:1:2::a')).toBe(201);
      expect(await start(base, '2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe(limited);
      expect(await start(base, '2001:db8:1:2::b')).toBe(limited);
      expect(await start(base, '2001:db8:1:3::a')).toBe(201);
    });
  });

  it('refuses proxy settings it cannot use', () => {
    const api = (over: Record<string, unknown>) => ConfigSchema.safeParse({ validator: { api: over } });
    expect(api({ trustedProxies: ['10.0.0.0/8', '::1', 'fd00::/8', 'loopback'] }).success).toBe(true);
    for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.1/8/9', '*']) {
      expect(api({ trustedProxies: [bad] }).success, bad).toBe(false);
    }
    expect(api({ trustedProxies: ['10.0.0.1'], proxyHops: 1 }).success).toBe(false);
    expect(api({ trustProxy: true }).success).toBe(false);
  });
});
