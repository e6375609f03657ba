import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * Exact tiktoken counts (o200k_base, GPT-4o's tokenizer, and cl100k_base), fast enough for replaying many
 * rounds and safe against hostile text: validators score with it and the miner template counts usage with
 * it, so both agree. A text's count is the sum over its pre-tokenized pieces, and each piece's count is
 * memoized. js-tiktoken's own merge loop is quadratic in a piece's length (a 40,000-character run of one
 * punctuation mark is one piece and took minutes), so pieces are merged here with a heap instead: the same
 * merges in the same order (lowest rank first, leftmost on ties), so the same count, in O(n log n).
 */
export type TokenizerName = 'o200k_base' | 'cl100k_base';

/** A tokenizer's table as js-tiktoken ships it. */
interface RankFile {
  pat_str: string;
  bpe_ranks: string;
}

const MEMO_LIMIT = 200_000;
/** Longer pieces are rare and rarely repeat; memoizing them would only hold memory. */
const MEMO_PIECE_CHARS = 256;
const utf8 = new TextEncoder();

/** One char per byte: a short map key, made without joining numbers. */
const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

/** A min-heap of candidate merges keyed by (rank, start offset). */
class MergeHeap {
  private readonly items: [rank: number, start: number, version: number][] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: [number, number, number]): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): [number, number, number] {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const less = (x: [number, number, number], y: [number, number, number]) =>
  x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

/** Tokens of one regex piece's bytes: byte-pair merges until no adjacent pair has a rank. */
function bpeCount(bytes: Uint8Array, table: Map<string, number>, longestToken: number): number {
  const n = bytes.length;
  if (n <= 1 || (n <= longestToken && table.has(latin1(bytes)))) return 1;
  // parts as a linked list over byte offsets: a part runs from its start to the next part's start
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const version = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new MergeHeap();
  const rankOf = (start: number): number | undefined => {
    const mid = next[start]!;
    if (mid >= n) return undefined;
    return table.get(latin1(bytes.subarray(start, next[mid]!)));
  };
  const offer = (start: number) => {
    const r = rankOf(start);
    if (r !== undefined) heap.push([r, start, version[start]!]);
  };
  for (let i = 0; i < n - 1; i++) offer(i);
  let parts = n;
  while (heap.size) {
    const [, start, v] = heap.pop();
    if (v !== version[start] || next[start]! >= n) continue;
    // merge `start` with the part after it
    const gone = next[start]!;
    next[start] = next[gone]!;
    if (next[start]! < n) prev[next[start]!] = start;
    version[gone] = -1;
    version[start]!++;
    parts--;
    offer(start);
    const before = prev[start]!;
    if (before >= 0) {
      version[before]!++;
      offer(before);
    }
  }
  return parts;
}

export class Tokenizer {
  private ranks: Map<string, number> | undefined;
  /** Bytes of the longest token: a longer piece is never one token. */
  private longestToken = 0;
  private readonly pattern: RegExp;
  private readonly memo = new Map<string, number>();

  constructor(
    readonly name: TokenizerName,
    private readonly file: RankFile,
  ) {
    this.pattern = new RegExp(file.pat_str, 'gu');
  }

  /** Tokens in `text`, as tiktoken's encode(text).length with no special tokens allowed. */
  count(text: string): number {
    if (!text) return 0;
    let total = 0;
    for (const m of text.matchAll(this.pattern)) total += this.pieceCount(m[0]);
    return total;
  }

  private pieceCount(piece: string): number {
    let n = this.memo.get(piece);
    if (n === undefined) {
      n = bpeCount(utf8.encode(piece), this.rankMap(), this.longestToken);
      if (piece.length <= MEMO_PIECE_CHARS) {
        if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
        this.memo.set(piece, n);
      }
    }
    return n;
  }

  private rankMap(): Map<string, number> {
    if (!this.ranks) {
      // lines of "<name> <first rank> <base64 token> <base64 token> ..."
      const ranks = new Map<string, number>();
      for (const line of this.file.bpe_ranks.split('\n')) {
        if (!line) continue;
        const [, first, ...tokens] = line.split(' ');
        const offset = Number.parseInt(first!, 10);
        tokens.forEach((token, i) => {
          const bytes = Buffer.from(token, 'base64');
          this.longestToken = Math.max(this.longestToken, bytes.length);
          ranks.set(bytes.toString('latin1'), offset + i);
        });
      }
      this.ranks = ranks;
    }
    return this.ranks;
  }
}

const o200kTokenizer = new Tokenizer('o200k_base', o200k);
const loaded = new Map<TokenizerName, Promise<Tokenizer>>([['o200k_base', Promise.resolve(o200kTokenizer)]]);

/** A tokenizer by name, loaded once per process (cl100k's table is imported on first use). */
export function loadTokenizer(name: TokenizerName): Promise<Tokenizer> {
  let t = loaded.get(name);
  if (!t) {
    t = import('js-tiktoken/ranks/cl100k_base').then((m) => new Tokenizer(name, m.default as RankFile));
    loaded.set(name, t);
  }
  return t;
}

/** o200k_base tokens in `text`: the count scoring uses. */
export function countTokens(text: string): number {
  return o200kTokenizer.count(text);
}
