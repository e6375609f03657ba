/**
 * Decodes one HTTP/1.1 response read from a raw socket: the head (status line and headers, skipping 1xx), then
 * the body framed by chunked transfer coding, content-length, or the end of the connection. Everything a miner
 * controls is bounded: the head's size and header count, the chunk-size line's length and value. Pure: bytes in,
 * head and body pieces out; a framing error throws ResponseError.
 */

export interface ResponseHead {
  status: number;
  /** Lower-case header names; repeated headers joined with ',' (as undici reports them). */
  headers: Map<string, string>;
}

export interface ResponseLimits {
  /** Bytes of one response head (status line, headers, the blank line), and of the chunked trailers. */
  maxHeadBytes: number;
  maxHeaders: number;
  /**
   * Chunks of a chunked body. Each costs a parse whatever its size, so a body cut into 1-byte chunks would make
   * the worker (which stamps every stream's reads) spend seconds on one miner's framing.
   */
  maxChunks: number;
}

/** What was wrong with the response; `inBody` once the head was complete. */
export class ResponseError extends Error {
  constructor(
    message: string,
    readonly inBody: boolean,
  ) {
    super(message);
  }
}

/** A chunk-size line (hex size and any extensions) longer than this is not a chunk-size line. */
export const MAX_CHUNK_LINE = 256;
/**
 * Informational (1xx) heads before the response's own: each may use the whole head budget, so without a bound a
 * server could send them until the deadline (and make the worker parse head after head meanwhile).
 */
export const MAX_INFORMATIONAL = 8;
/** 12 hex digits: 256 TiB, far past any body cap, and exact as a JS number. */
const CHUNK_SIZE = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9][0-9]{2})(?: [^\r\n]*)?$/;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'size' | 'data' | 'data-end' | 'trailers' | 'length' | 'close' | 'done';

export class ResponseDecoder {
  head: ResponseHead | undefined;
  /** The connection may carry another request (HTTP/1.1, framed body read to its end, no `connection: close`). */
  reusable = false;
  private state: State = 'head';
  private pending: Buffer = EMPTY;
  /** Bytes of the current chunk, or of the content-length body, still to come. */
  private left = 0;
  private trailerBytes = 0;
  private chunks = 0;
  private informational = 0;
  private informationalBytes = 0;
  private keepAlive = false;

  constructor(
    private readonly limits: ResponseLimits,
    private readonly onHead: (head: ResponseHead) => void,
    private readonly onBody: (bytes: Buffer) => void,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Feeds bytes read from the socket. Throws ResponseError on a malformed or oversized response. */
  push(data: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    this.pending = EMPTY;
    while (buf.length && this.state !== 'done') {
      const rest = this.step(buf);
      if (rest === undefined) return;
      buf = rest;
    }
    // bytes after the end of the response: the connection is not clean for another request
    if (buf.length && this.state === 'done') this.reusable = false;
  }

  /** The peer closed the connection: fine only for a body delimited by the close. */
  close(): void {
    if (this.state === 'done') return;
    if (this.state === 'close') {
      this.state = 'done';
      return;
    }
    if (this.state === 'head')
      throw new ResponseError('the connection closed before the response head', false);
    throw new ResponseError(
      this.state === 'length'
        ? `the connection closed with ${this.left} bytes of the content-length body still to come`
        : 'the connection closed in the middle of the chunked body',
      true,
    );
  }

  /** Consumes what it can from `buf`; returns the rest, or undefined when more bytes are needed (kept). */
  private step(buf: Buffer): Buffer | undefined {
    switch (this.state) {
      case 'head':
        return this.readHead(buf);
      case 'size':
        return this.readSize(buf);
      case 'data':
      case 'length':
      case 'close': {
        const take = this.state === 'close' ? buf : buf.subarray(0, this.left);
        this.onBody(take);
        if (this.state === 'close') return EMPTY;
        this.left -= take.length;
        if (this.left === 0) this.state = this.state === 'data' ? 'data-end' : this.finish();
        return buf.subarray(take.length);
      }
      case 'data-end': {
        if (buf.length < 2) return this.keep(buf);
        if (buf[0] !== 0x0d || buf[1] !== 0x0a)
          throw new ResponseError('a chunk is not followed by CRLF', true);
        this.state = 'size';
        return buf.subarray(2);
      }
      case 'trailers':
        return this.readTrailers(buf);
      default:
        return EMPTY;
    }
  }

  private keep(buf: Buffer): undefined {
    this.pending = Buffer.from(buf);
    return undefined;
  }

  private finish(): State {
    this.reusable = this.keepAlive;
    return 'done';
  }

  private readHead(buf: Buffer): Buffer | undefined {
    const end = buf.indexOf(HEAD_END);
    // informational heads and the response's own share one budget: the bytes kept while a head is incomplete
    // are copied again on every read, so a head sent byte by byte costs its size squared, once
    const budget = this.limits.maxHeadBytes - this.informationalBytes;
    if (end < 0 || end + 4 > budget) {
      if (buf.length > budget || end >= 0)
        throw new ResponseError(
          `the response head (with any informational heads before it) is larger than ${this.limits.maxHeadBytes} bytes`,
          false,
        );
      return this.keep(buf);
    }
    const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
    const statusLine = STATUS_LINE.exec(lines[0]!);
    if (!statusLine)
      throw new ResponseError(
        `not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 80))}`,
        false,
      );
    if (lines.length - 1 > this.limits.maxHeaders)
      throw new ResponseError(`the response has more than ${this.limits.maxHeaders} headers`, false);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      const value = line.slice(colon + 1).trim();
      if (!TOKEN.test(name) || BAD_VALUE.test(value))
        throw new ResponseError(
          `a malformed response header line: ${JSON.stringify(line.slice(0, 80))}`,
          false,
        );
      const key = name.toLowerCase();
      const before = headers.get(key);
      headers.set(key, before === undefined ? value : `${before},${value}`);
    }
    const status = Number(statusLine[2]);
    const rest = buf.subarray(end + 4);
    if (status < 200) {
      if (status === 101) throw new ResponseError('the server switched protocols (101)', false);
      if (++this.informational > MAX_INFORMATIONAL)
        throw new ResponseError(
          `more than ${MAX_INFORMATIONAL} informational responses (1xx) before the response`,
          false,
        );
      this.informationalBytes += end + 4;
      return rest; // an informational response: the real one follows
    }
    // framing first: a head that frames no body it can read is refused before it counts as an answer
    this.state = this.framing(headers, status, statusLine[1] === '1');
    this.head = { status, headers };
    this.onHead(this.head);
    return rest;
  }

