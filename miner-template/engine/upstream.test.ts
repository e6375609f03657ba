import { connect, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/index.js';
import {
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../../localnet/scripted-upstream.js';
import type { Script } from '../../localnet/scripts.js';
import { MinerErrors } from '../errors.js';
import { toOpenAIError } from '../http/openai-errors.js';
import { minerConfig } from '../testing/config.js';
import type { EngineEvent } from '../types.js';
import { OpenAIUpstream } from './upstream.js';

/** Scripts per test, chosen by the request's `user` field; each call takes the next script of the list. */
const plans = new Map<string, ((r: RecordedRequest) => Script)[]>();
let upstream: ScriptedUpstream;

beforeAll(async () => {
  upstream = await startScriptedUpstream({
    answer: (r) => {
      const plan = plans.get(String(r.body.user))!;
      return (plan.length > 1 ? plan.shift()! : plan[0]!)(r);
    },
  });
});
afterAll(() => upstream?.close());

const ok: Script = { events: [{ reasoning: 'hmm' }, { content: 'Hello' }, { content: ' world' }] };
const status = (code: number): Script => ({ status: code, retryAfterSeconds: 0, events: [] });

function client(overrides: Parameters<typeof minerConfig>[0] = {}) {
  const config = minerConfig({
    ...overrides,
    upstream: { baseUrl: upstream.url, retryBaseMs: 1, ...overrides.upstream },
  });
  return new OpenAIUpstream(config.upstream, silentLogger);
}

async function run(test: string, models: string[], u = client(), signal = new AbortController().signal) {
  const events: EngineEvent[] = [];
  try {
    for await (const ev of u.stream({ models, body: { user: test, messages: [] } }, signal)) events.push(ev);
  } finally {
    await u.close();
  }
  return events;
}

const seen = (test: string) => upstream.requests.filter((r) => r.body.user === test);

describe('OpenAIUpstream', () => {
  it('streams start, reasoning, content, finish and usage, asking the upstream for usage', async () => {
    plans.set('plain', [
      () => ({ ...ok, reasoningField: 'reasoning', usage: { prompt_tokens: 4, completion_tokens: 3 } }),
    ]);
    const events = await run('plain', ['m1']);
    expect(events).toEqual([
      { type: 'start', model: 'm1' },
      { type: 'reasoning', text: 'hmm' },
      { type: 'content', text: 'Hello' },
      { type: 'content', text: ' world' },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage: { promptTokens: 4, completionTokens: 3 } },
    ]);
    const body = seen('plain')[0]!.body;
    expect(body).toMatchObject({ model: 'm1', stream: true, stream_options: { include_usage: true } });
  });

  it('retries 5xx and 429 before the first byte, then answers', async () => {
    plans.set('flaky', [() => status(503), () => status(429), () => ok]);
    const events = await run('flaky', ['m1']);
    expect(events.filter((e) => e.type === 'content')).toHaveLength(2);
    expect(seen('flaky')).toHaveLength(3);
  });

  it('gives up after maxRetries and reports the upstream 429 as a 429', async () => {
    plans.set('busy', [() => status(429)]);
    const err = await run('busy', ['m1'], client({ upstream: { maxRetries: 1 } })).catch((e: unknown) => e);
    expect(MinerErrors.UPSTREAM_STATUS.is(err)).toBe(true);
    expect(seen('busy')).toHaveLength(2);
    expect(toOpenAIError(err)).toMatchObject({ status: 429, body: { error: { type: 'rate_limit_error' } } });
  });

  it('does not retry a 400 and passes it on as a request error', async () => {
    plans.set('bad', [() => ({ status: 400, errorMessage: 'max_tokens too large', events: [] })]);
    const err = await run('bad', ['m1', 'm2']).catch((e: unknown) => e);
    expect(seen('bad')).toHaveLength(1);
    const mapped = toOpenAIError(err);
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.message).toContain('max_tokens too large');
  });

  it('falls back to the next model on 404 and on exhausted 5xx', async () => {
    plans.set('fallback', [
      (r) => (r.body.model === 'gone' ? status(404) : r.body.model === 'down' ? status(502) : ok),
    ]);
    const events = await run('fallback', ['gone', 'down', 'up'], client({ upstream: { maxRetries: 1 } }));
    expect(events[0]).toEqual({ type: 'start', model: 'up' });
    expect(seen('fallback').map((r) => r.body.model)).toEqual(['gone', 'down', 'down', 'up']);
  });

  it('reports a failing answer source as the upstream 500 it becomes', async () => {
    plans.set('throws', [
      () => {
        throw new Error('no script for this');
      },
    ]);
    const err = await run('throws', ['m1'], client({ upstream: { maxRetries: 0 } })).catch((e: unknown) => e);
    expect(MinerErrors.UPSTREAM_STATUS.is(err)).toBe(true);
    expect((err as Error).message).toContain('no script for this');
    expect(toOpenAIError(err).status).toBe(502);
  });

  it('reports an unreachable upstream after its retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const u = new OpenAIUpstream(
      minerConfig({ upstream: { baseUrl: `http://127.0.0.1:${port}/v1`, retryBaseMs: 1 } }).upstream,
      silentLogger,
    );
    const err = await run('nowhere', ['m1'], u).catch((e: unknown) => e);
    expect(MinerErrors.UPSTREAM_UNREACHABLE.is(err)).toBe(true);
    expect(toOpenAIError(err).status).toBe(502);
  });

  it('fails a stream that is cut before its end', async () => {
    plans.set('cut', [() => ({ events: [{ content: 'half' }], end: 'cut' })]);
    const events: EngineEvent[] = [];
    const u = client();
    const err = await (async () => {
      for await (const ev of u.stream(
        { models: ['m1'], body: { user: 'cut' } },
        new AbortController().signal,
      )) {
        events.push(ev);
      }
    })().catch((e: unknown) => e);
    await u.close();
    expect(MinerErrors.UPSTREAM_STREAM.is(err)).toBe(true);
    expect(events).toContainEqual({ type: 'content', text: 'half' });
  });

  it('keeps the upstream connection for the next request when the body goes on briefly after [DONE]', async () => {
    // [DONE] first, the body's end 30 ms later: destroying the body at [DONE] closed the connection.
    plans.set('late-end', [
      () => ({
        events: [
          { content: 'hi', finishReason: 'stop' },
          { raw: 'data: [DONE]\n\n' },
          { delayMs: 30, raw: '' },
        ],
        usage: false,
      }),
    ]);
    const target = new URL(upstream.url);
    const sockets: Socket[] = [];
    let connections = 0;
    const relay = createServer((c) => {
      connections++;
      const up = connect(Number(target.port), target.hostname);
      sockets.push(c, up);
      for (const [a, b] of [
        [c, up],
        [up, c],
      ] as const) {
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => b.destroy());
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const u = new OpenAIUpstream(
      minerConfig({
        upstream: { baseUrl: `http://127.0.0.1:${(relay.address() as { port: number }).port}/v1` },
      }).upstream,
      silentLogger,
    );
    try {
      for (let i = 0; i < 3; i++) {
        const events: EngineEvent[] = [];
        for await (const ev of u.stream(
          { models: ['m1'], body: { user: 'late-end' } },
          new AbortController().signal,
        ))
          events.push(ev);
        expect(events).toContainEqual({ type: 'content', text: 'hi' });
        await Promise.all(seen('late-end').map((r) => r.closed));
        await sleep(50); // lets the end reach the pool (it is read after [DONE]; nothing is timed)
      }
      expect(seen('late-end').every((r) => !r.aborted)).toBe(true);
      // one connection per request when the body was destroyed at [DONE]; reused now (2 if a drain was slow)
      expect(connections).toBeLessThan(3);
    } finally {
      await u.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('aborts the upstream request when the signal fires', async () => {
    plans.set('abort', [
      () => ({ events: Array.from({ length: 100 }, () => ({ delayMs: 20, content: 'x' })) }),
    ]);
    const controller = new AbortController();
    const u = client();
    let n = 0;
    await expect(
      (async () => {
        for await (const ev of u.stream({ models: ['m1'], body: { user: 'abort' } }, controller.signal)) {
          if (ev.type === 'content' && ++n === 2) controller.abort();
        }
      })(),
    ).rejects.toThrow();
    await u.close();
    const request = seen('abort')[0]!;
    await request.closed;
    expect(request.aborted).toBe(true);
  });
});
