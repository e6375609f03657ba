import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerEvent, streamAnswer } from './stream.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const bodies: Record<string, string> = {
  deepMessage: `data: {"error":{"message":${deep(100_000)}}}\n\n`,
  deepContent: `data: {"choices":[{"delta":{"content":${deep(100_000)}}}]}\n\n`,
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

describe('arena answers from a hostile miner', () => {
  it.each(Object.keys(bodies))('%s ends the answer with an error event instead of throwing', async (name) => {
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
  });
});
