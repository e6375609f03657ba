import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { canonicalManifest, type Manifest, manifestSha256 } from '../../protocol/index.js';

/**
 * Hostile miners: each a real node:http server on 127.0.0.1 (port 0) answering POST /v1/chat/completions the
 * way an attacker would, and GET /v1/submission with a valid manifest so a validator round benchmarks it.
 * Every loop is bounded in count and in time, every timer is cleared when its response closes, and close()
 * ends every connection.
 */

/** Where an attack is tried: through `rodeo bench`, through a validator round on the devnet. */
export type Stage = 'bench' | 'round';

export interface AttackContext {
  /** The deadlines the measuring side uses (the slow miner answers just under them). */
  ttftMs: number;
  requestMs: number;
  /** An honest miner to relay (the absurd-usage miner answers with its answers). */
  honestUrl: string | undefined;
  /** Set when the response closes: loops stop. */
  closed: () => boolean;
  /** A timer cleared when the server closes. */
  sleep: (ms: number) => Promise<void>;
}

export interface Attack {
  name: string;
  what: string;
  /**
   * Measurement.error.code (without BENCH_) a task of this miner may fail with; [] means its tasks must not
   * fail at transport level (absurd usage: the answer is good, the usage is dropped and flagged).
   */
  codes: string[];
  /**
   * fails: every task fails with one of `codes`; usage-flagged: every task passes with usage dropped and
   * flagged; finishes: a valid answer that is costly to grade: the run must still end within its limit with a
   * result for every task (scored or failed by name).
   */
  outcome: 'fails' | 'usage-flagged' | 'finishes';
  stages: Stage[];
  handle(req: IncomingMessage, res: ServerResponse, ctx: AttackContext): Promise<void>;
}

/** Time limit of any one hostile response, whatever the client does. */
const RESPONSE_LIMIT_MS = 120_000;
const DEPTH = 200_000;
const deep = (open: string, close: string) => open.repeat(DEPTH) + close.repeat(DEPTH);

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'hostile',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  })}\n\n`;
const finish = (reason = 'stop') =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'hostile',
    choices: [{ index: 0, delta: {}, finish_reason: reason }],
  })}\n\n`;
const DONE = 'data: [DONE]\n\n';

function sse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  res.flushHeaders();
}

/** Writes with backpressure; false once the response is closed. */
async function write(res: ServerResponse, data: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > 32 * 1024 * 1024) break;
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

let gzipParts: { head: Buffer; member: Buffer } | undefined;
/** gzip members: an SSE prefix, then 16 MiB of 'a' (about 16 KB on the wire), sent 64 times = 1 GiB decoded. */
function gzipBomb(): { head: Buffer; member: Buffer } {
  gzipParts ??= {
    head: gzipSync('data: {"choices":[{"index":0,"delta":{"content":"'),
    member: gzipSync(Buffer.alloc(16 * 1024 * 1024, 'a'), { level: 9 }),
  };
  return gzipParts;
}

