import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { normalizeTask, type Task } from '../datasets/index.js';
import { measure } from './measure.js';
import { runBench } from './run.js';
import { type Script, sse, uniformScript } from './testing/sse-script.js';
import { type ScriptedSseServer, startScriptedSseServer } from './testing/sse-server.js';
import { ReaderWorker } from './worker-reader/client.js';

const limits = { ...defaultConfig().bench, ttftTimeoutMs: 400, requestTimeoutMs: 1500 };
const deadlines = { firstTokenMs: limits.ttftTimeoutMs, totalMs: limits.requestTimeoutMs };

/** Reasoning deltas and keep-alives from the send until `answerAtMs`, then the answer. */
const thinksFirst = (answerAtMs: number, end: 'end' | 'hang' = 'end'): Script => ({
  steps: [
    ...Array.from({ length: Math.floor(answerAtMs / 100) }, (_, i) => ({
      atMs: i * 100,
      data: i % 2 ? sse.comment('ping') : sse.reasoning('Working... '),
    })),
    ...(end === 'end'
      ? [{ atMs: answerAtMs, data: sse.content('the answer') + sse.finish() + sse.done() }]
      : []),
  ],
  end,
});

const scripts: Record<string, Script> = {
  good: uniformScript({ events: 20, intervalMs: 5, ttftMs: 10 }),
  invalidJson: { steps: [{ atMs: 0, data: sse.content('a') + 'data: {"choices": [\n\n' }] },
  noDone: { steps: [{ atMs: 0, data: sse.content('partial answer') + sse.finish() }] },
  errorEvent: {
    steps: [
      {
        atMs: 0,
        data: sse.content('a') + 'data: {"error":{"message":"rate limited","type":"server_error"}}\n\n',
      },
    ],
  },
  // a first token first, so a loaded machine's slow 10 MB write cannot turn this into a TTFT timeout
  hugeLine: {
    steps: [{ atMs: 0, data: `${sse.content('a')}data: {"x":"${'a'.repeat(10 * 1024 * 1024)}"}\n\n` }],
  },
  neverEnds: {
    steps: Array.from({ length: 40 }, (_, i) => ({ atMs: i * 50, data: sse.content('tick ') })),
    end: 'hang',
  },
  closesMidStream: { steps: [{ atMs: 0, data: sse.content('half') }], end: 'destroy' },
  keepAlivesOnly: {
    steps: Array.from({ length: 20 }, (_, i) => ({ atMs: i * 50, data: sse.comment('ping') })),
    end: 'hang',
  },
  serverError: { status: 500, steps: [{ atMs: 0, data: '{"error":{"message":"model not loaded"}}' }] },
  jsonInsteadOfSse: { headers: { 'content-type': 'application/json' }, steps: [{ atMs: 0, data: '{}' }] },
  empty: { steps: [{ atMs: 0, data: sse.role() + sse.finish() + sse.done() }] },
  reasoningOnly: thinksFirst(2000, 'hang'),
  thinksThenAnswers: thinksFirst(1200),
  answersSlowly: {
    steps: [
      { atMs: 0, data: sse.content('first ') },
      ...Array.from({ length: 12 }, (_, i) => ({ atMs: 100 * (i + 1), data: sse.comment('ping') })),
      { atMs: 1300, data: sse.content('last') + sse.finish() + sse.done() },
    ],
  },
  tools: {
    steps: [
      {
        atMs: 0,
        data:
          sse.toolCall(0, { id: 'c1', name: 'calculator', arguments: '{"expression":' }) +
          sse.toolCall(0, { arguments: '"25*4"}' }) +
          sse.finish('tool_calls') +
          sse.done(),
      },
    ],
  },
};

const task = (id: string, category = 'chat', expected?: Record<string, unknown>): Task =>
  normalizeTask({
    id,
    category,
    input: { messages: [{ role: 'user', content: `scenario ${id}` }] },
    ...(expected ? { expected } : {}),
  });

let server: ScriptedSseServer;
beforeAll(async () => {
  server = await startScriptedSseServer((body) => {
    const messages = body.messages as { content: string }[];
    const name = messages[0]!.content.replace('scenario ', '');
    return scripts[name]!;
  });
});
afterAll(() => server.close());

