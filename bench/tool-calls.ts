import type { ToolCall } from '../datasets/index.js';

interface Partial {
  id: string | undefined;
  name: string;
  args: string[];
}

/** Merges streamed tool_calls deltas by index: id/name replaced when present, arguments concatenated. */
export class ToolCallMerger {
  private readonly byIndex = new Map<number, Partial>();

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
        entry = { id: undefined, name: '', args: [] };
        this.byIndex.set(index, entry);
      }
      if (typeof delta.id === 'string') entry.id = delta.id;
      const fn = delta.function;
      if (typeof fn === 'object' && fn !== null) {
        if (typeof fn.name === 'string') entry.name = fn.name;
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

  result(): ToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, e]) => {
        const argumentsRaw = e.args.join('');
        return { index, id: e.id, name: e.name, argumentsRaw, arguments: parseArguments(argumentsRaw) };
      });
  }
}

function parseArguments(raw: string): Record<string, unknown> | undefined {
  if (raw.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
