import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlatformServices {
  /** Base URL serving all four services (search, fetch proxy, sandbox, vector index). */
  url: string;
  received: { path: string; body: unknown }[];
  close(): Promise<void>;
}

/**
 * A local stand-in for the Janus platform services, speaking their documented shapes with fixed answers.
 * Search queries "slow" and "broken" answer late and with a 500.
 */
export async function startPlatformServices(): Promise<PlatformServices> {
  const received: PlatformServices['received'] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (b: Buffer) => {
      text += b.toString();
    });
    req.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      received.push({ path: req.url ?? '', body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/search' && body.query === 'slow')
        return setTimeout(() => json(200, { results: [] }), 500);
      if (req.url === '/search' && body.query === 'broken')
        return json(500, { error: 'search backend down' });
      if (req.url === '/search') {
        return json(200, {
          results: [{ title: 'Fusion record', url: 'https://news.example/fusion', snippet: 'A new record.' }],
        });
      }
      if (req.url?.startsWith('/fetch?url=')) {
        return json(200, { content: `# page ${decodeURIComponent(req.url.slice(11))}` });
      }
      if (req.url === '/execute') return json(200, { stdout: '4\n', stderr: '', exit_code: 0 });
      if (req.url === '/query') {
        return json(200, { chunks: [{ content: 'SYN, SYN-ACK, ACK', source: 'tcp.md', score: 0.9 }] });
      }
      json(404, { error: 'no such route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