/** Both ways measure reads a stream: undici on this thread, and the reader worker. */
const readers = ['undici', 'worker'] as const;
type Reader = (typeof readers)[number];
let worker: ReaderWorker;
beforeAll(async () => {
  worker = new ReaderWorker();
  expect(await worker.ready).toBe(true);
});
afterAll(() => worker.close());

const run = (name: string, reader: Reader) =>
  measure(
    {
      taskId: name,
      url: server.url,
      model: 'm',
      body: { model: 'm', messages: [{ role: 'user', content: `scenario ${name}` }], stream: true },
      deadlines,
      ...(reader === 'worker' ? { worker } : {}),
    },
    limits,
  );

describe.each(readers)('measure (%s)', (reader) => {
  it('records a well-formed stream', async () => {
    const m = await run('good', reader);
    expect(m.error).toBeUndefined();
    expect(m.status).toBe(200);
    expect(m.content).toBe(Array.from({ length: 20 }, (_, i) => `w${i} `).join(''));
    expect(m.events.k).toBe(`o${'c'.repeat(20)}fud`);
    expect(m.usage?.completionTokens).toBe(20);
    expect(m.events.t.every((t, i) => i === 0 || t >= m.events.t[i - 1]!)).toBe(true);
    expect(m.endUs).toBe(m.events.t.at(-1));
  });

  it('merges tool calls into the measurement', async () => {
    const m = await run('tools', reader);
    expect(m.error).toBeUndefined();
    expect(m.toolCalls[0]).toMatchObject({ name: 'calculator', arguments: { expression: '25*4' } });
    expect(m.finishReason).toBe('tool_calls');
  });

  it.each([
    ['invalidJson', 'BENCH_INVALID_JSON'],
    ['noDone', 'BENCH_NO_DONE'],
    ['errorEvent', 'BENCH_STREAM_ERROR_EVENT'],
    ['hugeLine', 'BENCH_LINE_TOO_LONG'],
    ['neverEnds', 'BENCH_REQUEST_TIMEOUT'],
    ['closesMidStream', 'BENCH_STREAM_CLOSED'],
    ['keepAlivesOnly', 'BENCH_TTFT_TIMEOUT'],
    ['serverError', 'BENCH_HTTP_STATUS'],
    ['jsonInsteadOfSse', 'BENCH_NOT_EVENT_STREAM'],
    ['empty', 'BENCH_EMPTY_ANSWER'],
  ])('fails %s with %s and keeps what arrived', async (name, code) => {
    const m = await run(name, reader);
    expect(m.error?.code).toBe(code);
    expect(m.error?.message.length).toBeGreaterThan(10);
  });

  it('names the HTTP error body and the keep-alives seen before a TTFT timeout', async () => {
    expect((await run('serverError', reader)).error?.message).toContain('model not loaded');
    const m = await run('keepAlivesOnly', reader);
    expect(m.events.k).toMatch(/^k+$/);
    expect(m.endUs).toBeGreaterThanOrEqual(400_000);
  });

  it('reports a refused connection as CONNECT with the URL', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const m = await measure(
      {
        taskId: 't',
        url: `http://127.0.0.1:${port}`,
        model: 'm',
        body: {},
        deadlines,
        ...(reader === 'worker' ? { worker } : {}),
      },
      limits,
    );
    expect(m.error?.code).toBe('BENCH_CONNECT');
    expect(m.error?.message).toContain(`127.0.0.1:${port}/v1/chat/completions`);
  });
});

describe('both readers', () => {
  it.each(['good', 'tools', 'serverError', 'jsonInsteadOfSse', 'closesMidStream', 'invalidJson'])(
    'record the same measurement of %s, times aside',
    async (name) => {
      const untimed = (m: Awaited<ReturnType<typeof run>>) => ({
        ...m,
        startedAt: 0,
        headersUs: typeof m.headersUs,
        endUs: 0,
        events: { ...m.events, t: m.events.t.length },
        // a transport failure's reason is worded by each reader (undici's error, the worker's decoder)
        error: m.error?.code === 'BENCH_STREAM_CLOSED' ? { code: m.error.code, message: 'reason' } : m.error,
      });
      expect(untimed(await run(name, 'worker'))).toEqual(untimed(await run(name, 'undici')));
    },
  );
});

