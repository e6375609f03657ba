import type { Answer } from '../../answer.js';
import type { Task } from '../../task.js';

/** A tool call as janus-bench's runner records it: `{function, arguments}` with unparsable arguments as {}. */
export interface JanusCall {
  function: string;
  arguments: Record<string, unknown>;
}

export function janusCalls(answer: Answer): JanusCall[] {
  return answer.toolCalls.map((c) => ({ function: c.name, arguments: c.arguments ?? {} }));
}

export function hasImageInput(task: Pick<Task, 'messages'>): boolean {
  return task.messages.some((m) => Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
}

/** Python's str() of a JSON value, as janus-bench compares stringified arguments. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const repr = (x: unknown): string => (typeof x === 'string' ? `'${x}'` : pyStr(x));
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `'${k}': ${repr(x)}`)
    .join(', ')}}`;
}

/** Python's == on JSON values (True == 1, 1 == 1.0). */
export function pyEq(a: unknown, b: unknown): boolean {
  const num = (x: unknown) => typeof x === 'number' || typeof x === 'boolean';
  if (num(a) && num(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const bo = b as Record<string, unknown>;
    return (
      ka.length === Object.keys(bo).length &&
      ka.every((k) => k in bo && pyEq((a as Record<string, unknown>)[k], bo[k]))
    );
  }
  return a === b;
}

/** janus `_as_list`: None -> [], list -> [str(x)], else [str(value)]. */
export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(pyStr) : [pyStr(v)];
}

export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Fraction of items found as case-insensitive substrings (janus `_score_contains`). */
export function fractionContained(text: string, items: string[]): number {
  if (!text || !items.length) return 0;
  const lower = text.toLowerCase();
  return items.filter((i) => lower.includes(i.toLowerCase())).length / items.length;
}

/** The loader's expected_keywords: the item's own, else a public line's `expected.contains`. */
export function expectedKeywords(task: Task): string[] | undefined {
  const kw = task.expected.expected_keywords ?? task.expected.contains;
  return Array.isArray(kw) ? kw.map(pyStr) : undefined;
}

export const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() && Number.isFinite(Number(v))
      ? Number(v)
      : fallback;

/** Python truthiness of a JSON value. */
export function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Python's dict.get(key, default): the default only when the key is absent. */
export const pyGet = (o: Record<string, unknown>, key: string, fallback: unknown): unknown =>
  key in o ? o[key] : fallback;
