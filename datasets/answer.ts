import type { Usage } from '../protocol/index.js';

export type { Usage };

/** What a miner answered, as evaluators see it (a bench Measurement carries these fields). */
export interface ToolCall {
  index: number;
  id: string | undefined;
  name: string;
  /** The concatenated arguments string as streamed. */
  argumentsRaw: string;
  /** Parsed arguments, or undefined when argumentsRaw is not a JSON object. */
  arguments: Record<string, unknown> | undefined;
}

export interface Answer {
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage: Usage | undefined;
  finishReason: string | undefined;
  /** Whole-request latency in ms, when known (janus-bench's text evaluator has a latency component). */
  latencyMs?: number;
}
