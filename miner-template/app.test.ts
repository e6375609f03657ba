import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedUpstream, startScriptedUpstream } from '../localnet/scripted-upstream.js';
import { burstyScript, type Script, toolCallScript } from '../localnet/scripts.js';
import { canonicalManifest, manifestSha256 } from '../protocol/index.js';
import { type RunningMiner, serveMiner } from './serve.js';
import { minerConfig } from './testing/config.js';

const ANSWER = 'Paris is the capital of France. It sits on the Seine and has about two million people.';
const REASONING = 'The user asks about the capital of France; that is Paris.';
const WEATHER_ARGS = { city: 'Paris', unit: 'celsius' };
const attempts = new Map<string, number>();

/** The upstream's answer depends on the prompt, so one upstream serves every case. */
function answer(prompt: string): Script {
  const n = (attempts.get(prompt) ?? 0) + 1;
  attempts.set(prompt, n);
  if (prompt === 'tools') {
    return toolCallScript([
      { name: 'get_weather', arguments: WEATHER_ARGS },
      { name: 'get_time', arguments: { tz: 'Europe/Paris' } },
    ]);
  }
  if (prompt === 'rate limited once') {
    return n === 1
      ? { status: 429, retryAfterSeconds: 0, events: [] }
      : burstyScript(ANSWER, { gapMs: [1, 5] });
  }
  if (prompt === 'fails mid-stream') return { ...burstyScript(ANSWER, { gapMs: [1, 5] }), end: 'error' };
  if (prompt === 'long') return burstyScript('word '.repeat(2000), { gapMs: [20, 40] });
  if (prompt === 'slow start') return { headersDelayMs: 700, events: [{ content: 'finally' }] };
  if (prompt.startsWith('[[[')) return { events: [{ content: 'ok' }], usage: false };
  return burstyScript(ANSWER, { reasoning: REASONING, gapMs: [1, 10], seed: 5 });
}

let upstream: ScriptedUpstream;
let miner: RunningMiner;
let client: OpenAI;

const SUBMISSION = {
  name: 'template-test',
  image: `ghcr.io/rodeo/miner@sha256:${'ab'.repeat(32)}`,
  sourceUrl: 'https://github.com/rodeo/miner',
  sourceCommit: 'c'.repeat(40),
  endpoint: 'https://miner.example:8080',
};

