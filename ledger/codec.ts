import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How a record's canonical JSON line is kept in LevelDB (ledger/README.md, "Stored values"). The line is the
 * record: its hash, the chain and the seals are computed on it, and every read gives it back byte for byte.
 *
 * Format 1: the line itself, UTF-8 (always starts with `{`).
 * Format 2: byte 0x02, the CRC-32 of the rest (4 bytes, big endian), then a raw DEFLATE stream of:
 *   varint skeleton length, the skeleton (UTF-8), varint number of columns, then the columns (writeColumn).
 * The skeleton is the line with every integer array of at least 4 numbers (`[150000,170000,...]`,
 * found in the text, wherever it is) replaced by the byte 0x01, which canonical JSON never contains.
 */
export const FORMAT_2_TAG = 0x02;
/** `{`: every format 1 value is a JSON object's line. */
const FORMAT_1_FIRST = 0x7b;
const MARKER = '\u0001';
/** Lines shorter than this stay format 1 (there is little to gain, and they stay readable in a raw dump). */
export const MIN_ENCODED_LINE = 1024;
/**
 * The longest line (UTF-8 bytes) kept in format 2; longer lines stay format 1. A format 2 value can expand
 * a thousandfold (DEFLATE, then a byte per number), so a reader refuses to build more than this from one:
 * a crafted value of a few hundred KB in a ledger handed to an auditor would otherwise take gigabytes and
 * end the process. Real lines are far shorter (a miner's round of measurements is a few hundred KB).
 */
export const MAX_FORMAT_2_LINE = 16 * 1024 * 1024;
/** An integer array needs at least this many numbers to become a column (INT_ARRAY's `{3,}` plus one). */
const MIN_COLUMN = 4;
/** Arrays of at least 4 integers of at most 15 digits (their differences and zigzag codes stay safe integers). */
const INT_ARRAY = /\[(?:0|-?[1-9]\d{0,14})(?:,(?:0|-?[1-9]\d{0,14})){3,}\]/g;

export class StoredValueError extends Error {}

/** False when the text holds a lone surrogate, which UTF-8 cannot carry (such a line is kept as format 1). */
export const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

class Bytes {
  buf = new Uint8Array(4096);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  varint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
}

/** The integers of an INT_ARRAY match (each 0 or -?[1-9] and at most 14 more digits: exact as numbers). */
function parseInts(text: string): number[] {
  const out: number[] = [];
  let i = 1;
  while (i < text.length) {
    let neg = false;
    if (text.charCodeAt(i) === 45) {
      neg = true;
      i++;
    }
    let v = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) v = v * 10 + (c - 48);
    out.push(neg ? -v : v);
    i++; // ',' or ']'
  }
  return out;
}

const zigzag = (d: number) => (d >= 0 ? d * 2 : -d * 2 - 1);
const varintLength = (v: number) =>
  v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 8;

/**
 * A column: varint (count * 4 + order), then the count values' order-th differences as zigzag varints
 * (order 0: the values; 1: each minus the one before; 2: the differences of those), the smallest of the three.
 * Values before the first are taken as 0.
 */
function writeColumn(out: Bytes, values: number[]): void {
  const size = [0, 0, 0];
  let p1 = 0;
  let p2 = 0;
  for (const v of values) {
    const d1 = v - p1;
    size[0]! += varintLength(zigzag(v));
    size[1]! += varintLength(zigzag(d1));
    size[2]! += varintLength(zigzag(d1 - p2));
    p1 = v;
    p2 = d1;
  }
  const order = size[1]! < size[0]! ? (size[2]! < size[1]! ? 2 : 1) : size[2]! < size[0]! ? 2 : 0;
  out.varint(values.length * 4 + order);
  p1 = 0;
  p2 = 0;
  for (const v of values) {
    const d1 = v - p1;
    out.varint(zigzag(order === 0 ? v : order === 1 ? d1 : d1 - p2));
    p1 = v;
    p2 = d1;
  }
}