export const ATTACKS: Attack[] = [
  {
    name: 'stalled-headers',
    what: 'reads the request and never sends response headers',
    codes: ['TTFT_TIMEOUT'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, _res, ctx) {
      const until = Date.now() + RESPONSE_LIMIT_MS;
      while (!ctx.closed() && Date.now() < until) await ctx.sleep(200);
    },
  },
  {
    name: 'one-byte-a-second',
    what: 'sends 200 and a valid chunk one byte per second',
    codes: ['TTFT_TIMEOUT'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      const text = chunk({ content: 'slow' }) + DONE;
      for (let i = 0; i < text.length && i < 600 && !ctx.closed(); i++) {
        if (!(await write(res, text[i]!))) return;
        await ctx.sleep(1000);
      }
      res.end();
    },
  },
  {
    name: 'endless-stream',
    what: 'content events as fast as the socket takes them, never [DONE]',
    codes: ['TOO_MANY_EVENTS', 'RESPONSE_TOO_LARGE', 'REQUEST_TIMEOUT'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      const event = chunk({ content: 'more ' });
      const batch = event.repeat(64);
      const until = Date.now() + RESPONSE_LIMIT_MS;
      // bounded: at most 2,000,000 events (~150 MB) or the time limit
      for (let i = 0; i < 2_000_000 / 64 && !ctx.closed() && Date.now() < until; i++) {
        if (!(await write(res, batch))) return;
      }
      res.end();
    },
  },
  {
    name: 'line-100mb',
    what: 'one data: line of 100 MB (streamed in 64 KB pieces)',
    codes: ['LINE_TOO_LONG'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      if (!(await write(res, 'data: {"choices":[{"index":0,"delta":{"content":"'))) return;
      const piece = Buffer.alloc(64 * 1024, 'a');
      for (let sent = 0; sent < 100 * 1024 * 1024 && !ctx.closed(); sent += piece.length) {
        if (!(await write(res, piece))) return;
      }
      await write(res, `"}}]}\n\n${DONE}`);
      res.end();
    },
  },
  {
    name: 'gzip-bomb',
    what: 'content-encoding: gzip, about 1 MB on the wire decoding to 1 GiB',
    codes: ['CONTENT_ENCODING'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      const { head, member } = gzipBomb();
      sse(res, { 'content-encoding': 'gzip' });
      if (!(await write(res, head))) return;
      for (let i = 0; i < 64 && !ctx.closed(); i++) if (!(await write(res, member))) return;
      res.end();
    },
  },
  {
    name: 'invalid-utf8',
    what: 'a content delta whose bytes are not UTF-8 (0xff 0xfe, a cut 2-byte sequence)',
    codes: ['INVALID_UTF8'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      sse(res);
      await write(
        res,
        Buffer.concat([
          Buffer.from('data: {"choices":[{"index":0,"delta":{"content":"the answer is '),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"},"finish_reason":null}]}\n\n'),
        ]),
      );
      await write(res, finish() + DONE);
      res.end();
    },
  },
  {
    name: 'deep-json-content',
    what: 'delta.content is an array nested 200,000 deep',
    codes: ['JSON_TOO_DEEP'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      sse(res);
      await write(res, `data: {"choices":[{"index":0,"delta":{"content":${deep('[', ']')}}}]}\n\n`);
      await write(res, chunk({ content: 'the answer' }) + finish() + DONE);
      res.end();
    },
  },
  {
    name: 'deep-json-error',
    what: 'an error event whose error is an array nested 200,000 deep',
    codes: ['JSON_TOO_DEEP'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      sse(res);
      await write(res, chunk({ content: 'the answer' }));
      await write(res, `data: {"error":${deep('[', ']')}}\n\n`);
      await write(res, finish() + DONE);
      res.end();
    },
  },
  {
    name: 'deep-json-tool-arguments',
    what: 'tool-call arguments holding JSON nested 200,000 deep',
    codes: ['JSON_TOO_DEEP'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      sse(res);
      // a JSON string (400 KB, no escaping needed) that parses to arrays nested 200,000 deep
      const nested = deep('[', ']');
      await write(
        res,
        chunk({
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: nested } },
          ],
        }) +
          finish('tool_calls') +
          DONE,
      );
      res.end();
    },
  },
  {
    name: 'redirect-metadata',
    what: '302 to http://169.254.169.254/latest/meta-data/ (cloud metadata)',
    codes: ['HTTP_STATUS'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    },
  },
  {
    name: 'tool-calls-200k',
    what: '200,000 tool calls, 100 per event',
    codes: ['TOO_MANY_TOOL_CALLS'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      for (let base = 0; base < 200_000 && !ctx.closed(); base += 100) {
        const calls = Array.from({ length: 100 }, (_, i) => ({
          index: base + i,
          function: { name: 'f', arguments: '{}' },
        }));
        if (!(await write(res, chunk({ tool_calls: calls })))) return;
      }
      await write(res, finish('tool_calls') + DONE);
      res.end();
    },
  },
  {
    name: 'absurd-usage',
    what: 'an honest answer, then usage {"prompt_tokens":-5,"completion_tokens":1e308,"total_tokens":"NaN"}',
    codes: [],
    outcome: 'usage-flagged',
    stages: ['bench', 'round'],
    async handle(req, res, ctx) {
      const body = await readBody(req);
      if (!ctx.honestUrl) {
        sse(res);
        await write(res, chunk({ content: 'I do not know.' }));
      } else {
        const upstream = await relay(`${ctx.honestUrl}/v1/chat/completions`, body);
        sse(res);
        // pass every event through except the honest usage chunk and [DONE]
        let pending = '';
        for await (const part of upstream) {
          pending += (part as Buffer).toString('utf8');
          let cut = pending.indexOf('\n\n');
          while (cut >= 0) {
            const event = pending.slice(0, cut + 2);
            pending = pending.slice(cut + 2);
            if (!event.includes('[DONE]') && !event.includes('"usage":{')) {
              if (!(await write(res, event))) return;
            }
            cut = pending.indexOf('\n\n');
          }
        }
      }
      await write(
        res,
        'data: {"id":"chatcmpl-hostile","object":"chat.completion.chunk","created":0,"model":"hostile","choices":[],' +
          '"usage":{"prompt_tokens":-5,"completion_tokens":1e308,"total_tokens":"NaN"}}\n\n' +
          DONE,
      );
      res.end();
    },
  },
  {
    name: 'keepalives-only',
    what: 'SSE comments every 100 ms, never a token',
    codes: ['TTFT_TIMEOUT'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      for (let i = 0; i < RESPONSE_LIMIT_MS / 100 && !ctx.closed(); i++) {
        if (!(await write(res, ': keep-alive\n\n'))) return;
        await ctx.sleep(100);
      }
      res.end();
    },
  },
  {
    name: 'mid-stream-close',
    what: 'a few content events, then the socket is destroyed',
    codes: ['STREAM_CLOSED'],
    outcome: 'fails',
    stages: ['bench', 'round'],
    async handle(_req, res, ctx) {
      sse(res);
      for (const word of ['the ', 'answer ', 'is ']) {
        if (!(await write(res, chunk({ content: word })))) return;
        await ctx.sleep(20);
      }
      res.socket?.destroy();
    },
  },
  {
    name: 'tokenizer-bomb',
    what: 'a valid answer: 40 KB of one punctuation character in 1 KB content events (one BPE piece)',
    codes: [],
    outcome: 'finishes',
    stages: ['bench', 'round'],
    async handle(_req, res) {
      sse(res);
      for (let i = 0; i < 40; i++) if (!(await write(res, chunk({ content: '['.repeat(1024) })))) return;
      await write(res, finish() + DONE);
      res.end();
    },
  },
  {
    name: 'just-under-deadline',
    what: 'first token at half the TTFT deadline, then a token every 500 ms until just under the request deadline',
    codes: ['ROUND_DEADLINE'],
    outcome: 'fails',
    stages: ['round'],
    async handle(_req, res, ctx) {
      const start = Date.now();
      sse(res);
      await ctx.sleep(Math.floor(ctx.ttftMs / 2));
      const until = start + ctx.requestMs - 1500;
      for (let i = 0; i < 10_000 && !ctx.closed() && Date.now() < until; i++) {
        if (!(await write(res, chunk({ content: 'slowly ' })))) return;
        await ctx.sleep(500);
      }
      await write(res, chunk({ content: 'the answer.' }) + finish() + DONE);
      res.end();
    },
  },
];

