import type { Usage } from '../datasets/index.js';

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/** Reads an OpenAI/Janus usage object; ignores fields that are not non-negative numbers. */
export function parseUsage(raw: unknown): Usage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const u = raw as Record<string, unknown>;
  const details = (typeof u.completion_tokens_details === 'object' && u.completion_tokens_details) || {};
  const usage: Usage = {};
  const set = (key: keyof Usage, v: unknown) => {
    const n = num(v);
    if (n !== undefined) usage[key] = n;
  };
  set('promptTokens', u.prompt_tokens);
  set('completionTokens', u.completion_tokens);
  set('totalTokens', u.total_tokens);
  set('reasoningTokens', (details as Record<string, unknown>).reasoning_tokens);
  set('costUsd', u.cost_usd);
  set('sandboxSeconds', u.sandbox_seconds);
  return Object.keys(usage).length ? usage : undefined;
}
