import type { MinerConfig } from '../../config/index.js';
import type { Tokenizer } from '../../protocol/index.js';
import { type ChatRequest, messageText } from '../request-schema.js';
import type { ResponseUsage, TokenCounts } from '../types.js';

type PricingConfig = MinerConfig['pricing'];

/** Prompt tokens as OpenAI counts chat input: each message's text plus 3 tokens of framing, plus 3 to prime the reply. */
export function countPromptTokens(tok: Tokenizer, request: ChatRequest): number {
  let n = 3;
  for (const m of request.messages) {
    n += 3 + tok.count(messageText(m));
    if (m.name) n += 1;
    for (const call of m.tool_calls ?? []) n += tok.count(call.function.name + call.function.arguments);
  }
  for (const tool of request.tools ?? []) n += tok.count(JSON.stringify(tool.function));
  return n;
}

/** What a response produced, for counting when the upstream reports no usage. */
export interface ProducedText {
  content: string;
  reasoning: string;
  toolArguments: string;
}

/**
 * The usage object of a response: upstream counts when reported, else tokenizer counts; cost from the
 * per-million prices of the answering model (miner.pricing.models[model], else the default prices).
 */
export function buildUsage(
  pricing: PricingConfig,
  model: string,
  reported: TokenCounts | undefined,
  count: () => { prompt: number; completion: number; reasoning: number },
): ResponseUsage {
  let prompt = reported?.promptTokens;
  let completion = reported?.completionTokens;
  let reasoning = reported?.reasoningTokens;
  if (prompt === undefined || completion === undefined) {
    const counted = count();
    prompt ??= counted.prompt;
    completion ??= counted.completion;
    reasoning ??= counted.reasoning;
  }
  const price = pricing.models[model] ?? pricing;
  const cost = (prompt * price.inputPerMillion + completion * price.outputPerMillion) / 1e6;
  const usage: ResponseUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    cost_usd: Math.round(cost * 1e9) / 1e9,
  };
  if (reasoning !== undefined && reasoning > 0)
    usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

/** Tokenizer counts for a request and what was produced for it. */
export function countResponseTokens(
  tok: Tokenizer,
  request: ChatRequest,
  produced: ProducedText,
): { prompt: number; completion: number; reasoning: number } {
  const reasoning = tok.count(produced.reasoning);
  const rest = tok.count(produced.content + produced.toolArguments);
  return { prompt: countPromptTokens(tok, request), completion: reasoning + rest, reasoning };
}
