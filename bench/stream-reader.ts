import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { jsonDepth, type RodeoError } from '../config/index.js';
import type { Usage } from '../datasets/index.js';
import { readChunk } from '../protocol/index.js';
import { CappedText, type TextCut } from './capped-text.js';
import { BenchErrors } from './errors.js';
import { type MergedToolCalls, ToolCallMerger } from './tool-calls.js';
import type { EventKind, EventLog } from './types.js';

export interface StreamLimits {
  maxLineBytes: number;
  maxEvents: number;
  /** Characters stored of one answer (content, reasoning and tool-call arguments together); the rest is hashed. */
  maxStoredChars: number;
  /** Deepest JSON nesting read from a data: line or tool-call arguments. */
  maxJsonDepth: number;
  maxToolCalls: number;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Turns the bytes of one SSE response into an event log and an answer. Every event is stamped with the
 * time its bytes were read (microseconds since the request was sent). Stops at [DONE] or at the first
 * protocol failure, which it keeps in `failure`.
 */
export class StreamReader {
  readonly events: EventLog = { t: [], k: '', n: [] };
  done = false;
  /** Response bytes delivered so far (kept by the reader). */
  bytes = 0;
  failure: RodeoError | undefined;
  /** First content, reasoning or tool-call event (janus's TTFT, as scored). */
  firstTokenUs: number | undefined;
  /** First content or tool-call event: what meets the first-token deadline (reasoning does not). */
  firstAnswerUs: number | undefined;
  finishReason: string | undefined;
  usage: Usage | undefined;
  /** Usage fields the miner sent that were not sane, dropped from `usage`. */
  readonly usageRejected = new Set<string>();

  private readonly content: CappedText;
  private readonly reasoning: CappedText;
  private readonly tools: ToolCallMerger;
  private readonly parser: EventSourceParser;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private lineBytes = 0;
  private nowUs = 0;

  constructor(private readonly limits: StreamLimits) {
    const budget = { left: limits.maxStoredChars };
    this.content = new CappedText('content', budget);
    this.reasoning = new CappedText('reasoning', budget);
    this.tools = new ToolCallMerger(limits, budget);
    this.parser = createParser({
      onEvent: (e) => this.onEvent(e),
      onComment: () => this.push('k', 0),
    });
  }

  /** Feeds bytes read at `nowUs`; returns false once the stream is over (done or failed). */
  feed(bytes: Uint8Array, nowUs: number): boolean {
    if (this.done || this.failure) return false;
    this.nowUs = nowUs;
    if (!this.checkLineLengths(bytes)) return false;
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      this.failure = BenchErrors.INVALID_UTF8(this.bytes);
      return false;
    }
    this.parser.feed(text);
    return !this.done && !this.failure;
  }

  /** Tracks the length of the current line across reads (\n, \r or \r\n end a line). */
  private checkLineLengths(bytes: Uint8Array): boolean {
    let start = 0;
    let nl = bytes.indexOf(NL);
    let cr = bytes.indexOf(CR);
    while (nl !== -1 || cr !== -1) {
      const end = nl === -1 ? cr : cr === -1 ? nl : Math.min(nl, cr);
      if (this.lineBytes + (end - start) > this.limits.maxLineBytes) break;
      this.lineBytes = 0;
      start = end + 1;
      if (nl !== -1 && nl < start) nl = bytes.indexOf(NL, start);
      if (cr !== -1 && cr < start) cr = bytes.indexOf(CR, start);
    }
    this.lineBytes += bytes.length - start;
    if (this.lineBytes <= this.limits.maxLineBytes) return true;
    this.failure = BenchErrors.LINE_TOO_LONG(this.limits.maxLineBytes);
    return false;
  }

  get eventCount(): number {
    return this.events.k.length;
  }

  /** The stored (possibly cut) content, reasoning and tool calls, and what was cut; call once, at the end. */
  answer(): { content: string; reasoning: string; tools: MergedToolCalls; cuts: TextCut[] } {
    const tools = this.tools.result();
    const cuts = [this.content.cut(), this.reasoning.cut(), ...tools.cuts].filter(
      (c): c is TextCut => c !== undefined,
    );
    return { content: this.content.text, reasoning: this.reasoning.text, tools, cuts };
  }

  private push(kind: EventKind, chars: number): void {
    if (this.done || this.failure) return;
    if (this.events.k.length >= this.limits.maxEvents) {
      this.failure = BenchErrors.TOO_MANY_EVENTS(this.limits.maxEvents);
      return;
    }
    this.events.t.push(this.nowUs);
    this.events.k += kind;
    this.events.n.push(chars);
  }

  private onEvent(e: EventSourceMessage): void {
    if (this.done || this.failure) return;
    const data = e.data.trim();
    if (data === '[DONE]') {
      this.push('d', 0);
      this.done = true;
      return;
    }
    if (e.event === 'error') {
      this.push('e', 0);
      this.failure = BenchErrors.STREAM_ERROR_EVENT(data.slice(0, 500) || 'event: error');
      return;
    }
    if (jsonDepth(data, this.limits.maxJsonDepth) > this.limits.maxJsonDepth) {
      this.push('e', 0);
      this.failure = BenchErrors.JSON_TOO_DEEP('a data: line', this.limits.maxJsonDepth);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.push('e', 0);
      this.failure = BenchErrors.INVALID_JSON(JSON.stringify(data.slice(0, 120)));
      return;
    }
    const parts = readChunk(json);
    if (parts.error !== undefined) {
      this.push('e', 0);
      this.failure = BenchErrors.STREAM_ERROR_EVENT(parts.error);
      return;
    }
    if (parts.usage) this.usage = parts.usage;
    for (const field of parts.usageRejected) this.usageRejected.add(field);
    if (parts.finishReason) this.finishReason = parts.finishReason;
    let kind: EventKind = 'o';
    let chars = 0;
    if (parts.toolDeltas) {
      chars += this.tools.add(parts.toolDeltas);
      if (this.tools.overflow) {
        this.push('e', 0);
        this.failure = BenchErrors.TOO_MANY_TOOL_CALLS(this.limits.maxToolCalls);
        return;
      }
      kind = 't';
    }
    if (parts.reasoning) {
      this.reasoning.push(parts.reasoning);
      chars += parts.reasoning.length;
      if (kind === 'o') kind = 'r';
    }
    if (parts.content) {
      this.content.push(parts.content);
      chars += parts.content.length;
      kind = 'c';
    }
    if (kind === 'o') kind = parts.usage ? 'u' : parts.finishReason ? 'f' : 'o';
    else {
      this.firstTokenUs ??= this.nowUs;
      if (kind === 'c' || kind === 't') this.firstAnswerUs ??= this.nowUs;
    }
    this.push(kind, chars);
  }
}
