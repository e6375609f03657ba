/** Token and cost counts of one answer, camel-cased from the OpenAI/Janus usage object (absent = not reported). */
export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  sandboxSeconds?: number;
}

/** The finish reasons OpenAI defines for a chat completion choice. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** One OpenAI tool_calls delta: the first fragment of an index carries id and name, later ones argument pieces. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  arguments?: string;
}

/** The usage object of a response as written on the wire (OpenAI fields plus the Janus cost field). */
export interface ResponseUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number;
  completion_tokens_details?: { reasoning_tokens: number };
}
