import { createHash, type Hash } from 'node:crypto';

/** How a stored text was cut: its full length and the sha256 of the whole text as received. */
export interface TextCut {
  /** content, reasoning, or tool_calls[i].arguments */
  field: string;
  /** Characters received (UTF-16 code units); only the first `kept` are stored and graded. */
  chars: number;
  kept: number;
  sha256: string;
}

/** Characters one answer may still store, shared by its content, reasoning and tool-call arguments. */
export interface StoreBudget {
  left: number;
}

/**
 * Accumulates streamed text, storing it while the answer's budget lasts. Past that the rest is only
 * counted and hashed, so memory and the ledger stay bounded while the record still proves what was received.
 */
export class CappedText {
  private readonly parts: string[] = [];
  private kept = 0;
  private total = 0;
  private hash: Hash | undefined;
  /** A high surrogate ending the last piece: hashed with the next piece, so a pair split across deltas hashes as one. */
  private pendingHigh = '';
  private result: TextCut | undefined;

  constructor(
    private readonly field: string,
    private readonly budget: StoreBudget,
  ) {}

  push(piece: string): void {
    this.total += piece.length;
    if (this.hash) {
      this.hashPiece(piece);
      return;
    }
    if (piece.length <= this.budget.left) {
      this.parts.push(piece);
      this.kept += piece.length;
      this.budget.left -= piece.length;
      return;
    }
    this.hash = createHash('sha256');
    for (const p of this.parts) this.hashPiece(p);
    this.hashPiece(piece);
    const room = this.budget.left;
    this.parts.push(piece.slice(0, room));
    this.kept += room;
    this.budget.left = 0;
  }

  private hashPiece(piece: string): void {
    const text = this.pendingHigh + piece;
    const last = text.charCodeAt(text.length - 1);
    const splitsPair = last >= 0xd800 && last <= 0xdbff;
    this.pendingHigh = splitsPair ? text.slice(-1) : '';
    this.hash!.update(splitsPair ? text.slice(0, -1) : text, 'utf8');
  }

  get text(): string {
    return this.parts.join('');
  }

  get chars(): number {
    return this.total;
  }

  /** Set when text was cut: the whole text's length and sha256 (of its UTF-8, as one string would encode). */
  cut(): TextCut | undefined {
    if (!this.hash) return undefined;
    if (!this.result) {
      if (this.pendingHigh) this.hash.update(this.pendingHigh, 'utf8');
      this.result = {
        field: this.field,
        chars: this.total,
        kept: this.kept,
        sha256: this.hash.digest('hex'),
      };
    }
    return this.result;
  }
}