describe.each(readers)('deadlines per task (%s)', (reader) => {
  it('reasoning deltas and keep-alives never count as the first token', async () => {
    const m = await run('reasoningOnly', reader);
    expect(m.error?.code).toBe('BENCH_TTFT_TIMEOUT');
    expect(m.events.k).toMatch(/^r/);
    expect(m.events.k).toContain('k');
    expect(m.reasoning).toContain('Working...');
  });

  it("takes each task's deadlines from its category, and the total from the task's max_latency_ms", async () => {
    const config = {
      ...defaultConfig().bench,
      reader,
      deadlines: {
        ...defaultConfig().bench.deadlines,
        chat: { firstTokenMs: 400, totalMs: 30_000 },
        research: { firstTokenMs: 30_000, totalMs: 60_000 },
      },
    };
    const tasks = [
      task('thinksThenAnswers', 'chat'),
      task('thinksThenAnswers', 'deep_research'),
      task('answersSlowly', 'chat'),
      task('answersSlowly', 'chat', { max_latency_ms: 600 }),
    ];
    const results = await runBench({ tasks, targets: [{ id: 'a', url: server.url, model: 'm' }], config });
    const [chat, research, slow, bounded] = results.get('a')!;
    // the same stream: 1.2 s of reasoning and keep-alives, then the answer
    expect(chat!.error?.code).toBe('BENCH_TTFT_TIMEOUT');
    expect(research!.error).toBeUndefined();
    expect(research!.content).toBe('the answer');
    expect(research!.events.k.startsWith('rkrk')).toBe(true);
    // keep-alives keep a stream alive after its first token until the total deadline
    expect(slow!.error).toBeUndefined();
    expect(slow!.content).toBe('first last');
    expect(bounded!.error?.code).toBe('BENCH_REQUEST_TIMEOUT');
    expect(bounded!.error?.message).toContain('600 ms');
  });
});

describe.each(readers)('runBench (%s)', (reader) => {
  it('goes on after failures: every task gets its own result, in order', async () => {
    const names = ['good', 'invalidJson', 'closesMidStream', 'errorEvent', 'good', 'tools'];
    const seen: string[] = [];
    const results = await runBench({
      tasks: names.map((n) => task(n)),
      targets: [{ id: 'a', url: server.url, model: 'm' }],
      config: { ...limits, reader },
      onMeasurement: (_t, tk) => seen.push(tk.id),
    });
    const list = results.get('a')!;
    expect(list.map((m) => m.taskId)).toEqual(names);
    expect(list.map((m) => m.error?.code ?? 'ok')).toEqual([
      'ok',
      'BENCH_INVALID_JSON',
      'BENCH_STREAM_CLOSED',
      'BENCH_STREAM_ERROR_EVENT',
      'ok',
      'ok',
    ]);
    expect(seen).toEqual(names);
  });

  it("respects the per-target limit and gathers a target's evidence after its own streams", async () => {
    const before = server.requests.length;
    const tasks = Array.from({ length: 6 }, () => task('good'));
    const order: string[] = [];
    const results = await runBench({
      tasks,
      targets: [
        { id: 'a', url: server.url, model: 'm' },
        { id: 'b', url: server.url, model: 'm' },
      ],
      config: { ...limits, reader, concurrency: { global: 8, perTarget: 2 } },
      onMeasurement: (t) => order.push(`measure ${t.id}`),
      gatherEvidence: async (_task, m) => {
        order.push(`evidence ${m.target === server.url ? '' : '?'}`);
        return { judge: { model: 'j', score: 1, reasoning: 'ok' } };
      },
      onTargetDone: async (t) => {
        order.push(`done ${t.id}`);
      },
      keepResults: true,
    });
    expect(server.requests.length - before).toBe(12);
    for (const id of ['a', 'b']) {
      // the target's six streams all end before it is handed over
      expect(order.lastIndexOf(`measure ${id}`)).toBeLessThan(order.indexOf(`done ${id}`));
    }
    // no evidence is gathered before the first target's streams have all ended
    expect(order.indexOf('evidence ')).toBeGreaterThanOrEqual(6);
    expect(order.filter((o) => o.startsWith('evidence')).length).toBe(12);
    expect(results.get('b')!.every((m) => m.evidence?.judge?.score === 1)).toBe(true);
  });
});
