import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import type { MinerConfig } from '../../config/index.js';
import { type ChatRequest, messageText } from '../request-schema.js';
import type { ResponseUsage, TokenCounts } from '../types.js';

type PricingConfig = MinerConfig['pricing'];

const encoders = new Map<string, Promise<Tiktoken>>();

/** Loads a tokenizer once per process (the rank tables are large: load at startup, not per request). */
export function loadTokenizer(name: PricingConfig['tokenizer']): Promise<Tiktoken> {
  let enc = encoders.get(name);
  if (!enc) {
    const ranks =
      name === 'o200k_base'
        ? import('js-tiktoken/ranks/o200k_base')
        : import('js-tiktoken/ranks/cl100k_base');
    enc = ranks.then((m) => new Tiktoken(m.default as TiktokenBPE));
    encoders.set(name, enc);
  }
  return enc;
}

/** Prompt tokens as OpenAI counts chat input: each message's text plus 3 tokens of framing, plus 3 to prime the reply. */
export function countPromptTokens(enc: Tiktoken, request: ChatRequest): number {
  let n = 3;
  for (const m of request.messages) {
    n += 3 + enc.encode(messageText(m)).length;
    if (m.name) n += 1;
    for (const call of m.tool_calls ?? [])
      n += enc.encode(call.function.name + call.function.arguments).length;
  }
  for (const tool of request.tools ?? []) n += enc.encode(JSON.stringify(tool.function)).length;
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
export function countTokens(
  enc: Tiktoken,
  request: ChatRequest,
  produced: ProducedText,
): { prompt: number; completion: number; reasoning: number } {
  const reasoning = produced.reasoning ? enc.encode(produced.reasoning).length : 0;
  const rest = enc.encode(produced.content + produced.toolArguments).length;
  return { prompt: countPromptTokens(enc, request), completion: reasoning + rest, reasoning };
}
