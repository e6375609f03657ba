import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import fc from 'fast-check';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import type { Deadlines } from './deadlines.js';
import { type MeasureLimits, measure } from './measure.js';
import { sse } from './testing/sse-script.js';
import { BENCH_CODES, hostileResponse } from './testing/stream-arbitraries.js';
import type { Measurement } from './types.js';

interface Served {
  status: number;
  headers: Record<string, string>;
  reads: Uint8Array[];
  end: 'end' | 'destroy' | 'hang';
}

/** What the next request is answered with (runs are sequential). */
let next: Served = { status: 200, headers: {}, reads: [], end: 'end' };
/** Raw bytes the TCP server answers the next connection with, instead of HTTP. */
let nextRaw: Uint8Array[] = [];

const sockets = new Set<Socket>();
let http: Server;
let raw: NetServer;
let httpUrl = '';
let rawUrl = '';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    req.resume();
    const served = next;
    void (async () => {
      res.writeHead(served.status, served.headers);
      res.flushHeaders();
      for (const bytes of served.reads) {
        if (res.destroyed) return;
        res.write(bytes);
        await tick();
      }
      if (served.end === 'end') res.end();
      else if (served.end === 'destroy') res.destroy();
    })();
  });
  raw = createNetServer((socket) => {
    socket.on('error', () => {});
    const parts = nextRaw;
    void (async () => {
      for (const bytes of parts) {
        if (socket.destroyed) return;
        socket.write(bytes);
        await tick();
      }
      socket.end();
    })();
  });
  for (const server of [http, raw])
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  rawUrl = `http://127.0.0.1:${(raw.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await new Promise<void>((resolve) => raw.close(() => resolve()));
});

const SHORT: Deadlines = { firstTokenMs: 300, totalMs: 800 };

/** One measure() with its own connection pool, closed afterwards; open sockets are cut when it is done. */
async function measureOnce(url: string, limits: MeasureLimits, deadlines = SHORT): Promise<Measurement> {
  const dispatcher = new Agent();
  try {
    const body = { messages: [{ role: 'user', content: 'hi' }] };
    return await measure({ taskId: 'prop', url, model: 'm', body, deadlines, dispatcher }, limits);
  } finally {
    for (const s of sockets) s.destroy();
    await dispatcher.destroy().catch(() => undefined);
  }
}

function checkMeasurement(m: Measurement, limits: MeasureLimits): void {
  if (m.error !== undefined) expect(BENCH_CODES).toContain(m.error.code);
  expect(() => JSON.stringify(m)).not.toThrow();
  const stored =
    m.content.length + m.reasoning.length + m.toolCalls.reduce((n, c) => n + c.argumentsRaw.length, 0);
  expect(stored).toBeLessThanOrEqual(limits.maxStoredChars);
  expect(m.events.k.length).toBeLessThanOrEqual(limits.maxEvents);
}

const served: fc.Arbitrary<{ limits: MeasureLimits; served: Served }> = fc
  .record({
    response: hostileResponse,
    status: fc.oneof(
      { weight: 6, arbitrary: fc.constant(200) },
      { weight: 1, arbitrary: fc.constantFrom(404, 429, 500, 302) },
    ),
    type: fc.constantFrom(
      'text/event-stream',
      'text/event-stream; charset=utf-8',
      'application/json',
      'text/plain',
      undefined,
    ),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'identity', ' GZip ', 'x'.repeat(200)) },
    ),
    end: fc.oneof(
      { weight: 6, arbitrary: fc.constant('end' as const) },
      { weight: 2, arbitrary: fc.constant('destroy' as const) },
      { weight: 1, arbitrary: fc.constant('hang' as const) },
    ),
    maxResponseBytes: fc.integer({ min: 64, max: 64 * 1024 }),
  })
  .map(({ response, status, type, encoding, end, maxResponseBytes }) => ({
    limits: { ...defaultConfig().bench, ...response.limits, maxResponseBytes },
    served: {
      status,
      headers: {
        ...(type ? { 'content-type': type } : {}),
        ...(encoding ? { 'content-encoding': encoding } : {}),
        ...(status === 302 ? { location: 'http://169.254.169.254/' } : {}),
      },
      reads: response.reads,
      end,
    },
  }));

describe('measure() end to end (property)', () => {
  it('any status, headers and SSE bytes from a real server: resolves, with no error or a BENCH_* code; the process keeps running', async () => {
    const unhandled: unknown[] = [];
    const onError = (err: unknown) => unhandled.push(err);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    try {
      await fc.assert(
        fc.asyncProperty(served, async ({ limits, served }) => {
          next = served;
          checkMeasurement(await measureOnce(httpUrl, limits), limits);
        }),
        { numRuns: 30 },
      );
      // anything thrown outside the awaited path (a setImmediate, a stream event) would land here
      await tick();
      expect(unhandled).toEqual([]);
      // and the same process still measures an honest engine
      next = { status: 200, headers: { 'content-type': 'text/event-stream' }, reads: [], end: 'end' };
      next.reads = [new TextEncoder().encode(sse.content('hello') + sse.finish() + sse.done())];
      const honest = await measureOnce(httpUrl, defaultConfig().bench, {
        firstTokenMs: 5000,
        totalMs: 10_000,
      });
      expect(honest.error).toBeUndefined();
      expect(honest.content).toBe('hello');
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    }
  });

  it('arbitrary bytes instead of HTTP: resolves with a BENCH_* code (or, for a valid answer, none)', async () => {
    const enc = new TextEncoder();
    const statusLine = fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('HTTP/1.1 200 OK') },
          {
            weight: 1,
            arbitrary: fc.constantFrom('HTTP/1.1 500 x', 'HTTP/1.0 200', 'HTTP/9 200 OK', 'garbage'),
          },
        ),
        fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant('content-type: text/event-stream') },
            fc.constantFrom(
              'content-type: text/event-stream',
              'transfer-encoding: chunked',
              'content-length: 5',
              'content-length: -1',
              'content-encoding: gzip',
            ),
            fc.string({ maxLength: 30 }).map((h) => `x-${h}`),
            fc.string({ maxLength: 30 }).map((h) => `x-h: ${h}`),
          ),
          { maxLength: 4 },
        ),
        fc.oneof({ weight: 4, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\n') }),
      )
      .map(([line, headers, eol]) => enc.encode(`${[line, ...headers].join(eol)}${eol}${eol}`));
    const bytes = fc.oneof(
      { weight: 1, arbitrary: fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 4 }) },
      {
        weight: 3,
        arbitrary: fc.tuple(statusLine, hostileResponse).map(([head, response]) => [head, ...response.reads]),
      },
    );
    const limits = defaultConfig().bench;
    await fc.assert(
      fc.asyncProperty(bytes, async (parts) => {
        nextRaw = parts;
        checkMeasurement(await measureOnce(rawUrl, limits), limits);
      }),
      { numRuns: 30 },
    );
  });
});
