import type { Usage } from './types.js';
import { parseUsage } from './usage.js';

/** What one parsed chat.completion.chunk carried. */
export interface ChunkParts {
  content: string;
  reasoning: string;
  toolDeltas: unknown[] | undefined;
  usage: Usage | undefined;
  /** Usage fields present but not sane (see parseUsage). */
  usageRejected: string[];
  finishReason: string | undefined;
  /** Set when the chunk is an error object ({"error": ...}). */
  error: string | undefined;
}

/** A miner's error text and finish_reason are stored with the measurement: longer ones are cut. */
const MAX_ERROR_CHARS = 500;
const MAX_FINISH_REASON_CHARS = 64;

/** JSON of a miner's error object; one nested too deep to stringify (RangeError) is named, not thrown. */
function stringified(err: object): string {
  try {
    return JSON.stringify(err);
  } catch {
    return 'an error object too deeply nested to show';
  }
}

function errorText(err: unknown): string {
  if (typeof err === 'string') return err.slice(0, MAX_ERROR_CHARS);
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: unknown; code?: unknown; type?: unknown };
    const msg = typeof e.message === 'string' ? e.message : stringified(err);
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? ` (${e.code})` : '';
    return `${msg}${code}`.slice(0, MAX_ERROR_CHARS);
  }
  return String(err).slice(0, MAX_ERROR_CHARS);
}

/**
 * Reads the first choice's delta; accepts reasoning_content and reasoning, tolerates empty choices.
 * Never throws: an error object too deeply nested to stringify is named, not thrown.
 */
export function readChunk(json: unknown): ChunkParts {
  const parts: ChunkParts = {
    content: '',
    reasoning: '',
    toolDeltas: undefined,
    usage: undefined,
    usageRejected: [],
    finishReason: undefined,
    error: undefined,
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    parts.error = `expected a JSON object, got ${JSON.stringify(json).slice(0, 80)}`;
    return parts;
  }
  const chunk = json as { error?: unknown; choices?: unknown; usage?: unknown };
  if (chunk.error !== undefined && chunk.error !== null) {
    parts.error = errorText(chunk.error);
    return parts;
  }
  const usage = parseUsage(chunk.usage);
  parts.usage = usage.usage;
  parts.usageRejected = usage.rejected;
  const choice = Array.isArray(chunk.choices)
    ? (chunk.choices[0] as Record<string, unknown> | undefined)
    : undefined;
  if (!choice || typeof choice !== 'object') return parts;
  if (typeof choice.finish_reason === 'string')
    parts.finishReason = choice.finish_reason.slice(0, MAX_FINISH_REASON_CHARS);
  const delta = choice.delta;
  if (typeof delta !== 'object' || delta === null) return parts;
  const d = delta as {
    content?: unknown;
    reasoning_content?: unknown;
    reasoning?: unknown;
    tool_calls?: unknown;
  };
  if (typeof d.content === 'string') parts.content = d.content;
  const reasoning =
    typeof d.reasoning_content === 'string' && d.reasoning_content ? d.reasoning_content : d.reasoning;
  if (typeof reasoning === 'string') parts.reasoning = reasoning;
  if (Array.isArray(d.tool_calls) && d.tool_calls.length > 0) parts.toolDeltas = d.tool_calls;
  return parts;
}
