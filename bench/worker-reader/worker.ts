/**
 * The stream reader worker: opens the streaming requests it is sent on raw sockets, stamps every socket read the
 * moment it is delivered, decodes the HTTP/1.1 response, and posts the stamped body bytes to the main thread once
 * per event-loop turn. Its loop does nothing else, so a burst of many ready sockets is stamped within a short
 * time even while the main thread parses. Connections whose response ended cleanly are kept for the next request
 * to the same address (as undici's pool does).
 */
import { connect, type Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { monotonicMs } from './clock.js';
import { ResponseDecoder, ResponseError } from './http-response.js';
import type { ReaderBatch, ReaderCommand, ReaderEvent } from './messages.js';

const HEAD_LIMITS = { maxHeadBytes: 16 * 1024, maxHeaders: 100 };
/** How long an idle kept-alive connection waits for the next request (undici's default keep-alive). */
const IDLE_MS = 4_000;

interface Stream {
  id: number;
  socket: Socket;
  decoder: ResponseDecoder;
  /** Body bytes passed on; reading stops past `cap`. */
  bytes: number;
  cap: number;
  ended: boolean;
}

const port = parentPort!;
const streams = new Map<number, Stream>();
const idle = new Map<string, Socket[]>();

let events: ReaderEvent[] = [];
let pieces: Buffer[] = [];
let scheduled = false;
const flush = () => {
  scheduled = false;
  const size = pieces.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.length;
  }
  const batch: ReaderBatch = { events, bytes: bytes.buffer };
  events = [];
  pieces = [];
  port.postMessage(batch, [bytes.buffer]);
};
const emit = (event: ReaderEvent) => {
  events.push(event);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};

function end(s: Stream, reason?: string, inBody?: boolean): void {
  if (s.ended) return;
  s.ended = true;
  streams.delete(s.id);
  s.socket.removeAllListeners('data');
  s.socket.removeAllListeners('close');
  s.socket.removeAllListeners('end');
  s.socket.removeAllListeners('error');
  s.socket.on('error', () => {}); // a late error of a connection given up (or kept idle) is nobody's
  if (reason === undefined && s.decoder.reusable && !s.socket.destroyed)
    keepIdle(s.socket, idleMs(s.decoder.head?.headers.get('keep-alive')));
  else s.socket.destroy();
  emit({ k: 'end', id: s.id, ...(reason !== undefined ? { reason, inBody: inBody ?? true } : {}) });
}

function key(host: string, portNumber: number): string {
  return `${host}|${portNumber}`;
}

/** IDLE_MS, or less when the server says it keeps the connection for less (`keep-alive: timeout=N`, a 1 s margin). */
function idleMs(keepAlive: string | undefined): number {
  const timeout = /(?:^|[,;\s])timeout\s*=\s*(\d+)/i.exec(keepAlive ?? '')?.[1];
  return timeout === undefined ? IDLE_MS : Math.min(IDLE_MS, Number(timeout) * 1000 - 1000);
}

function keepIdle(socket: Socket, ms: number): void {
  if (ms <= 0) {
    socket.destroy();
    return;
  }
  const k = (socket as Socket & { poolKey: string }).poolKey;
  const list = idle.get(k) ?? [];
  idle.set(k, list);
  list.push(socket);
  const drop = () => {
    clearTimeout(timer);
    socket.destroy();
    const i = list.indexOf(socket);
    if (i >= 0) list.splice(i, 1);
    if (!list.length && idle.get(k) === list) idle.delete(k);
  };
  const timer = setTimeout(drop, ms);
  timer.unref();
  // anything from an idle connection (bytes, close) makes it unusable
  socket.once('data', drop);
  socket.once('close', drop);
  socket.once('end', drop);
  (socket as Socket & { release?: () => void }).release = () => {
    clearTimeout(timer);
    socket.removeListener('data', drop);
    socket.removeListener('close', drop);
    socket.removeListener('end', drop);
    socket.removeAllListeners('error');
  };
}

function takeIdle(k: string): Socket | undefined {
  const list = idle.get(k);
  const socket = list?.shift();
  if (list && !list.length) idle.delete(k);
  (socket as (Socket & { release?: () => void }) | undefined)?.release?.();
  return socket && !socket.destroyed ? socket : undefined;
}

function open(cmd: Extract<ReaderCommand, { k: 'open' }>): void {
  const k = key(cmd.host, cmd.port);
  const reused = takeIdle(k);
  const socket = reused ?? connect({ host: cmd.host, port: cmd.port, noDelay: true });
  (socket as Socket & { poolKey: string }).poolKey = k;
  const s: Stream = {
    id: cmd.id,
    socket,
    bytes: 0,
    cap: cmd.maxBodyBytes,
    ended: false,
    decoder: new ResponseDecoder(
      { ...HEAD_LIMITS, maxChunks: cmd.maxChunks },
      (head) => {
        const type = head.headers.get('content-type') ?? '';
        const encoding = head.headers.get('content-encoding') ?? 'identity';
        const stream = head.status === 200 && !type.includes('application/json');
        const plain = ['identity', ''].includes(encoding.trim().toLowerCase());
        // the main thread reads a failed answer's first bytes only (the error text), and nothing of a coded one
        // (reading stops once the body passes `cap`: -1 ends it at the head, 2047 at 2048 bytes)
        if (!stream || !plain) s.cap = plain && head.status !== 200 ? cmd.maxErrorBodyBytes - 1 : -1;
        emit({ k: 'head', id: s.id, at: stampedAt, status: head.status, type, encoding });
      },
      (body) => {
        if (s.ended || !body.length || s.bytes > s.cap) return;
        s.bytes += body.length;
        // a socket read's buffer is its own (never reused), and is copied into the batch this turn
        pieces.push(body);
        emit({ k: 'body', id: s.id, at: stampedAt, len: body.length });
      },
    ),
  };
  streams.set(s.id, s);
  let stampedAt = 0;
  socket.on('data', (data: Buffer) => {
    stampedAt = monotonicMs();
    try {
      s.decoder.push(data);
    } catch (err) {
      return end(s, describe(err), err instanceof ResponseError ? err.inBody : s.decoder.head !== undefined);
    }
    if (s.bytes > s.cap) return end(s);
    if (s.decoder.done) end(s);
  });
  const closed = (err?: Error) => {
    if (s.ended) return;
    // a socket error (a reset) cuts even a body delimited by the close
    if (err && !s.decoder.done) return end(s, describe(err), s.decoder.head !== undefined);
    try {
      s.decoder.close();
    } catch (e) {
      return end(s, describe(e), s.decoder.head !== undefined);
    }
    end(s);
  };
  socket.on('end', () => closed());
  socket.on('close', () => closed());
  socket.on('error', (err) => closed(err));
  socket.write(cmd.request);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  return e.code && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

port.on('message', (cmd: ReaderCommand) => {
  if (cmd.k === 'open') open(cmd);
  else {
    const s = streams.get(cmd.id);
    if (s) {
      s.ended = true;
      streams.delete(s.id);
      s.socket.destroy();
    }
  }
});

port.postMessage('ready');
