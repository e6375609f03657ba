import type { FinishReason } from '../protocol/index.js';

/** One SSE event of a scripted answer, written `delayMs` after the previous one. */
export interface ScriptEvent {
  delayMs?: number;
  content?: string;
  reasoning?: string;
  toolCalls?: { index: number; id?: string; name?: string; arguments?: string }[];
  finishReason?: FinishReason;
  /** Written verbatim instead of a chunk (comments, malformed data). */
  raw?: string;
}

/** How a scripted upstream answers one request. */
export interface Script {
  /** Answer this HTTP status with an OpenAI error body instead of a stream (e.g. 429, 503). */
  status?: number;
  errorMessage?: string;
  retryAfterSeconds?: number;
  /** Wait before sending the response headers. */
  headersDelayMs?: number;
  events: ScriptEvent[];
  /** How the stream ends: finish_reason + usage + [DONE] (default), an in-stream error event, or a cut connection. */
  end?: 'done' | 'error' | 'cut';
  /** Usage reported when the request asks for it; default: word counts. false: never report usage. */
  usage?: { prompt_tokens: number; completion_tokens: number; reasoning_tokens?: number } | false;
  reasoningField?: 'reasoning_content' | 'reasoning';
}

/** Seeded PRNG (mulberry32): scripted timing is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word-sized tokens with their trailing space, so joining them restores the text. */
export const tokens = (text: string) => text.match(/\s*\S+\s*|\s+/g) ?? [];

export interface BurstyOptions {
  /** Tokens per event, drawn uniformly from [min, max] (real providers send several at once). */
  tokensPerEvent?: [number, number];
  /** Gap before each event after the first, drawn uniformly from [min, max] ms. */
  gapMs?: [number, number];
  /** Delay before the first event (the model's own time to first token). */
  firstDelayMs?: number;
  reasoning?: string;
  seed?: number;
}

function bursts(
  text: string,
  field: 'content' | 'reasoning',
  rand: () => number,
  opts: BurstyOptions,
  first: boolean,
): ScriptEvent[] {
  const [kMin, kMax] = opts.tokensPerEvent ?? [3, 8];
  const [gMin, gMax] = opts.gapMs ?? [5, 200];
  const toks = tokens(text);
  const out: ScriptEvent[] = [];
  for (let i = 0; i < toks.length; ) {
    const k = kMin + Math.floor(rand() * (kMax - kMin + 1));
    const delayMs = first && out.length === 0 ? (opts.firstDelayMs ?? 0) : gMin + rand() * (gMax - gMin);
    out.push({ delayMs, [field]: toks.slice(i, i + k).join('') });
    i += k;
  }
  return out;
}

/** A streamed answer shaped like a real provider's: uneven bursts of tokens, reasoning first when given. */
export function burstyScript(text: string, opts: BurstyOptions = {}): Script {
  const rand = seededRandom(opts.seed ?? 1);
  const reasoning = opts.reasoning ? bursts(opts.reasoning, 'reasoning', rand, opts, true) : [];
  return { events: [...reasoning, ...bursts(text, 'content', rand, opts, reasoning.length === 0)] };
}

/** Tool calls streamed the OpenAI way: id and name first, then the arguments JSON in `pieces` fragments. */
export function toolCallScript(
  calls: { name: string; arguments: Record<string, unknown> }[],
  opts: { pieces?: number; gapMs?: number; content?: string } = {},
): Script {
  const events: ScriptEvent[] = [];
  if (opts.content) events.push({ content: opts.content });
  calls.forEach((call, index) => {
    events.push({ delayMs: opts.gapMs, toolCalls: [{ index, id: `call_${index + 1}`, name: call.name }] });
    const args = JSON.stringify(call.arguments);
    const pieces = opts.pieces ?? 3;
    const size = Math.ceil(args.length / pieces);
    for (let i = 0; i < args.length; i += size) {
      events.push({ delayMs: opts.gapMs, toolCalls: [{ index, arguments: args.slice(i, i + size) }] });
    }
  });
  events.push({ finishReason: 'tool_calls' });
  return { events };
}
