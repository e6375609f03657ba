import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/index.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../../localnet/scripted-upstream.js';
import { type ChatRequest, ChatRequestSchema } from '../request-schema.js';
import { minerConfig } from '../testing/config.js';
import { classify, DefaultRouter } from './router.js';
import { OpenAIUpstream } from './upstream.js';

const req = (content: unknown, extra: Record<string, unknown> = {}): ChatRequest =>
  ChatRequestSchema.parse({ model: 'x', messages: [{ role: 'user', content }], ...extra });

const rules = minerConfig().router;

describe('classify', () => {
  it.each([
    [req([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }]), 'vision', true],
    [req('draw', { generation_flags: { generate_image: true } }), 'complex', true],
    [req('Hello there!'), 'fast', true],
    [req('Please implement a rate limiter in TypeScript'), 'complex', true],
    [req('word '.repeat(100)), 'complex', true],
    [req('What is the boiling point of water?'), 'fast', true],
    [req('Tell me a story about a dragon and a knight'), 'fast', false],
    [req('Name the largest planet in our solar system'), 'fast', false],
  ])('routes %#', (request, path, confident) => {
    const c = classify(request, rules);
    expect(c.path).toBe(path);
    expect(c.confident).toBe(confident);
  });

  it('wants search for research phrasing or the web_search flag', () => {
    expect(classify(req('Research the latest news on fusion power'), rules).wantsSearch).toBe(true);
    expect(classify(req('hi', { generation_flags: { web_search: true } }), rules).wantsSearch).toBe(true);
    expect(classify(req('Write a poem'), rules).wantsSearch).toBe(false);
  });
});

describe('DefaultRouter', () => {
  let upstream: ScriptedUpstream;
  beforeAll(async () => {
    upstream = await startScriptedUpstream({
      answer: (r) =>
        String(JSON.stringify(r.body.messages)).includes('dragon')
          ? { events: [{ content: 'complex' }] }
          : { headersDelayMs: 2000, events: [{ content: 'fast' }] },
    });
  });
  afterAll(() => upstream?.close());

  const router = (input: NonNullable<Parameters<typeof minerConfig>[0]>) => {
    const config = minerConfig({ ...input, upstream: { baseUrl: upstream.url, ...input.upstream } });
    const u = new OpenAIUpstream(config.upstream, silentLogger);
    return { router: new DefaultRouter(config, u, silentLogger), close: () => u.close() };
  };
  const signal = new AbortController().signal;

  it('picks the model of the path and searches only for tool-free complex research', async () => {
    const { router: r, close } = router({
      upstream: { model: 'fast-m' },
      router: { complexModel: 'big-m', visionModel: 'eye-m' },
    });
    expect(await r.route(req('Research the latest fusion results and cite sources'), signal)).toMatchObject({
      path: 'complex',
      model: 'big-m',
      search: true,
    });
    const withTools = req('Research the latest fusion results', {
      tools: [{ type: 'function', function: { name: 'search' } }],
    });
    expect((await r.route(withTools, signal)).search).toBe(false);
    expect((await r.route(req([{ type: 'image_url', image_url: { url: 'u' } }]), signal)).model).toBe(
      'eye-m',
    );
    expect((await r.route(req('Hello'), signal)).model).toBe('fast-m');
    await close();
  });

  it('asks the routing model when the rules are unsure', async () => {
    const { router: r, close } = router({ router: { mode: 'llm', llmModel: 'tiny' } });
    const decision = await r.route(req('Tell me a story about a dragon and a knight'), signal);
    expect(decision).toMatchObject({ path: 'complex', reason: 'llm: complex' });
    const asked = upstream.requests.at(-1)!;
    expect(asked.body.model).toBe('tiny');
    await close();
  });

  it('lets the rules decide when the routing model is slower than llmTimeoutMs, and cancels it', async () => {
    const { router: r, close } = router({ router: { mode: 'llm', llmTimeoutMs: 100 } });
    const decision = await r.route(req('Tell me a story about a knight'), signal);
    expect(decision).toMatchObject({ path: 'fast', reason: 'no complexity signal' });
    const asked = upstream.requests.at(-1)!;
    await asked.closed;
    expect(asked.aborted).toBe(true);
    await close();
  });
});
