/**
 * One streamed chat request over a plain net.Socket: HTTP/1.1 written by hand, the response head and the
 * chunked transfer coding decoded here, the body bytes handed on with the time they were read. The raw path
 * tried for the runner (perf/runner), on the main thread or inside a worker.
 */
import { connect, type Socket } from 'node:net';

export interface RawSseHandlers {
  /** Body bytes (de-chunked) read at `atMs` (performance.timeOrigin + now()). */
  onBytes(atMs: number, bytes: Uint8Array): void;
  /** The response ended (last chunk) or failed (`error` set). */
  onEnd(error?: string): void;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

export function openRawSse(url: URL, body: string, handlers: RawSseHandlers): Socket {
  const socket = connect(Number(url.port), url.hostname);
  socket.setNoDelay(true);
  const bytes = Buffer.from(body);
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n` +
      `accept: text/event-stream\r\ncontent-length: ${bytes.length}\r\n\r\n`,
  );
  socket.write(bytes);
  let buf: Buffer = Buffer.alloc(0);
  let headDone = false;
  /** Bytes of the current chunk left; -1 size line next; -2 the chunk's CRLF next. */
  let left = -1;
  let ended = false;
  const end = (error?: string) => {
    if (ended) return;
    ended = true;
    socket.destroy();
    handlers.onEnd(error);
  };
  socket.on('data', (data: Buffer) => {
    const at = performance.timeOrigin + performance.now();
    buf = buf.length ? Buffer.concat([buf, data]) : data;
    if (!headDone) {
      const i = buf.indexOf(HEAD_END);
      if (i < 0) return;
      const head = buf.subarray(0, i).toString('latin1').toLowerCase();
      if (!/^http\/1\.1 200 /.test(head) || !head.includes('transfer-encoding: chunked'))
        return end(`unexpected response head: ${head.split('\r\n')[0]}`);
      headDone = true;
      buf = buf.subarray(i + 4);
    }
    for (;;) {
      if (left === -2) {
        if (buf.length < 2) break;
        buf = buf.subarray(2);
        left = -1;
      }
      if (left === -1) {
        const nl = buf.indexOf(CRLF);
        if (nl < 0) break;
        const size = Number.parseInt(buf.subarray(0, nl).toString('latin1'), 16);
        buf = buf.subarray(nl + 2);
        if (!Number.isFinite(size)) return end('bad chunk size');
        if (size === 0) return end();
        left = size;
      }
      if (!buf.length) break;
      const take = buf.subarray(0, left);
      buf = buf.subarray(take.length);
      left -= take.length;
      handlers.onBytes(at, take);
      if (left > 0) break;
      left = -2;
    }
  });
  socket.on('error', (err) => end(err.message));
  socket.on('close', () => end('connection closed before the last chunk'));
  return socket;
}
