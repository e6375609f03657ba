import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerEvent, streamAnswer } from './stream.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const bodies: Record<string, string> = {
  deepMessage: `data: {"error":{"message":${deep(100_000)}}}\n\n`,
  deepContent: `data: {"choices":[{"delta":{"content":${deep(100_000)}}}]}\n\n`,
  upstreamUrl: `data: ${JSON.stringify({ error: { message: 'upstream http://10.1.2.3:40123/sim/broken/v1/chat/completions answered HTTP 500 for model sim-broken (retry via localhost:8081)' } })}\n\n`,
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(bodies[JSON.parse(body).case as string]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const answer = async (name: string) => {
  const events: AnswerEvent[] = [];
  await streamAnswer({
    endpoint: url,
    body: JSON.stringify({ case: name }),
    headers: {},
    limits: { timeoutMs: 5000, maxAnswerChars: 1000, maxResponseBytes: 4 * 1024 * 1024 },
    signal: new AbortController().signal,
    onEvent: (e) => events.push(e),
  });
  return events;
};

describe('arena answers from a failing miner', () => {
  it('passes on its error without the addresses in it (its upstream URL, internal hosts)', async () => {
    const events = await answer('upstreamUrl');
    expect(events).toEqual([
      {
        type: 'error',
        message:
          'the miner reported an error: upstream [address hidden] answered HTTP 500 for model sim-broken (retry via [address hidden])',
      },
    ]);
  });
});

describe('arena answers from a hostile miner', () => {
  it.each(['deepMessage', 'deepContent'])(
    '%s ends the answer with an error event instead of throwing',
    async (name) => {
      const events: AnswerEvent[] = [];
      await streamAnswer({
        endpoint: url,
        body: JSON.stringify({ case: name }),
        headers: {},
        limits: { timeoutMs: 5000, maxAnswerChars: 1000, maxResponseBytes: 4 * 1024 * 1024 },
        signal: new AbortController().signal,
        onEvent: (e) => events.push(e),
      });
      expect(events.at(-1)).toEqual({ type: 'error', message: expect.stringMatching(/nested too deep/) });
    },
  );
});
