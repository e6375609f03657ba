import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { readChunk } from '../../protocol/index.js';
import { MinerErrors } from '../errors.js';
import type { EngineEvent, FinishReason, TokenCounts, ToolCallDelta } from '../types.js';

const FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/** One raw tool_calls entry as an engine delta; undefined when it carries nothing. */
function toolDelta(call: unknown): ToolCallDelta | undefined {
  if (typeof call !== 'object' || call === null) return undefined;
  const c = call as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } };
  const d: ToolCallDelta = { index: typeof c.index === 'number' ? c.index : 0 };
  if (typeof c.id === 'string' && c.id !== '') d.id = c.id;
  const fn = typeof c.function === 'object' && c.function !== null ? c.function : {};
  if (typeof fn.name === 'string' && fn.name !== '') d.name = fn.name;
  if (typeof fn.arguments === 'string' && fn.arguments !== '') d.arguments = fn.arguments;
  return d.id || d.name || d.arguments ? d : undefined;
}

/**
 * Appends the engine events one upstream chat.completion.chunk carries (read by the protocol's one
 * chunk parser). Returns the in-stream error message, if the chunk was an error object.
 */
export function chunkToEvents(json: unknown, out: EngineEvent[]): string | undefined {
  const parts = readChunk(json);
  if (parts.error !== undefined) return parts.error;
  if (parts.reasoning) out.push({ type: 'reasoning', text: parts.reasoning });
  if (parts.content) out.push({ type: 'content', text: parts.content });
  for (const call of parts.toolDeltas ?? []) {
    const delta = toolDelta(call);
    if (delta) out.push({ type: 'tool_call', delta });
  }
  if (parts.finishReason !== undefined && FINISH_REASONS.has(parts.finishReason)) {
    out.push({ type: 'finish', reason: parts.finishReason as FinishReason });
  }
  if (parts.usage) {
    const { promptTokens, completionTokens, reasoningTokens } = parts.usage;
    const usage: TokenCounts = {};
    if (promptTokens !== undefined) usage.promptTokens = promptTokens;
    if (completionTokens !== undefined) usage.completionTokens = completionTokens;
    if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
    out.push({ type: 'usage', usage });
  }
  return undefined;
}

/** Chunks read ahead of the consumer before the body is paused (backpressure to the upstream socket). */
const READ_AHEAD = 16;

/**
 * Decodes an OpenAI SSE body from `url` into engine events: one SSE parse and one JSON parse per upstream
 * event. Ends at `data: [DONE]` (returning true) or at the end of the body; an error event or object, a data
 * line that is not JSON, or a body that ends without [DONE] and without a finish_reason (the upstream was cut
 * off) throws MINER_UPSTREAM_STREAM. The body is read by its 'data' events and left to the caller at the end
 * (neither destroyed nor drained): after [DONE] the caller lets its last bytes arrive so the connection stays
 * in the pool.
 */
export async function* upstreamEvents(url: string, body: Readable): AsyncGenerator<EngineEvent, boolean> {
  const decoder = new TextDecoder();
  let pending: EngineEvent[] = [];
  let done = false;
  let finished = false;
  let failure: string | undefined;
  const parser = createParser({
    onEvent(event) {
      if (done || failure) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      if (event.event === 'error') {
        failure = `error event: ${event.data.slice(0, 200)}`;
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        failure = `event is not JSON: ${event.data.slice(0, 200)}`;
        return;
      }
      failure = chunkToEvents(json, pending);
    },
  });
  const chunks: Uint8Array[] = [];
  let ended = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onData = (bytes: Uint8Array) => {
    chunks.push(bytes);
    if (chunks.length >= READ_AHEAD) body.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (err: unknown) => {
    error ??= err;
    notify();
  };
  body.on('data', onData);
  body.once('end', onEnd);
  body.once('error', onError);
  try {
    for (;;) {
      if (!chunks.length && !ended && error === undefined) {
        if (body.isPaused()) body.resume();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      while (chunks.length) {
        parser.feed(decoder.decode(chunks.shift(), { stream: true }));
        if (pending.length) {
          const batch = pending;
          pending = [];
          for (const ev of batch) {
            if (ev.type === 'finish') finished = true;
            yield ev;
          }
        }
        if (failure) throw MinerErrors.UPSTREAM_STREAM(url, failure);
        if (done) return true;
      }
      if (error !== undefined) throw error;
      if (ended) break;
    }
  } finally {
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
  }
  if (!finished) throw MinerErrors.UPSTREAM_STREAM(url, 'the stream ended without a finish_reason or [DONE]');
  return false;
}