beforeAll(async () => {
  upstream = await startScriptedUpstream({
    answer: (r) => {
      const messages = r.body.messages as { content: string }[];
      return answer(messages[messages.length - 1]!.content);
    },
  });
  miner = await serveMiner(
    minerConfig({
      host: '127.0.0.1',
      port: 0,
      upstream: { baseUrl: upstream.url, retryBaseMs: 1 },
      pacer: { intervalMs: 5, bufferMs: 50, keepAliveMs: 200 },
      pricing: { inputPerMillion: 1, outputPerMillion: 2 },
      submission: SUBMISSION,
    }),
  );
  client = new OpenAI({ baseURL: `${miner.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await miner?.close();
  await upstream?.close();
});

const user = (content: string) => [{ role: 'user' as const, content }];

describe('streaming through the official openai client', () => {
  it('streams reasoning, content, finish_reason and the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'rodeo-miner',
      messages: user('What is the capital of France?'),
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let reasoning = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      content += delta?.content ?? '';
      reasoning += delta?.reasoning_content ?? '';
    }
    expect(content).toBe(ANSWER);
    expect(reasoning).toBe(REASONING);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finish).toHaveLength(1);
    expect(finish[0]!.choices[0]!.finish_reason).toBe('stop');
    expect(finish[0]!.choices[0]!.delta).toEqual({});
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    // The scripted upstream reports word counts; the miner adds its cost.
    const u = last.usage as OpenAI.CompletionUsage & { cost_usd: number };
    expect(u.completion_tokens).toBeGreaterThan(0);
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    expect(u.cost_usd).toBeCloseTo((u.prompt_tokens * 1 + u.completion_tokens * 2) / 1e6, 12);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    // Paced: the answer went out in more events than the upstream sent.
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    const upstreamEvents = burstyScript(ANSWER, { reasoning: REASONING, gapMs: [1, 10], seed: 5 }).events;
    expect(contentChunks.length).toBeGreaterThan(upstreamEvents.filter((e) => e.content).length);
  });

  it('passes the caller tools through and streams tool_calls by index', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
      { type: 'function' as const, function: { name: 'get_time' } },
    ];
    const stream = await client.chat.completions.create({
      model: 'rodeo-miner',
      messages: user('tools'),
      tools,
      tool_choice: 'auto',
      stream: true,
    });
    const calls = new Map<number, { id?: string; name: string; args: string }>();
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const d of chunk.choices[0]?.delta.tool_calls ?? []) {
        const c = calls.get(d.index) ?? { name: '', args: '' };
        if (d.id) c.id = d.id;
        if (d.function?.name) c.name = d.function.name;
        c.args += d.function?.arguments ?? '';
        calls.set(d.index, c);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(calls.get(0)).toEqual({ id: 'call_1', name: 'get_weather', args: JSON.stringify(WEATHER_ARGS) });
    expect(calls.get(1)!.name).toBe('get_time');
    expect(JSON.parse(calls.get(1)!.args)).toEqual({ tz: 'Europe/Paris' });
    const seen = upstream.requests.find((r) => JSON.stringify(r.body.messages).includes('"tools"'));
    expect(seen!.body.tools).toEqual(tools);
    expect(seen!.body.tool_choice).toBe('auto');
  });

  it('retries an upstream 429 before the first byte and then answers', async () => {
    const stream = await client.chat.completions.create({
      model: 'x',
      messages: user('rate limited once'),
      stream: true,
    });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content).toBe(ANSWER);
    expect(attempts.get('rate limited once')).toBe(2);
  });

  it('turns an upstream failure after the 200 into an SSE error event, after the content already received', async () => {
    const stream = await client.chat.completions.create({
      model: 'x',
      messages: user('fails mid-stream'),
      stream: true,
    });
    let content = '';
    const failure = await (async () => {
      try {
        for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
      } catch (err) {
        return err;
      }
    })();
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).message).toContain('scripted upstream failure');
    expect(content).toBe(ANSWER);
  });

  it('cancels the upstream request when the client goes away', async () => {
    const controller = new AbortController();
    const before = upstream.requests.length;
    const stream = await client.chat.completions.create(
      { model: 'x', messages: user('long'), stream: true },
      { signal: controller.signal },
    );
    let events = 0;
    // openai-node ends the iteration quietly on abort.
    for await (const _ of stream) if (++events === 3) controller.abort();
    expect(events).toBe(3);
    const seen = upstream.requests
      .slice(before)
      .find((r) => JSON.stringify(r.body.messages).includes('long'))!;
    await seen.closed;
    expect(seen.aborted).toBe(true);
  });

  it('sends keep-alive comments while the upstream is slow to answer', async () => {
    const res = await fetch(`${miner.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', messages: user('slow start'), stream: true }),
    });
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(text.indexOf(': keep-alive')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(': keep-alive')).toBeLessThan(text.indexOf('data:'));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('non-streaming and the other routes', () => {
  it('answers a non-stream request with message, reasoning, finish_reason and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'x',
      messages: user('Capital of France?'),
    });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('rodeo-miner');
    expect(message.content).toBe(ANSWER);
    expect(message.reasoning_content).toBe(REASONING);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.total_tokens).toBeGreaterThan(0);
  });

  it('counts usage itself on a hostile prompt without stalling (one 200,000-character piece took minutes)', async () => {
    const completion = await client.chat.completions.create({
      model: 'x',
      messages: user('['.repeat(200_000)),
    });
    expect(completion.choices[0]!.message.content).toBe('ok');
    // counted by the tokenizer (the upstream reported no usage): far more than a word count
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(10_000);
  }, 60_000);

  it('returns tool calls in a non-stream message', async () => {
    const completion = await client.chat.completions.create({
      model: 'x',
      messages: user('tools'),
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
    const calls = completion.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => c.function.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[0]!.function.arguments)).toEqual(WEATHER_ARGS);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('rejects malformed requests with OpenAI-shaped 400s naming the field', async () => {
    const post = (body: string) =>
      fetch(`${miner.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const cases: [string, string | null][] = [
      [JSON.stringify({ model: 'x' }), 'messages'],
      [JSON.stringify({ model: 'x', messages: [] }), 'messages'],
      [JSON.stringify({ model: 'x', messages: [{ role: 'robot', content: 'hi' }] }), 'messages[0].role'],
      [JSON.stringify({ model: 'x', messages: user('hi'), temperature: 3 }), 'temperature'],
      ['{"model": "x", "messages": [', null],
    ];
    for (const [body, param] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { type: string; param: string | null; message: string } };
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.param).toBe(param);
      expect(json.error.message.length).toBeGreaterThan(0);
    }
    const failure = await client.chat.completions
      .create({ model: 'x', messages: [{ role: 'user', content: null as unknown as string }] })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('accepts unknown fields, reasoning on input messages and Janus extensions', async () => {
    const res = await fetch(`${miner.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'x',
        messages: [
          { role: 'user', content: 'Capital of Italy?' },
          { role: 'assistant', content: 'Rome.', reasoning: 'Easy one.' },
          { role: 'user', content: 'And of France?' },
        ],
        logprobs: false,
        some_future_field: { a: 1 },
        generation_flags: { web_search: false },
        user_id: 'u1',
      }),
    });
    expect(res.status).toBe(200);
    const seen = upstream.requests.at(-1)!.body;
    expect(JSON.stringify(seen)).not.toContain('Easy one.');
    expect(seen).not.toHaveProperty('some_future_field');
  });

  it('serves /v1/models, /health, the manifest and OpenAI-shaped 404s', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['rodeo-miner']);
    const health = (await (await fetch(`${miner.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const res = await fetch(`${miner.url}/v1/submission`);
    const text = await res.text();
    expect(text).toBe(canonicalManifest({ v: 1, license: 'MIT', components: [], ...SUBMISSION }));
    expect(res.headers.get('x-manifest-sha256')).toBe(
      manifestSha256({ v: 1, license: 'MIT', components: [], ...SUBMISSION }),
    );
    const missing = await fetch(`${miner.url}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });
});
