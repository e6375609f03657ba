import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * Exact o200k_base token counts (GPT-4o's tokenizer), fast enough for replaying many rounds: BPE works on
 * each pre-tokenized piece independently, so a piece's count is memoized and a text's count is the sum
 * over its pieces. Special-token strings count as plain text.
 */
let encoder: Tiktoken | undefined;
let pattern: RegExp | undefined;
const memo = new Map<string, number>();
const MEMO_LIMIT = 200_000;

function pieceCount(piece: string): number {
  let n = memo.get(piece);
  if (n === undefined) {
    encoder ??= new Tiktoken(o200k);
    n = encoder.encode(piece, [], []).length;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(piece, n);
  }
  return n;
}

export function countTokens(text: string): number {
  if (!text) return 0;
  pattern ??= new RegExp(o200k.pat_str, 'gu');
  let total = 0;
  for (const m of text.matchAll(pattern)) total += pieceCount(m[0]);
  return total;
}