  private framing(headers: Map<string, string>, status: number, http11: boolean): State {
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.keepAlive = http11 && !/(^|,)\s*close\s*(,|$)/.test(connection);
    const te = headers.get('transfer-encoding');
    const cl = headers.get('content-length');
    if (te !== undefined && cl !== undefined)
      throw new ResponseError('the response has both transfer-encoding and content-length', false);
    if (status === 204 || status === 304) return this.finish();
    if (te !== undefined) {
      if (te.trim().toLowerCase() !== 'chunked')
        throw new ResponseError(
          `transfer-encoding ${JSON.stringify(te.slice(0, 40))} is not supported`,
          false,
        );
      return 'size';
    }
    if (cl !== undefined) {
      const values = new Set(cl.split(',').map((v) => v.trim()));
      const [only] = values;
      if (values.size !== 1 || !/^[0-9]{1,15}$/.test(only!))
        throw new ResponseError(`a malformed content-length: ${JSON.stringify(cl.slice(0, 40))}`, false);
      this.left = Number(only);
      return this.left === 0 ? this.finish() : 'length';
    }
    this.keepAlive = false;
    return 'close';
  }

  private readSize(buf: Buffer): Buffer | undefined {
    const nl = buf.indexOf(CRLF);
    if (nl < 0 || nl > MAX_CHUNK_LINE) {
      if (buf.length > MAX_CHUNK_LINE || nl > MAX_CHUNK_LINE)
        throw new ResponseError(`a chunk-size line longer than ${MAX_CHUNK_LINE} bytes`, true);
      return this.keep(buf);
    }
    const line = buf.subarray(0, nl).toString('latin1');
    const size = CHUNK_SIZE.exec(line);
    if (!size)
      throw new ResponseError(`a malformed chunk-size line: ${JSON.stringify(line.slice(0, 40))}`, true);
    this.left = Number.parseInt(size[1]!, 16);
    if (++this.chunks > this.limits.maxChunks)
      throw new ResponseError(`the chunked body has more than ${this.limits.maxChunks} chunks`, true);
    this.state = this.left === 0 ? 'trailers' : 'data';
    return buf.subarray(nl + 2);
  }

  private readTrailers(buf: Buffer): Buffer | undefined {
    for (;;) {
      const nl = buf.indexOf(CRLF);
      if (nl < 0) {
        if (this.trailerBytes + buf.length > this.limits.maxHeadBytes)
          throw new ResponseError(
            `the chunked trailers are larger than ${this.limits.maxHeadBytes} bytes`,
            true,
          );
        return this.keep(buf);
      }
      this.trailerBytes += nl + 2;
      if (this.trailerBytes > this.limits.maxHeadBytes)
        throw new ResponseError(
          `the chunked trailers are larger than ${this.limits.maxHeadBytes} bytes`,
          true,
        );
      const line = buf.subarray(0, nl);
      buf = buf.subarray(nl + 2);
      if (line.length === 0) {
        this.state = this.finish();
        return buf;
      }
    }
  }
}
