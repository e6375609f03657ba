import type { FastifyReply } from 'fastify';

export interface SseStream {
  /** Sends one event; `event` names it (omitted: a plain message). */
  send(data: unknown, event?: string): void;
  end(): void;
  /** Runs once when the stream ends, whoever ends it. */
  onEnd(fn: () => void): void;
}

/**
 * Takes over the response as a text/event-stream with keep-alive comments. Streams are tracked in
 * `open` so the server can end them when it closes (an open stream would hold the close forever).
 */
export function openSse(reply: FastifyReply, keepAliveMs: number, open: Set<SseStream>): SseStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  raw.write(': connected\n\n');
  const ends: (() => void)[] = [];
  let ended = false;
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveMs).unref();
  const finish = () => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    open.delete(stream);
    for (const fn of ends) fn();
  };
  const stream: SseStream = {
    send(data, event) {
      if (ended) return;
      raw.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      finish();
      raw.end();
    },
    onEnd(fn) {
      if (ended) fn();
      else ends.push(fn);
    },
  };
  raw.on('close', finish);
  open.add(stream);
  return stream;
}
