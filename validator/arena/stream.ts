import { createParser } from 'eventsource-parser';
import { type Dispatcher, request } from 'undici';
import { chatCompletionsUrl } from '../../bench/index.js';
import { parseBoundedJson } from '../../config/index.js';
import { readChunk } from '../../protocol/index.js';
import { redactAddresses } from './redact.js';

/** Chunks are shallow; deeper JSON is refused before parsing (walking it could overflow the stack). */
const MAX_JSON_DEPTH = 64;

/** What the page receives for one side of a battle: plain text deltas, then one end or error. */
export type AnswerEvent =
  | { type: 'delta'; kind: 'content' | 'reasoning'; text: string }
  | { type: 'end'; reason: string; chars: number; ms: number }
  | { type: 'error'; message: string };

export interface AnswerLimits {
  timeoutMs: number;
  maxAnswerChars: number;
  maxResponseBytes: number;
}

export interface AnswerRequest {
  endpoint: string;
  body: string;
  headers: Record<string, string>;
  limits: AnswerLimits;
  signal: AbortSignal;
  dispatcher?: Dispatcher;
  onEvent(event: AnswerEvent): void;
}

interface Delta {
  content: string;
  reasoning: string;
  finish: string | undefined;
  error: string | undefined;
}

/** Reads one chat.completion.chunk; anything unexpected is an error the page may show (never echoed raw). */
function readDelta(data: string): Delta {
  const out: Delta = { content: '', reasoning: '', finish: undefined, error: undefined };
  let parsed: { value: unknown } | undefined;
  try {
    parsed = parseBoundedJson(data, MAX_JSON_DEPTH);
  } catch {
    out.error = 'the miner sent a data line that is not JSON';
    return out;
  }
  if (!parsed) {
    out.error = 'the miner sent JSON nested too deep';
    return out;
  }
  const parts = readChunk(parsed.value);
  if (parts.error !== undefined) {
    out.error = `the miner reported an error: ${redactAddresses(parts.error.slice(0, 400)).slice(0, 200)}`;
    return out;
  }
  out.content = parts.content;
  out.reasoning = parts.reasoning;
  out.finish = parts.finishReason;
  return out;
}

/**
 * Streams one miner's answer and re-emits it as text deltas. Time-limited (limits.timeoutMs for the whole
 * answer), size-capped (response bytes and answer characters). Messages never name the miner: the page
 * must not learn who is A or B before the vote. Never throws; the last event is always end or error.
 */
export async function streamAnswer(req: AnswerRequest): Promise<void> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(req.limits.timeoutMs);
  const signal = AbortSignal.any([req.signal, timeout]);
  let chars = 0;
  let finish: string | undefined;
  let failure: string | undefined;
  let stop = false;
  const emit = (kind: 'content' | 'reasoning', text: string) => {
    const room = req.limits.maxAnswerChars - chars;
    const piece = text.length > room ? text.slice(0, room) : text;
    if (piece) {
      chars += piece.length;
      req.onEvent({ type: 'delta', kind, text: piece });
    }
    if (chars >= req.limits.maxAnswerChars) {
      finish = 'cut';
      stop = true;
    }
  };
  const parser = createParser({
    onEvent: (ev) => {
      if (stop) return;
      if (ev.data === '[DONE]') {
        stop = true;
        return;
      }
      const d = readDelta(ev.data);
      if (d.error) {
        failure = d.error;
        stop = true;
        return;
      }
      if (d.reasoning) emit('reasoning', d.reasoning);
      if (d.content) emit('content', d.content);
      if (d.finish) finish ??= d.finish;
    },
  });

  try {
    const res = await request(chatCompletionsUrl(req.endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...req.headers },
      body: req.body,
      signal,
      ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    });
    if (res.statusCode !== 200) {
      res.body.on('error', () => {});
      res.body.destroy();
      failure = `the miner answered HTTP ${res.statusCode}`;
    } else {
      const decoder = new TextDecoder();
      let bytes = 0;
      for await (const piece of res.body) {
        bytes += piece.length;
        if (bytes > req.limits.maxResponseBytes) {
          finish = 'cut';
          break;
        }
        parser.feed(decoder.decode(piece, { stream: true }));
        if (stop) break;
      }
      if (!res.body.destroyed) {
        res.body.on('error', () => {});
        res.body.destroy();
      }
    }
  } catch (err) {
    if (timeout.aborted) failure = `no complete answer within ${+(req.limits.timeoutMs / 1000).toFixed(1)} s`;
    else if (req.signal.aborted) failure = 'the battle was closed';
    else failure = `the miner could not be reached (${(err as { code?: string }).code ?? 'network error'})`;
  }
  const ms = Math.round(performance.now() - started);
  if (failure) req.onEvent({ type: 'error', message: failure });
  else req.onEvent({ type: 'end', reason: finish ?? 'stop', chars, ms });
}
