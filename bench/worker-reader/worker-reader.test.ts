import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import { measure } from '../measure.js';
import { sse } from '../testing/sse-script.js';
import { ReaderWorker } from './client.js';

/**
 * The reader worker against raw TCP servers on 127.0.0.1 that answer with hand-written bytes: what a hostile
 * miner can send that an HTTP library would never produce. Each connection's answer is chosen by the request
 * body's model string.
 */
const limits = { ...defaultConfig().bench, maxResponseBytes: 64 * 1024 };
const deadlines = { firstTokenMs: 1500, totalMs: 3000 };
const head = (extra = '') =>
  `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n${extra}\r\n`;
const chunked = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
const answer = sse.content('hello') + sse.finish() + sse.done();

type Behaviour = (socket: Socket, next: () => void) => void;
const behaviours: Record<string, Behaviour> = {
  good: (s) => s.end(`${head()}${chunked(answer)}0\r\n\r\n`),
  // answers and keeps the connection for the next request
  keepAlive: (s, next) => {
    s.write(`${head()}${chunked(answer)}0\r\n\r\n`);
    next();
  },
  contentLength: (s) =>
    s.end(
      `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${Buffer.byteLength(answer)}\r\n\r\n${answer}`,
    ),
  closeDelimited: (s) => s.end(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n${answer}`),
  informationalFirst: (s) => s.end(`HTTP/1.1 100 Continue\r\n\r\n${head()}${chunked(answer)}0\r\n\r\n`),
  hugeHead: (s) => s.write(head(`x-pad: ${'a'.repeat(20_000)}\r\n`)),
  manyHeaders: (s) => s.write(head(Array.from({ length: 150 }, (_, i) => `x-h${i}: 1\r\n`).join(''))),
  malformedHeader: (s) => s.write(head('no colon here\r\n')),
  smuggled: (s) =>
    s.write(
      'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n',
    ),
  nonHexChunk: (s) => s.write(`${head()}${chunked(sse.content('a'))}zz\r\nxx\r\n`),
  negativeChunk: (s) => s.write(`${head()}${chunked(sse.content('a'))}-5\r\nxxxxx\r\n`),
  overflowChunk: (s) => s.write(`${head()}${chunked(sse.content('a'))}fffffffffffff\r\n`),
  overlongChunkLine: (s) => s.write(`${head()}${chunked(sse.content('a'))}${'0'.repeat(300)}`),
  badChunkEnd: (s) => s.write(`${head()}5\r\nabcdeXY`),
  hugeChunk: (s) => {
    // announces 16 MB and sends it as fast as the socket takes it; the reader must stop at its cap
    s.write(`${head()}1000000\r\n${sse.content('a')}`);
    const block = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const more = () => {
      while (sent < 16 && !s.destroyed) {
        sent++;
        if (!s.write(block)) return void s.once('drain', more);
      }
    };
    more();
  },
  // one-byte chunks (blank lines: no event, no long line, few bytes): each still costs the worker a parse
  tinyChunks: (s) => s.write(`${head()}${chunked(sse.content('a'))}${'1\r\n\n\r\n'.repeat(200)}`),
  closesMidChunk: (s) => s.end(`${head()}${chunked(sse.content('half'))}a0\r\ndata: {"cho`),
  closesBeforeHead: (s) => s.end('HTTP/1.1 200 OK\r\ncontent-'),
  byteByByte: (s) => {
    const bytes = Buffer.from(`${head()}${chunked(sse.content('slow') + sse.done())}0\r\n\r\n`);
    let i = 0;
    const next = () => {
      if (s.destroyed) return;
      if (i === bytes.length) return void s.end();
      s.write(bytes.subarray(i, ++i));
      setTimeout(next, 0);
    };
    next();
  },
  errorForever: (s) => {
    // a 500 whose body never ends: the error text is its first bytes, not a wait for the deadline
    s.write(
      'HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    s.write(chunked(`model not loaded ${'.'.repeat(5000)}`));
  },
  silent: () => {},
  // informational heads without end: each is small, so only a bound on their number ends the wait
  endlessContinue: (s) => {
    const block = 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(2000);
    s.write(block);
  },
  // a 10 KiB informational head, then a 10 KiB response head: each alone within 16 KiB, together not
  bigInformational: (s) =>
    s.write(
      `HTTP/1.1 103 Early Hints\r\nx-pad: ${'a'.repeat(10_000)}\r\n\r\n${head(`x-pad: ${'b'.repeat(10_000)}\r\n`)}`,
    ),
  // a head and an event, then nothing: the stream is in flight when the worker dies
  headThenHold: (s) => {
    s.write(`${head()}${chunked(sse.content('part'))}`);
    held();
  },
};
let held: () => void = () => {};

interface Seen {
  behaviour: string;
  host: string;
  closed: Promise<void>;
}
let server: Server;
let port = 0;
let connections = 0;
const seen: Seen[] = [];
let worker: ReaderWorker;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.setNoDelay(true);
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      socket.off('data', onData);
      const body = JSON.parse(buf.slice(end + 4, end + 4 + length)) as { model: string };
      const host = /\r\nhost: ([^\r]+)/i.exec(buf)?.[1] ?? '';
      seen.push({ behaviour: body.model, host, closed });
      buf = '';
      behaviours[body.model]!(socket, () => socket.on('data', onData));
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  worker = new ReaderWorker();
  expect(await worker.ready).toBe(true);
});
afterAll(async () => {
  await worker.close();
  await new Promise((resolve) => server.close(resolve));
});

const run = (
  model: string,
  options: { url?: string; connectAddress?: (h: string) => Promise<string>; maxEvents?: number } = {},
) =>
  measure(
    {
      taskId: model,
      url: options.url ?? `http://127.0.0.1:${port}`,
      model,
      body: { model, messages: [{ role: 'user', content: 'hi' }], stream: true },
      deadlines,
      worker,
      ...(options.connectAddress ? { connectAddress: options.connectAddress } : {}),
    },
    { ...limits, ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}) },
  );
