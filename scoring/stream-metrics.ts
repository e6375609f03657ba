import type { Measurement } from '../bench/index.js';
import { countTokens } from '../protocol/index.js';
import { type ContinuityResult, chunkTps, continuity, type TpsResult } from './janus-formulas.js';

/** Everything about a stream's timing that the profiles score, recomputed from the raw event log. */
export interface StreamMetrics {
  /**
   * First content, reasoning or tool-call event (ms since send); undefined when none arrived. janus-bench's
   * definition, kept so scores compare; the first-token deadline (bench/deadlines.ts) counts content and
   * tool calls only.
   */
  ttftMs: number | undefined;
  /** First content event (ms). */
  firstContentMs: number | undefined;
  /** Whole request, send to end (ms). */
  durationMs: number;
  /** Longest silence between consecutive events of any kind, counting from the send (ms). */
  maxGapMs: number;
  /** Longest wait between two token events (content, reasoning, tool call) after the first (ms); keep-alives do not break it. */
  maxGapAfterFirstTokenMs: number;
  /** Parsed JSON data events (janus `total_chunks`). */
  dataEvents: number;
  contentEvents: number;
  reasoningEvents: number;
  keepAlives: number;
  continuity: ContinuityResult;
  /** Content events per second (janus `avg_tps`). */
  chunkTps: TpsResult;
  /** Tokens we count ourselves in content + reasoning + tool-call arguments (o200k_base). */
  countedTokens: number;
  /** Tokens we count in the content alone. */
  contentTokens: number;
  /** countedTokens per second between the first and the last token event; undefined with < 2 token events. */
  tokenTps: number | undefined;
}

// event kinds (bench's EventLog.k), as char codes: content, reasoning and tool calls are token events
const CONTENT = 99; // 'c'
const REASONING = 114; // 'r'
const TOOL = 116; // 't'
const KEEP_ALIVE = 107; // 'k'
const DONE = 100; // 'd'

export function streamMetrics(m: Measurement): StreamMetrics {
  return streamMetricsCounted(m, countTokens);
}

/** Content-event times (s) of the stream being measured: one buffer, grown as needed, not an array per stream. */
let contentTimes = new Float64Array(256);

/** streamMetrics with tokens counted by `count` (a round's memo of countTokens). */
export function streamMetricsCounted(m: Measurement, count: (text: string) => number): StreamMetrics {
  const { t, k } = m.events;
  let ttft: number | undefined;
  let firstContent: number | undefined;
  let lastToken: number | undefined;
  let tokenEvents = 0;
  let maxGap = 0;
  let maxGapAfter = 0;
  let prev = 0;
  let dataEvents = 0;
  let contentEvents = 0;
  let reasoningEvents = 0;
  let keepAlives = 0;
  if (contentTimes.length < k.length)
    contentTimes = new Float64Array(Math.max(k.length, 2 * contentTimes.length));
  for (let i = 0; i < k.length; i++) {
    const kind = k.charCodeAt(i);
    const at = t[i]!;
    const gap = at - prev;
    if (gap > maxGap) maxGap = gap;
    prev = at;
    if (kind === KEEP_ALIVE) keepAlives++;
    else if (kind !== DONE) dataEvents++;
    if (kind === CONTENT || kind === REASONING || kind === TOOL) {
      if (lastToken !== undefined && at - lastToken > maxGapAfter) maxGapAfter = at - lastToken;
      ttft ??= at;
      lastToken = at;
      tokenEvents++;
    }
    if (kind === CONTENT) {
      firstContent ??= at;
      contentTimes[contentEvents++] = at / 1e6;
    } else if (kind === REASONING) reasoningEvents++;
  }
  const contentContinuity = continuity(contentTimes, contentEvents);
  const contentTps = chunkTps(contentTimes, contentEvents);
  const contentTokens = count(m.content);
  const countedTokens =
    contentTokens + count(m.reasoning) + m.toolCalls.reduce((s, c) => s + count(c.name + c.argumentsRaw), 0);
  const span = ttft !== undefined && lastToken !== undefined ? (lastToken - ttft) / 1e6 : 0;
  return {
    ttftMs: ttft === undefined ? undefined : ttft / 1000,
    firstContentMs: firstContent === undefined ? undefined : firstContent / 1000,
    durationMs: m.endUs / 1000,
    maxGapMs: maxGap / 1000,
    maxGapAfterFirstTokenMs: maxGapAfter / 1000,
    dataEvents,
    contentEvents,
    reasoningEvents,
    keepAlives,
    continuity: contentContinuity,
    chunkTps: contentTps,
    countedTokens,
    contentTokens,
    tokenTps: tokenEvents >= 2 && span > 0 ? countedTokens / span : undefined,
  };
}
