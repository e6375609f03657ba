import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { normalizeTask } from '../datasets/index.js';
import { BenchErrors } from './errors.js';
import { measure } from './measure.js';
import { runBench } from './run.js';
import { sse } from './testing/sse-script.js';
import { ReaderWorker } from './worker-reader/client.js';

const limits = {
  ...defaultConfig().bench,
  ttftTimeoutMs: 1000,
  requestTimeoutMs: 3000,
  maxStoredChars: 1000,
};
const deep = (n: number, leaf = '1') => '['.repeat(n) + leaf + ']'.repeat(n);
const chunk = (obj: unknown) => `data: ${JSON.stringify(obj)}\n\n`;
const toolDelta = (index: number, args: string) =>
  `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":${index},"id":"c${index}","function":{"name":"f","arguments":${JSON.stringify(args)}}}]}}]}\n\n`;

// 200,000 tool calls in 200 lines, built once (building it inside a request would eat the TTFT deadline)
const manyToolCalls = `${Array.from(
  { length: 200 },
  (_, i) =>
    `data: {"choices":[{"delta":{"tool_calls":[${Array.from({ length: 1000 }, (_, j) => `{"index":${i * 1000 + j},"function":{"name":"f","arguments":"{}"}}`).join(',')}]}}]}\n\n`,
).join('')}${sse.done()}`;

/** What each hostile miner sends after the headers; a Buffer is sent as raw bytes. */
const attacks: Record<string, { body: () => (string | Buffer)[]; headers?: Record<string, string> }> = {
  deepError: { body: () => [sse.content('a'), `data: {"error":${deep(100_000)}}\n\n`, sse.done()] },
  deepContent: {
    body: () => [`data: {"choices":[{"delta":{"content":${deep(200_000, '"x"')}}}]}\n\n`, sse.done()],
  },
  deepToolArguments: {
    body: () => [...Array.from({ length: 40 }, () => toolDelta(0, '['.repeat(500))), sse.done()],
  },
  manyToolCalls: { body: () => [manyToolCalls] },
  invalidUtf8: {
    body: () => [
      sse.content('ok'),
      Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a, 0x0a]),
    ],
  },
  gzip: {
    headers: { 'content-encoding': 'gzip' },
    body: () => [gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x61))],
  },
  absurdUsage: {
    body: () => [
      sse.content('the answer'),
      chunk({
        choices: [],
        usage: { prompt_tokens: -5, completion_tokens: 1e308, total_tokens: 'NaN', cost_usd: 0.5 },
      }),
      sse.done(),
    ],
  },
  long: {
    body: () => [...Array.from({ length: 30 }, (_, i) => sse.content(`${i}`.padEnd(100, '.'))), sse.done()],
  },
  slow: { body: () => [sse.content('late')] },
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      const name = (JSON.parse(body) as { messages: { content: string }[] }).messages[0]!.content;
      const attack = attacks[name]!;
      res.writeHead(200, { 'content-type': 'text/event-stream', ...attack.headers });
      for (const part of attack.body()) res.write(part);
      if (name !== 'slow') res.end(); // slow: one event, then nothing until the client gives up
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Both ways measure reads a stream: undici on this thread, and the reader worker. */
const readers = ['undici', 'worker'] as const;
type Reader = (typeof readers)[number];
let worker: ReaderWorker;
beforeAll(async () => {
  worker = new ReaderWorker();
  expect(await worker.ready).toBe(true);
});
afterAll(() => worker.close());

describe.each(readers)('a hostile miner fails only its own task, by name (%s)', (reader: Reader) => {
  const run = (name: string, signal?: AbortSignal) =>
    measure(
      {
        taskId: name,
        url,
        model: 'm',
        body: { model: 'm', messages: [{ role: 'user', content: name }], stream: true },
        deadlines: { firstTokenMs: limits.ttftTimeoutMs, totalMs: limits.requestTimeoutMs },
        ...(signal ? { signal } : {}),
        ...(reader === 'worker' ? { worker } : {}),
      },
      limits,
    );

  it.each([
    ['deepError', 'BENCH_JSON_TOO_DEEP'],
    ['deepContent', 'BENCH_JSON_TOO_DEEP'],
    ['deepToolArguments', 'BENCH_JSON_TOO_DEEP'],
    ['manyToolCalls', 'BENCH_TOO_MANY_TOOL_CALLS'],
    ['invalidUtf8', 'BENCH_INVALID_UTF8'],
    ['gzip', 'BENCH_CONTENT_ENCODING'],
  ])('%s -> %s', async (name, code) => {
    const m = await run(name);
    expect(m.error?.code).toBe(code);
    // what is kept can be stored: the ledger's canonical JSON would throw on deep or non-finite values
    expect(() => JSON.stringify(m)).not.toThrow();
    expect(m.toolCalls.length).toBeLessThanOrEqual(limits.maxToolCalls);
  });

  it('drops usage numbers that are not sane and names them', async () => {
    const m = await run('absurdUsage');
    expect(m.error).toBeUndefined();
    expect(m.usage).toEqual({ costUsd: 0.5 });
    expect(m.usageRejected).toEqual(['prompt_tokens', 'completion_tokens', 'total_tokens']);
  });

  it('stores a prefix of a long answer with the length and hash of the whole', async () => {
    const m = await run('long');
    const whole = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(100, '.')).join('');
    expect(m.error).toBeUndefined();
    expect(m.content).toBe(whole.slice(0, 1000));
    expect(m.cuts).toEqual([
      {
        field: 'content',
        chars: 3000,
        kept: 1000,
        sha256: createHash('sha256').update(whole).digest('hex'),
      },
    ]);
  });

  it('records a RodeoError abort reason (the round deadline) by its own code', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(BenchErrors.ROUND_DEADLINE(200)), 200);
    const m = await run('slow', controller.signal);
    expect(m.error?.code).toBe('BENCH_ROUND_DEADLINE');
    expect(m.content).toBe('late');
  });
});

describe.each(readers)('runBench isolates failures (%s)', (reader: Reader) => {
  const tasks = ['long', 'long', 'slow'].map((id, i) =>
    normalizeTask({
      id: `${id}-${i}`,
      category: 'chat',
      input: { messages: [{ role: 'user', content: id }] },
    }),
  );

  it('a throwing grader fails that task as BENCH_INTERNAL; the deadline fails what is left; each target is handed over once', async () => {
    const streams = new AbortController();
    setTimeout(() => streams.abort(BenchErrors.ROUND_DEADLINE(1500)), 1500);
    const done: string[] = [];
    const internal: string[] = [];
    const results = await runBench({
      tasks,
      targets: [
        { id: 'a', url, model: 'm' },
        { id: 'b', url, model: 'm' },
      ],
      config: { ...limits, reader },
      maxStoredCharsPerTarget: 900,
      gatherEvidence: async (task) => {
        if (task.id === 'long-0') throw new Error('grader bug');
        return undefined;
      },
      onInternalError: (t, task) => internal.push(`${t.id}:${task.id}`),
      onTargetDone: async (t, list) => {
        done.push(t.id);
        expect(list.map((m) => m.error?.code ?? 'ok')).toEqual([
          'BENCH_INTERNAL',
          'ok',
          'BENCH_ROUND_DEADLINE',
        ]);
        // 900 chars for 3 tasks: 300 per answer
        expect(list[1]!.content).toHaveLength(300);
      },
      keepResults: false,
      streamSignal: streams.signal,
    });
    expect(done.sort()).toEqual(['a', 'b']);
    expect(internal.sort()).toEqual(['a:long-0', 'b:long-0']);
    expect(results.size).toBe(0);
  });
});
