import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSha256 } from '../chain/index.js';
import { fetchReveal } from './reveal.js';

const manifest = {
  v: 1 as const,
  name: 'turbo-engine',
  image: `ghcr.io/alice/engine@sha256:${'a'.repeat(64)}`,
  sourceUrl: 'https://github.com/alice/engine',
  sourceCommit: 'b'.repeat(40),
  license: 'MIT' as const,
  endpoint: 'https://miner.example:8080',
  components: [],
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const route: Record<string, () => void> = {
      '/ok/v1/submission': () => res.end(JSON.stringify(manifest)),
      '/reordered/v1/submission': () =>
        res.end(JSON.stringify(Object.fromEntries(Object.entries(manifest).reverse()))),
      '/invalid/v1/submission': () => res.end(JSON.stringify({ ...manifest, image: 'latest' })),
      '/huge/v1/submission': () => res.end(JSON.stringify({ ...manifest, pad: 'x'.repeat(100_000) })),
      '/array/v1/submission': () => res.end('[1,2]'),
    };
    (route[req.url ?? ''] ?? (() => res.writeHead(404).end()))();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const reveal = (path: string, allowPrivate = true) =>
  fetchReveal(`${base}${path}`, { allowPrivate, timeoutMs: 2000 });

describe('fetchReveal', () => {
  it('hashes the canonical manifest exactly as the miner commits it, whatever the key order served', async () => {
    const a = await reveal('/ok');
    const b = await reveal('/reordered');
    expect(a.ok).toBe(true);
    expect(a.hash).toBe(manifestSha256(manifest));
    expect(b.hash).toBe(a.hash);
  });

  it('names what is wrong: schema, size, status, shape, private address', async () => {
    expect((await reveal('/invalid')).error).toMatch(/not valid: image: expected an image pinned by digest/);
    expect((await reveal('/huge')).error).toMatch(/more than 65536 bytes/);
    expect((await reveal('/missing')).error).toMatch(/HTTP 404/);
    expect((await reveal('/array')).error).toMatch(/not return a JSON object/);
    expect((await reveal('/ok', false)).error).toMatch(
      /endpoint refused: 127\.0\.0\.1 resolves to .*loopback/,
    );
  });
});