/** POSTs the body to an honest miner and returns its response stream. */
function relay(url: string, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      },
      resolve,
    );
    req.once('error', reject);
    req.end(body);
  });
}

export interface HostileMiner {
  attack: Attack;
  url: string;
  /** Chat requests received. */
  requests: () => number;
  close(): Promise<void>;
}

export interface HostileOptions {
  ttftMs: number;
  requestMs: number;
  honestUrl?: string;
  /** The manifest served at GET /v1/submission (a validator round needs one); built from the URL. */
  submission?: (url: string) => Manifest;
}

/** Starts one hostile miner on 127.0.0.1, port 0. */
export async function startHostileMiner(attack: Attack, options: HostileOptions): Promise<HostileMiner> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const wakers = new Set<() => void>();
  let closing = false;
  let requests = 0;
  let manifest: { text: string; sha256: string } | undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/submission' && manifest) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(manifest.text);
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    requests++;
    let closed = false;
    res.once('close', () => {
      closed = true;
    });
    const ctx: AttackContext = {
      ttftMs: options.ttftMs,
      requestMs: options.requestMs,
      honestUrl: options.honestUrl,
      closed: () => closed || closing,
      sleep: (ms) =>
        new Promise((resolve) => {
          if (closing) return resolve();
          const wake = () => {
            clearTimeout(t);
            timers.delete(t);
            wakers.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, ms);
          timers.add(t);
          wakers.add(wake);
        }),
    };
    attack.handle(req, res, ctx).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.submission) {
    const m = options.submission(url);
    manifest = { text: canonicalManifest(m), sha256: manifestSha256(m) };
  }
  return {
    attack,
    url,
    requests: () => requests,
    async close() {
      closing = true;
      for (const wake of [...wakers]) wake();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
