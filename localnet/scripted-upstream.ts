import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chunkFrame, DONE_EVENT, usageFrame } from '../protocol/index.js';
import { type Script, type ScriptEvent, tokens } from './scripts.js';

export type { Script, ScriptEvent } from './scripts.js';

/** One request the scripted upstream received. */
export interface RecordedRequest {
  index: number;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The client closed the connection before the script finished. */
  aborted: boolean;
  /** Resolves when the response is over (finished or aborted). */
  closed: Promise<void>;
}

/** Chooses the answer for a request: the pluggable part (tests, perf, simulated devnet miners). */
export type AnswerSource = (request: RecordedRequest) => Script | Promise<Script>;

export interface ScriptedUpstream {
  /** OpenAI base URL, e.g. http://127.0.0.1:40123/v1 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const words = (s: string) => tokens(s).length;

function eventDelta(ev: ScriptEvent, reasoningField: string): Record<string, unknown> {
  const delta: Record<string, unknown> = {};
  if (ev.reasoning !== undefined) delta[reasoningField] = ev.reasoning;
  if (ev.content !== undefined) delta.content = ev.content;
  if (ev.toolCalls) {
    delta.tool_calls = ev.toolCalls.map((c) => ({
      index: c.index,
      ...(c.id ? { id: c.id, type: 'function' } : {}),
      function: { ...(c.name ? { name: c.name } : {}), arguments: c.arguments ?? '' },
    }));
  }
  return delta;
}

function usageOf(script: Script, body: Record<string, unknown>) {
  if (script.usage) return script.usage;
  const messages = (body.messages as { content?: unknown }[] | undefined) ?? [];
  const prompt = messages.reduce((n, m) => n + (typeof m.content === 'string' ? words(m.content) : 0), 0);
  const text = script.events.map((e) => (e.content ?? '') + (e.reasoning ?? '')).join('');
  return { prompt_tokens: prompt, completion_tokens: words(text) };
}

async function write(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) return;
  if (!res.write(text)) await new Promise((r) => res.once('drain', r).once('close', r));
}

async function answerStream(res: ServerResponse, script: Script, body: Record<string, unknown>) {
  const meta = {
    id: `chatcmpl-up-${randomBytes(6).toString('hex')}`,
    created: Math.floor(Date.now() / 1000),
    model: String(body.model),
  };
  const field = script.reasoningField ?? 'reasoning_content';
  res.socket?.setNoDelay(true);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await write(res, chunkFrame(meta, { role: 'assistant', content: '' }));
  let finished = false;
  let toolCalls = false;
  for (const ev of script.events) {
    if (ev.delayMs) await sleep(ev.delayMs);
    if (res.destroyed) return;
    if (ev.raw !== undefined) {
      await write(res, ev.raw);
      continue;
    }
    if (ev.toolCalls) toolCalls = true;
    if (ev.finishReason) finished = true;
    await write(res, chunkFrame(meta, eventDelta(ev, field), ev.finishReason ?? null));
  }
  if (script.end === 'cut') {
    // End the socket once what was written is flushed, without the chunked terminator: a cut stream.
    res.socket?.end();
    return;
  }
  if (script.end === 'error') {
    await write(
      res,
      `data: ${JSON.stringify({ error: { message: 'scripted upstream failure', type: 'server_error' } })}\n\n`,
    );
    res.end();
    return;
  }
  if (!finished) await write(res, chunkFrame(meta, {}, toolCalls ? 'tool_calls' : 'stop'));
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage && script.usage !== false) {
    const u = usageOf(script, body);
    const usage = {
      prompt_tokens: u.prompt_tokens,
      completion_tokens: u.completion_tokens,
      total_tokens: u.prompt_tokens + u.completion_tokens,
      ...('reasoning_tokens' in u
        ? { completion_tokens_details: { reasoning_tokens: u.reasoning_tokens } }
        : {}),
    };
    await write(res, usageFrame(meta, usage));
  }
  await write(res, DONE_EVENT);
  res.end();
}

function answerJson(res: ServerResponse, script: Script, body: Record<string, unknown>) {
  const content = script.events.map((e) => e.content ?? '').join('');
  const reasoning = script.events.map((e) => e.reasoning ?? '').join('');
  const u = usageOf(script, body);
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (reasoning) message[script.reasoningField ?? 'reasoning_content'] = reasoning;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-up',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, finish_reason: 'stop' }],
      usage: { ...u, total_tokens: u.prompt_tokens + u.completion_tokens },
    }),
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A real OpenAI-compatible server on 127.0.0.1 that answers each chat completion with the script
 * `answer` returns: bursty timing, reasoning, tool calls, usage, HTTP errors (429 with Retry-After),
 * in-stream errors or a cut connection. Every request is recorded, including whether the client aborted.
 */
export async function startScriptedUpstream(options: {
  answer: AnswerSource;
  host?: string;
  port?: number;
}): Promise<ScriptedUpstream> {
  const requests: RecordedRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'scripted', object: 'model', created: 0, owned_by: 'test' }],
        }),
      );
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'not_found_error' } }),
      );
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
      return;
    }
    let markClosed!: () => void;
    const record: RecordedRequest = {
      index: requests.length,
      headers: req.headers,
      body,
      aborted: false,
      closed: new Promise<void>((r) => {
        markClosed = r;
      }),
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      markClosed();
    });
    const script = await options.answer(record);
    if (script.headersDelayMs) await sleep(script.headersDelayMs);
    if (script.status && script.status !== 200) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (script.retryAfterSeconds !== undefined) headers['retry-after'] = String(script.retryAfterSeconds);
      res.writeHead(script.status, headers);
      res.end(
        JSON.stringify({
          error: { message: script.errorMessage ?? `scripted ${script.status}`, type: 'error' },
        }),
      );
      return;
    }
    if (body.stream === true) await answerStream(res, script, body);
    else answerJson(res, script, body);
  };
  // A throwing answer source (or a socket failure) answers 500 or cuts the stream; the server keeps running.
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: `scripted upstream: ${String(err)}`, type: 'server_error' } }),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
