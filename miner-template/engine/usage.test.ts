import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../protocol/index.js';
import { ChatRequestSchema } from '../request-schema.js';
import { minerConfig } from '../testing/config.js';
import { buildUsage, countResponseTokens } from './usage.js';

const pricing = minerConfig({
  pricing: {
    inputPerMillion: 0.5,
    outputPerMillion: 2,
    models: { big: { inputPerMillion: 3, outputPerMillion: 15 } },
  },
}).pricing;

describe('usage accounting', () => {
  it('uses the upstream counts when reported and prices them by the answering model', () => {
    const never = () => {
      throw new Error('should not count');
    };
    expect(buildUsage(pricing, 'small', { promptTokens: 1000, completionTokens: 500 }, never)).toEqual({
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      cost_usd: (1000 * 0.5 + 500 * 2) / 1e6,
    });
    const big = buildUsage(
      pricing,
      'big',
      { promptTokens: 10, completionTokens: 20, reasoningTokens: 5 },
      never,
    );
    expect(big.cost_usd).toBeCloseTo((10 * 3 + 20 * 15) / 1e6, 12);
    expect(big.completion_tokens_details).toEqual({ reasoning_tokens: 5 });
  });

  it('counts with the tokenizer when the upstream reports nothing', async () => {
    const enc = await loadTokenizer('o200k_base');
    const request = ChatRequestSchema.parse({
      model: 'x',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello to the world.' },
      ],
    });
    const produced = { content: 'Hello, world!', reasoning: 'They want a greeting.', toolArguments: '' };
    const counted = countResponseTokens(enc, request, produced);
    const ref = new Tiktoken(o200k); // the reference tokenizer, not the one under test
    expect(counted.reasoning).toBe(ref.encode(produced.reasoning).length);
    expect(counted.completion).toBe(counted.reasoning + ref.encode(produced.content).length);
    // 3 framing tokens per message plus 3 priming the reply.
    expect(counted.prompt).toBe(
      3 + 3 + ref.encode('You are terse.').length + 3 + ref.encode('Say hello to the world.').length,
    );
    const usage = buildUsage(pricing, 'small', undefined, () => counted);
    expect(usage.total_tokens).toBe(counted.prompt + counted.completion);
    expect(usage.completion_tokens_details).toEqual({ reasoning_tokens: counted.reasoning });
  });
});