/** The value to store for `line`: format 2 when the line is long and format 2 is smaller, else the line. */
export function encodeStoredValue(line: string, format: 1 | 2 = 2): Buffer {
  const plain = Buffer.from(line, 'utf8');
  if (format === 1 || plain.length < MIN_ENCODED_LINE) return plain;
  const value = encodeFormat2(line);
  return value !== undefined && value.length < plain.length ? value : plain;
}

/**
 * `line` in format 2, or undefined when it cannot be (it holds the marker byte, which canonical JSON never
 * does but an imported line might, or a lone surrogate, which UTF-8 cannot carry, or it is longer than
 * MAX_FORMAT_2_LINE).
 */
export function encodeFormat2(line: string): Buffer | undefined {
  if (line.includes(MARKER) || !wellFormed(line)) return undefined;
  if (Buffer.byteLength(line, 'utf8') > MAX_FORMAT_2_LINE) return undefined;
  const columns: string[] = [];
  const skeleton = line.replace(INT_ARRAY, (m) => {
    columns.push(m);
    return MARKER;
  });
  const out = new Bytes();
  const skeletonBytes = Buffer.from(skeleton, 'utf8');
  out.varint(skeletonBytes.length);
  out.bytes(skeletonBytes);
  out.varint(columns.length);
  for (const text of columns) writeColumn(out, parseInts(text));
  const deflated = deflateRawSync(out.buf.subarray(0, out.length));
  const value = Buffer.allocUnsafe(5 + deflated.length);
  value[0] = FORMAT_2_TAG;
  value.writeUInt32BE(crc32(deflated), 1);
  deflated.copy(value, 5);
  return value;
}

/** The bytes format 2 deflates (for the README's worked example and the tests). */
export function format2Payload(value: Uint8Array): Buffer {
  return inflateRawSync(Buffer.from(value.buffer, value.byteOffset, value.length).subarray(5));
}

/** The line a stored value holds; throws StoredValueError when the value is damaged or of no known format. */
export function decodeStoredValue(value: Uint8Array): string {
  if (value.length === 0) throw new StoredValueError('the stored value is empty');
  if (value[0] === FORMAT_1_FIRST)
    return Buffer.from(value.buffer, value.byteOffset, value.length).toString('utf8');
  if (value[0] !== FORMAT_2_TAG)
    throw new StoredValueError(
      `the stored value starts with byte 0x${value[0]!.toString(16)}, no known record format`,
    );
  if (value.length < 5) throw new StoredValueError('the stored value is cut short (format 2)');
  const view = Buffer.from(value.buffer, value.byteOffset, value.length);
  const deflated = view.subarray(5);
  if (crc32(deflated) !== view.readUInt32BE(1))
    throw new StoredValueError('the stored value fails its CRC-32 (format 2)');
  let payload: Buffer;
  try {
    // a few KB of crafted DEFLATE can claim gigabytes; a payload is never longer than its line (+ 2 varints)
    payload = inflateRawSync(deflated, { maxOutputLength: MAX_FORMAT_2_LINE + 32 });
  } catch (err) {
    throw new StoredValueError(`the stored value does not inflate (format 2): ${(err as Error).message}`);
  }
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= payload.length) throw new StoredValueError('the stored value is cut short (format 2)');
      const b = payload[at++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new StoredValueError('a varint is too long (format 2)');
    }
  };
  const skeletonLength = varint();
  if (at + skeletonLength > payload.length)
    throw new StoredValueError('the skeleton is cut short (format 2)');
  // The line is built as UTF-8 bytes (the skeleton's, with each marker byte replaced by its column's text in
  // ASCII) and decoded once: the same string as decoding the skeleton and joining it with the columns' texts,
  // since a marker and a column's brackets are all ASCII, which UTF-8 decoding never merges with a neighbour.
  const skeletonStart = at;
  const skeletonEnd = at + skeletonLength;
  at = skeletonEnd;
  const count = varint();
  const out = new LineBytes();
  // UTF-8 bytes of the line so far: the skeleton without its markers, then each column's text as it is made
  let size = skeletonLength - count;
  let from = skeletonStart;
  for (let c = 0; c < count; c++) {
    const found = payload.indexOf(MARKER_BYTE, from);
    const marker = found >= 0 && found < skeletonEnd ? found : -1;
    if (marker < 0)
      throw new StoredValueError(`the skeleton has ${c} columns, the value ${count} (format 2)`);
    out.copy(payload, from, marker);
    from = marker + 1;
    const head = varint();
    const order = head % 4;
    const n = (head - order) / 4;
    if (order > 2) throw new StoredValueError(`column ${c} has order ${order} (format 2)`);
    if (n < MIN_COLUMN)
      throw new StoredValueError(`column ${c} has ${n} numbers, fewer than ${MIN_COLUMN} (format 2)`);
    if (n > payload.length - at) throw new StoredValueError(`column ${c} is cut short (format 2)`);
    // n numbers take at least 2n + 1 characters ("[0,0,...]")
    if (size + 2 * n + 1 > MAX_FORMAT_2_LINE)
      throw new StoredValueError(`the line would be longer than ${MAX_FORMAT_2_LINE} bytes (format 2)`);
    const textStart = out.length;
    out.byte(0x5b); // '['
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      let z = payload[at++]!;
      if (z >= 0x80) {
        z &= 0x7f;
        let scale = 0x80;
        for (;;) {
          if (at >= payload.length) throw new StoredValueError('the stored value is cut short (format 2)');
          const b = payload[at++]!;
          z += (b & 0x7f) * scale;
          if (b < 0x80) break;
          scale *= 0x80;
          if (scale > 2 ** 56) throw new StoredValueError('a varint is too long (format 2)');
        }
      }
      const x = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      const d1 = order === 0 ? x - p1 : order === 1 ? x : x + p2;
      p1 += d1;
      p2 = d1;
      if (i > 0) out.byte(0x2c); // ','
      out.number(p1);
    }
    out.byte(0x5d); // ']'
    size += out.length - textStart;
    if (size > MAX_FORMAT_2_LINE)
      throw new StoredValueError(`the line would be longer than ${MAX_FORMAT_2_LINE} bytes (format 2)`);
  }
  const extra = payload.indexOf(MARKER_BYTE, from);
  if (extra >= 0 && extra < skeletonEnd)
    throw new StoredValueError(`the skeleton has more than ${count} columns (format 2)`);
  out.copy(payload, from, skeletonEnd);
  if (at !== payload.length) throw new StoredValueError('the stored value has trailing bytes (format 2)');
  return out.text();
}

