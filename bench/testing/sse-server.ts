import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Script } from './sse-script.js';

export interface ScriptedSseServer {
  url: string;
  server: Server;
  /** Requests received (parsed JSON bodies), in arrival order. */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * An HTTP server on 127.0.0.1 that answers POST /v1/chat/completions with the script chosen for the
 * request body. Steps are scheduled against absolute deadlines so timer drift does not accumulate.
 */
export async function startScriptedSseServer(
  choose: (body: Record<string, unknown>) => Script,
  options: { port?: number } = {},
): Promise<ScriptedSseServer> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer(async (req, res) => {
    const arrived = performance.now();
    const body = await readJson(req);
    requests.push(body);
    const script = choose(body);
    res.socket?.setNoDelay(true);
    res.writeHead(script.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...script.headers,
    });
    res.flushHeaders();
    const timers: NodeJS.Timeout[] = [];
    res.on('close', () => timers.forEach(clearTimeout));
    let index = 0;
    const next = () => {
      while (index < script.steps.length) {
        const step = script.steps[index]!;
        const wait = arrived + step.atMs - performance.now();
        if (wait > 0.5) {
          timers.push(setTimeout(next, wait));
          return;
        }
        index++;
        const data = step.data.includes('__SENT__')
          ? step.data.replaceAll('__SENT__', (performance.timeOrigin + performance.now()).toFixed(3))
          : step.data;
        res.write(data);
      }
      if (script.end === 'hang') return;
      if (script.end === 'destroy') res.socket?.destroy();
      else res.end();
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
