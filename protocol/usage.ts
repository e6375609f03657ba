import type { Usage } from './types.js';

/** Largest token count believed from a miner: far beyond any context window, far below float trouble. */
export const MAX_USAGE_TOKENS = 10_000_000;
const MAX_COST_USD = 1_000;
const MAX_SANDBOX_SECONDS = 86_400;

const tokens = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_USAGE_TOKENS;
const amount = (max: number) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

const FIELDS: [keyof Usage, string, (v: unknown) => boolean][] = [
  ['promptTokens', 'prompt_tokens', tokens],
  ['completionTokens', 'completion_tokens', tokens],
  ['totalTokens', 'total_tokens', tokens],
  ['reasoningTokens', 'completion_tokens_details.reasoning_tokens', tokens],
  ['costUsd', 'cost_usd', amount(MAX_COST_USD)],
  ['sandboxSeconds', 'sandbox_seconds', amount(MAX_SANDBOX_SECONDS)],
];

export interface ParsedUsage {
  usage: Usage | undefined;
  /** Wire names of fields that were present but not sane (negative, non-integer tokens, non-finite, absurd). */
  rejected: string[];
}

/**
 * Reads an OpenAI/Janus usage object. Only sane values are kept: token counts are integers in
 * [0, 10^7], cost in [0, 1000] USD, sandbox time in [0, 1 day]; any other value present is dropped and
 * named in `rejected`, so a miner's numbers never reach a report unchecked.
 */
export function parseUsage(raw: unknown): ParsedUsage {
  if (typeof raw !== 'object' || raw === null) return { usage: undefined, rejected: [] };
  const u = raw as Record<string, unknown>;
  const details = u.completion_tokens_details;
  const read = (wire: string): unknown =>
    wire.startsWith('completion_tokens_details.')
      ? typeof details === 'object' && details !== null
        ? (details as Record<string, unknown>).reasoning_tokens
        : undefined
      : u[wire];
  const usage: Usage = {};
  const rejected: string[] = [];
  for (const [key, wire, sane] of FIELDS) {
    const v = read(wire);
    if (v === undefined || v === null) continue;
    if (sane(v)) usage[key] = v as number;
    else rejected.push(wire);
  }
  return { usage: Object.keys(usage).length ? usage : undefined, rejected };
}