const lastSeen = (behaviour: string) => seen.filter((s) => s.behaviour === behaviour).at(-1)!;

describe('the reader worker reads what HTTP/1.1 allows', () => {
  it.each(['good', 'contentLength', 'closeDelimited', 'informationalFirst', 'byteByByte'])(
    '%s',
    async (name) => {
      const m = await run(name);
      expect(m.error).toBeUndefined();
      expect(m.status).toBe(200);
      expect(m.content).toBe(name === 'byteByByte' ? 'slow' : 'hello');
      expect(m.events.k.endsWith('d')).toBe(true);
    },
  );

  it('a response split byte by byte is stamped read by read, in order', async () => {
    const m = await run('byteByByte');
    expect(m.events.k).toBe('cd');
    expect(m.events.t[1]!).toBeGreaterThanOrEqual(m.events.t[0]!);
    expect(m.headersUs!).toBeLessThanOrEqual(m.events.t[0]!);
  });
});

describe('connections', () => {
  it('a connection whose response ended cleanly carries the next requests', async () => {
    const before = connections;
    for (let i = 0; i < 12; i++) expect((await run('keepAlive')).content).toBe('hello');
    expect(connections - before).toBe(1);
  });
});

describe('a hostile response fails its own task, by name, and its socket is closed', () => {
  it.each([
    ['hugeHead', 'BENCH_CONNECT', 'larger than 16384 bytes'],
    ['manyHeaders', 'BENCH_CONNECT', 'more than 100 headers'],
    ['malformedHeader', 'BENCH_CONNECT', 'malformed response header'],
    ['smuggled', 'BENCH_CONNECT', 'both transfer-encoding and content-length'],
    ['closesBeforeHead', 'BENCH_CONNECT', 'closed before the response head'],
    ['nonHexChunk', 'BENCH_STREAM_CLOSED', 'malformed chunk-size line'],
    ['negativeChunk', 'BENCH_STREAM_CLOSED', 'malformed chunk-size line'],
    ['overflowChunk', 'BENCH_STREAM_CLOSED', 'malformed chunk-size line'],
    ['overlongChunkLine', 'BENCH_STREAM_CLOSED', 'longer than 256 bytes'],
    ['badChunkEnd', 'BENCH_STREAM_CLOSED', 'not followed by CRLF'],
    ['closesMidChunk', 'BENCH_STREAM_CLOSED', 'closed in the middle of the chunked body'],
    ['hugeChunk', 'BENCH_RESPONSE_TOO_LARGE', `${64 * 1024} bytes`],
  ])('%s -> %s', async (name, code, words) => {
    const m = await run(name);
    expect(m.error?.code).toBe(code);
    expect(m.error?.message).toContain(words);
    // the worker closed the connection (the servers of the first cases would otherwise hold it open)
    await lastSeen(name).closed;
  });

  it('a body cut into more chunks than maxEvents allows pieces is cut there, its socket closed', async () => {
    const m = await run('tinyChunks', { maxEvents: 10 });
    expect(m.error?.code).toBe('BENCH_STREAM_CLOSED');
    expect(m.error?.message).toContain('more than 40 chunks');
    expect(m.content).toBe('a');
    await lastSeen('tinyChunks').closed;
  });

  it('what arrived before a cut is kept', async () => {
    const m = await run('closesMidChunk');
    expect(m.content).toBe('half');
    expect(m.error?.message).toContain('after 1 events');
  });

  it('a 500 whose body never ends is named with its first bytes, without waiting for a deadline', async () => {
    const m = await run('errorForever');
    expect(m.error?.code).toBe('BENCH_HTTP_STATUS');
    expect(m.error?.message).toContain('HTTP 500: model not loaded');
    expect(m.error!.message.length).toBeLessThan(400);
    await lastSeen('errorForever').closed;
  });

  it('a server that never answers hits the deadline; its socket is closed and the worker serves the others', async () => {
    const silent = measure(
      {
        taskId: 'silent',
        url: `http://127.0.0.1:${port}`,
        model: 'silent',
        body: { model: 'silent', stream: true },
        deadlines: { firstTokenMs: 300, totalMs: 600 },
        worker,
      },
      limits,
    );
    const others = await Promise.all([run('good'), run('contentLength')]);
    expect(others.map((m) => m.error)).toEqual([undefined, undefined]);
    const m = await silent;
    expect(m.error?.code).toBe('BENCH_TTFT_TIMEOUT');
    await lastSeen('silent').closed;
    expect((await run('good')).error).toBeUndefined();
  });
});

