import { createParser } from 'eventsource-parser';
import type { EngineEvent, FinishReason, TokenCounts } from '../types.js';

const FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

interface RawChunk {
  error?: { message?: unknown } | string;
  choices?: {
    delta?: {
      content?: unknown;
      reasoning_content?: unknown;
      reasoning?: unknown;
      tool_calls?: {
        index?: unknown;
        id?: unknown;
        function?: { name?: unknown; arguments?: unknown };
      }[];
    };
    finish_reason?: unknown;
  }[];
  usage?: {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    completion_tokens_details?: { reasoning_tokens?: unknown } | null;
  } | null;
}

const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/** Appends the engine events one upstream chat.completion.chunk carries. Throws on an in-stream error object. */
export function chunkToEvents(chunk: RawChunk, out: EngineEvent[]): void {
  if (chunk.error) {
    const e = chunk.error;
    throw new Error(typeof e === 'string' ? e : String(e.message ?? JSON.stringify(e)));
  }
  const choice = chunk.choices?.[0];
  const delta = choice?.delta;
  if (delta) {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') out.push({ type: 'reasoning', text: reasoning });
    if (typeof delta.content === 'string' && delta.content !== '') {
      out.push({ type: 'content', text: delta.content });
    }
    for (const call of delta.tool_calls ?? []) {
      const d: { index: number; id?: string; name?: string; arguments?: string } = {
        index: typeof call.index === 'number' ? call.index : 0,
      };
      if (typeof call.id === 'string' && call.id !== '') d.id = call.id;
      if (typeof call.function?.name === 'string' && call.function.name !== '') d.name = call.function.name;
      if (typeof call.function?.arguments === 'string' && call.function.arguments !== '') {
        d.arguments = call.function.arguments;
      }
      if (d.id || d.name || d.arguments) out.push({ type: 'tool_call', delta: d });
    }
  }
  if (typeof choice?.finish_reason === 'string' && FINISH_REASONS.has(choice.finish_reason)) {
    out.push({ type: 'finish', reason: choice.finish_reason as FinishReason });
  }
  if (chunk.usage) {
    const usage: TokenCounts = {};
    const p = count(chunk.usage.prompt_tokens);
    const c = count(chunk.usage.completion_tokens);
    const r = count(chunk.usage.completion_tokens_details?.reasoning_tokens);
    if (p !== undefined) usage.promptTokens = p;
    if (c !== undefined) usage.completionTokens = c;
    if (r !== undefined) usage.reasoningTokens = r;
    out.push({ type: 'usage', usage });
  }
}

/**
 * Decodes an OpenAI SSE body into engine events. Ends at `data: [DONE]` or at the end of the body;
 * a body that ends without [DONE] and without a finish_reason is an error (the upstream was cut off).
 */
export async function* upstreamEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<EngineEvent> {
  const decoder = new TextDecoder();
  let pending: EngineEvent[] = [];
  let done = false;
  let finished = false;
  let failure: Error | undefined;
  const parser = createParser({
    onEvent(event) {
      if (done || failure) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      if (event.event === 'error') {
        failure = new Error(`error event: ${event.data}`);
        return;
      }
      let chunk: RawChunk;
      try {
        chunk = JSON.parse(event.data) as RawChunk;
      } catch {
        failure = new Error(`event is not JSON: ${event.data.slice(0, 200)}`);
        return;
      }
      try {
        chunkToEvents(chunk, pending);
      } catch (err) {
        failure = err as Error;
      }
    },
  });
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (pending.length) {
      const batch = pending;
      pending = [];
      for (const ev of batch) {
        if (ev.type === 'finish') finished = true;
        yield ev;
      }
    }
    if (failure) throw failure;
    if (done) return;
  }
  if (!finished) throw new Error('the stream ended without a finish_reason or [DONE]');
}