const MARKER_BYTE = 0x01;

/**
 * The bytes of the line being decoded: one buffer for the whole process (the line is copied into its string
 * before the next value is decoded), so a replay does not allocate and join a piece per column.
 */
let lineScratch = Buffer.allocUnsafe(64 * 1024);

class LineBytes {
  buf = lineScratch;
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    // keep buffers up to the longest line format 2 holds for the next value
    if (size <= MAX_FORMAT_2_LINE) lineScratch = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  copy(from: Buffer, start: number, end: number): void {
    this.room(end - start);
    if (end - start > 64) {
      this.length += from.copy(this.buf, this.length, start, end);
      return;
    }
    // the skeleton's pieces between columns are mostly a few bytes (`],"n":`): Buffer#copy costs more than them
    const buf = this.buf;
    let at = this.length;
    for (let i = start; i < end; i++) buf[at++] = from[i]!;
    this.length = at;
  }

  /** `v` as String(v) writes it (every column value is an integer: digits, exact up to 2^53). */
  number(v: number): void {
    if (!Number.isSafeInteger(v)) {
      const text = String(v);
      this.room(text.length);
      this.length += this.buf.write(text, this.length, 'latin1');
      return;
    }
    this.room(17);
    if (v < 0) {
      this.buf[this.length++] = 0x2d; // '-'
      v = -v;
    }
    if (v < 10) {
      this.buf[this.length++] = 48 + v;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let i = this.length + digits;
    this.length = i;
    while (v >= 10) {
      const q = Math.floor(v / 10);
      this.buf[--i] = 48 + (v - q * 10);
      v = q;
    }
    this.buf[--i] = 48 + v;
  }

  text(): string {
    return this.buf.toString('utf8', 0, this.length);
  }
}