describe('informational responses', () => {
  it('an endless run of 100 Continue heads is cut at a bound, its socket closed (the deadline did it before)', async () => {
    const m = await run('endlessContinue');
    expect(m.error?.code).toBe('BENCH_CONNECT');
    expect(m.error?.message).toContain('informational responses');
    await lastSeen('endlessContinue').closed;
  });

  it('informational heads share the head budget with the response head (each reset it before)', async () => {
    const m = await run('bigInformational');
    expect(m.error?.code).toBe('BENCH_CONNECT');
    expect(m.error?.message).toContain('larger than 16384 bytes');
    await lastSeen('bigInformational').closed;
  });
});

describe('a reader worker that dies under in-flight streams', () => {
  it("fails them as the validator's fault (BENCH_INTERNAL), never as the miner's", async () => {
    const dying = new ReaderWorker();
    expect(await dying.whenReady()).toBe(true);
    const wrote = new Promise<void>((resolve) => {
      held = resolve;
    });
    const inFlight = measure(
      {
        taskId: 'dying',
        url: `http://127.0.0.1:${port}`,
        model: 'headThenHold',
        body: { model: 'headThenHold', stream: true },
        deadlines: { firstTokenMs: 20_000, totalMs: 20_000 },
        worker: dying,
      },
      limits,
    );
    // never reached the server: in flight before any byte came back
    const early = measure(
      {
        taskId: 'early',
        url: `http://127.0.0.1:${port}`,
        model: 'silent',
        body: { model: 'silent', stream: true },
        deadlines: { firstTokenMs: 20_000, totalMs: 20_000 },
        worker: dying,
      },
      limits,
    );
    await wrote;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dying.close();
    const [m, e] = await Promise.all([inFlight, early]);
    expect(m.error?.code).toBe('BENCH_INTERNAL');
    expect(e.error?.code).toBe('BENCH_INTERNAL');
  });
});

describe('address pinning', () => {
  it('connects to the address the caller checked, never to what the name resolves to, and sends the name as Host', async () => {
    const asked: string[] = [];
    // .invalid never resolves (RFC 6761): reaching the server proves the worker used the pinned address
    const m = await run('good', {
      url: `http://miner.invalid:${port}`,
      connectAddress: async (host) => {
        asked.push(host);
        return '127.0.0.1';
      },
    });
    expect(m.error).toBeUndefined();
    expect(m.content).toBe('hello');
    expect(asked).toEqual(['miner.invalid']);
    expect(lastSeen('good').host).toBe(`miner.invalid:${port}`);
  });

  it("a refusal by the caller's check fails the task by its own error, unconnected", async () => {
    const before = seen.length;
    const m = await run('good', {
      connectAddress: async () => {
        throw Object.assign(new Error('refused by the test'), { code: 'EREFUSED' });
      },
    });
    expect(m.error?.code).toBe('BENCH_CONNECT');
    expect(m.error?.message).toContain('refused by the test');
    expect(seen.length).toBe(before);
  });
});

describe('fallback', () => {
  it('a reader worker that is gone leaves measure on undici, not failing tasks', async () => {
    const gone = new ReaderWorker();
    expect(await gone.whenReady()).toBe(true);
    await gone.close();
    expect(await gone.whenReady()).toBe(false);
    const m = await measure(
      {
        taskId: 'fallback',
        url: `http://127.0.0.1:${port}`,
        model: 'contentLength',
        body: { model: 'contentLength', stream: true },
        deadlines,
        worker: gone,
      },
      limits,
    );
    expect(m.error).toBeUndefined();
    expect(m.content).toBe('hello');
  });
});
