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

  constructor(
    private readonly field: string,
    private readonly budget: StoreBudget,
  ) {}

  push(piece: string): void {
    this.total += piece.length;
    if (this.hash) {
      this.hash.update(piece, 'utf8');
      return;
    }
    if (piece.length <= this.budget.left) {
      this.parts.push(piece);
      this.kept += piece.length;
      this.budget.left -= piece.length;
      return;
    }
    this.hash = createHash('sha256');
    for (const p of this.parts) this.hash.update(p, 'utf8');
    this.hash.update(piece, 'utf8');
    const room = this.budget.left;
    this.parts.push(piece.slice(0, room));
    this.kept += room;
    this.budget.left = 0;
  }

  get text(): string {
    return this.parts.join('');
  }

  get chars(): number {
    return this.total;
  }

  /** Set when text was cut; hashing ends here (call once, after the last push). */
  cut(): TextCut | undefined {
    if (!this.hash) return undefined;
    return { field: this.field, chars: this.total, kept: this.kept, sha256: this.hash.digest('hex') };
  }
}
