import type { ChatRequest } from './request-schema.js';

export type { ChatMessage, ChatRequest } from './request-schema.js';

import type { FinishReason, ToolCallDelta } from '../protocol/index.js';

export type { FinishReason, ResponseUsage, ToolCallDelta } from '../protocol/index.js';

/** Token counts as reported by an upstream (absent fields were not reported). */
export interface TokenCounts {
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
}

/** What the engine produces for one request, in order. */
export type EngineEvent =
  /** The upstream accepted the request; `model` is the model that answers (after fallbacks). */
  | { type: 'start'; model: string }
  | { type: 'reasoning'; text: string }
  | { type: 'content'; text: string }
  | { type: 'tool_call'; delta: ToolCallDelta }
  | { type: 'finish'; reason: FinishReason }
  | { type: 'usage'; usage: TokenCounts };

/** What the pacer hands to the response writer: engine events plus keep-alives. */
export type PacedEvent = EngineEvent | { type: 'keepalive' };

/** The engine: request in, events out. Replace it whole, or any of the parts below. */
export interface Engine {
  run(request: ChatRequest, signal: AbortSignal): AsyncIterable<EngineEvent>;
}

export type RoutePath = 'fast' | 'complex' | 'vision';

export interface RouteDecision {
  path: RoutePath;
  model: string;
  /** Why, for logs (e.g. "keyword: implement", "llm: complex", "images present"). */
  reason: string;
  /** Search the web before answering (complex path, research-like prompt, no caller tools). */
  search: boolean;
}

export interface Router {
  route(request: ChatRequest, signal: AbortSignal): Promise<RouteDecision>;
}

/** A request as the upstream receives it (model and streaming are set by the upstream client). */
export interface UpstreamCall {
  /** Models to try in order: the routed one, then fallbacks. */
  models: string[];
  /** OpenAI body fields other than model/stream/stream_options. */
  body: Record<string, unknown>;
}

export interface Upstream {
  /** Streams one completion; throws MINER_UPSTREAM_* errors. Retries and fallbacks happen before the first event. */
  stream(call: UpstreamCall, signal: AbortSignal): AsyncIterable<EngineEvent>;
}
