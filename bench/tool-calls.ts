import { parseBoundedJson } from '../config/index.js';
import type { ToolCall } from '../datasets/index.js';
import { CappedText, type StoreBudget, type TextCut } from './capped-text.js';

interface Partial {
  id: string | undefined;
  name: string;
  args: CappedText;
}

export interface ToolCallLimits {
  maxToolCalls: number;
  maxJsonDepth: number;
}

export interface MergedToolCalls {
  calls: ToolCall[];
  cuts: TextCut[];
  /** Index of the first call whose arguments nest deeper than maxJsonDepth. */
  tooDeep: number | undefined;
}

/** Merges streamed tool_calls deltas by index: id/name replaced when present, arguments concatenated. */
export class ToolCallMerger {
  private readonly byIndex = new Map<number, Partial>();
  /** Set once a delta named more distinct calls than maxToolCalls; nothing more is merged. */
  overflow = false;

  constructor(
    private readonly limits: ToolCallLimits,
    private readonly budget: StoreBudget,
  ) {}

  /** Returns the characters of argument text this delta carried. */
  add(deltas: unknown[]): number {
    let chars = 0;
    for (const d of deltas) {
      if (typeof d !== 'object' || d === null) continue;
      const delta = d as {
        index?: unknown;
        id?: unknown;
        function?: { name?: unknown; arguments?: unknown };
      };
      const index = typeof delta.index === 'number' && Number.isInteger(delta.index) ? delta.index : 0;
      let entry = this.byIndex.get(index);
      if (!entry) {
        if (this.byIndex.size >= this.limits.maxToolCalls) {
          this.overflow = true;
          return chars;
        }
        entry = { id: undefined, name: '', args: new CappedText('', this.budget) };
        this.byIndex.set(index, entry);
      }
      if (typeof delta.id === 'string') entry.id = delta.id.slice(0, 256);
      const fn = delta.function;
      if (typeof fn === 'object' && fn !== null) {
        if (typeof fn.name === 'string') entry.name = fn.name.slice(0, 256);
        if (typeof fn.arguments === 'string') {
          entry.args.push(fn.arguments);
          chars += fn.arguments.length;
        }
      }
    }
    return chars;
  }

  get size(): number {
    return this.byIndex.size;
  }

  result(): MergedToolCalls {
    const cuts: TextCut[] = [];
    let tooDeep: number | undefined;
    const calls = [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, e]) => {
        const argumentsRaw = e.args.text;
        const cut = e.args.cut();
        if (cut) cuts.push({ ...cut, field: `tool_calls[${index}].arguments` });
        const parsed = parseArguments(argumentsRaw, this.limits.maxJsonDepth);
        if (parsed === TOO_DEEP) tooDeep ??= index;
        const args = parsed === TOO_DEEP ? undefined : parsed;
        return { index, id: e.id, name: e.name, argumentsRaw, arguments: args };
      });
    return { calls, cuts, tooDeep };
  }
}

const TOO_DEEP = Symbol('too deep');

function parseArguments(
  raw: string,
  maxDepth: number,
): Record<string, unknown> | undefined | typeof TOO_DEEP {
  if (raw.trim() === '') return {};
  try {
    const parsed = parseBoundedJson(raw, maxDepth);
    if (!parsed) return TOO_DEEP;
    const v = parsed.value;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
