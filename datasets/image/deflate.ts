/**
 * A small zlib (RFC 1950) writer: deflate (RFC 1951) with the fixed Huffman code and greedy LZ77.
 * It is ours rather than node's zlib because generated images are part of a round's task JSON,
 * which every validator must reproduce byte for byte: node's bundled zlib may pick different
 * matches on different CPUs (SIMD hashing), this code cannot.
 */

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

const WINDOW = 32768;
const MAX_MATCH = 258;
const MAX_CHAIN = 32;
const MAX_INSERT = 16;

class BitWriter {
  private buf = new Uint8Array(1024);
  private len = 0;
  private acc = 0;
  private nbits = 0;

  private push(byte: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = byte;
  }

  /** Writes `n` bits of `value`, least significant first (deflate's bit order for data and extra bits). */
  bits(value: number, n: number): void {
    this.acc |= value << this.nbits;
    this.nbits += n;
    while (this.nbits >= 8) {
      this.push(this.acc & 0xff);
      this.acc >>>= 8;
      this.nbits -= 8;
    }
  }

  byte(b: number): void {
    this.push(b);
  }

  flush(): Uint8Array {
    if (this.nbits > 0) this.push(this.acc & 0xff);
    this.acc = 0;
    this.nbits = 0;
    return this.buf.subarray(0, this.len);
  }
}

const reverse = (code: number, n: number) => {
  let r = 0;
  for (let i = 0; i < n; i++) r |= ((code >> i) & 1) << (n - 1 - i);
  return r;
};

// The fixed literal/length code (RFC 1951 3.2.6), bit-reversed for the LSB-first writer.
const LIT_BITS = new Uint8Array(288);
const LIT_CODE = new Uint16Array(288);
for (let v = 0; v < 288; v++) {
  const [code, n] =
    v < 144 ? [0x30 + v, 8] : v < 256 ? [0x190 + v - 144, 9] : v < 280 ? [v - 256, 7] : [0xc0 + v - 280, 8];
  LIT_BITS[v] = n;
  LIT_CODE[v] = reverse(code, n);
}
const DIST_CODE = Uint8Array.from({ length: 30 }, (_, d) => reverse(d, 5));
const symbolIndex = (base: number[], value: number) => {
  let i = base.length - 1;
  while (base[i]! > value) i--;
  return i;
};
const LENGTH_SYMBOL = Uint8Array.from({ length: MAX_MATCH + 1 }, (_, len) =>
  len < 3 ? 0 : symbolIndex(LENGTH_BASE, len),
);
const DIST_SYMBOL = Uint8Array.from({ length: WINDOW + 1 }, (_, d) =>
  d < 1 ? 0 : symbolIndex(DIST_BASE, d),
);

const literal = (w: BitWriter, v: number) => w.bits(LIT_CODE[v]!, LIT_BITS[v]!);

function match(w: BitWriter, length: number, distance: number): void {
  const li = LENGTH_SYMBOL[length]!;
  literal(w, 257 + li);
  if (LENGTH_EXTRA[li]) w.bits(length - LENGTH_BASE[li]!, LENGTH_EXTRA[li]!);
  const di = DIST_SYMBOL[distance]!;
  w.bits(DIST_CODE[di]!, 5);
  if (DIST_EXTRA[di]) w.bits(distance - DIST_BASE[di]!, DIST_EXTRA[di]!);
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 3800, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib stream of `data`: one final fixed-Huffman block, greedy longest matches over hash chains. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  const w = new BitWriter();
  w.byte(0x78);
  w.byte(0x01);
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE = fixed Huffman
  const head = new Int32Array(1 << 15).fill(-1);
  const prev = new Int32Array(data.length);
  const hash = (i: number) => ((data[i]! << 10) ^ (data[i + 1]! << 5) ^ data[i + 2]!) & 0x7fff;
  const insert = (i: number) => {
    if (i + 2 >= data.length) return;
    const h = hash(i);
    prev[i] = head[h]!;
    head[h] = i;
  };
  let i = 0;
  while (i < data.length) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + 2 < data.length) {
      let cand = head[hash(i)]!;
      const limit = Math.min(MAX_MATCH, data.length - i);
      for (let chain = 0; cand >= 0 && i - cand <= WINDOW && chain < MAX_CHAIN; chain++) {
        let len = 0;
        while (len < limit && data[cand + len] === data[i + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestDist = i - cand;
          if (len === limit) break;
        }
        cand = prev[cand]!;
      }
    }
    if (bestLen >= 3) {
      match(w, bestLen, bestDist);
      // Inside a long match only its ends are worth indexing (zlib's fast levels do the same).
      if (bestLen <= MAX_INSERT) for (let k = 0; k < bestLen; k++) insert(i + k);
      else for (const k of [0, 1, 2, bestLen - 3, bestLen - 2, bestLen - 1]) insert(i + k);
      i += bestLen;
    } else {
      literal(w, data[i]!);
      insert(i);
      i++;
    }
  }
  literal(w, 256);
  const body = w.flush();
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, adler32(data));
  return out;
}
