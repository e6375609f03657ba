import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import { costEfficiency } from './janus/cost.js';
import { reply, task } from './test-helpers.js';

const janus = (t: ReturnType<typeof task>, a: ReturnType<typeof reply>, judge?: number) =>
  evaluate(
    t,
    a,
    judge === undefined ? undefined : { judge: { model: 'j', score: judge, reasoning: '' } },
    'janus',
  );

const weather = task({
  category: 'agentic',
  tool_use_task_type: 'function_calling',
  expected_call: { function: 'get_weather', arguments: { location: 'Tokyo', units: 'celsius' } },
});

describe('janus profile: tool use (janus.md 1.4 worked examples)', () => {
  it('function_calling: wrong name 0.0, missing arg 0.3, wrong value 0.6, extra arg 1.0 (allowed) / 0.9, exact 1.0', () => {
    expect(janus(weather, reply('', [{ name: 'search', args: {} }])).quality).toBe(0);
    expect(janus(weather, reply('', [{ name: 'get_weather', args: { location: 'Tokyo' } }])).quality).toBe(
      0.3,
    );
    expect(
      janus(weather, reply('', [{ name: 'get_weather', args: { location: 'Paris', units: 'celsius' } }]))
        .quality,
    ).toBe(0.6);
    // strings compare case-insensitively as substrings: "Tokyo, Japan" contains "tokyo"
    expect(
      janus(
        weather,
        reply('', [{ name: 'get_weather', args: { location: 'Tokyo, Japan', units: 'CELSIUS' } }]),
      ).quality,
    ).toBe(1);
    const extra = reply('', [
      { name: 'get_weather', args: { location: 'Tokyo', units: 'celsius', days: 3 } },
    ]);
    expect(janus(weather, extra).quality).toBe(1);
    const strict = task({
      ...weather,
      category: 'agentic',
      tool_use_task_type: 'function_calling',
      expected_call: weather.expected.expected_call,
      evaluation: { allow_extra_args: false },
    });
    expect(janus(strict, extra).quality).toBe(0.9);
    expect(janus(weather, reply('It is sunny in Tokyo.')).quality).toBe(0);
    // unparsable arguments become {} (missing args)
    expect(janus(weather, reply('', [{ name: 'get_weather', raw: '{"location": ' }])).quality).toBe(0.3);
  });

  it('tool_selection: expected first 1.0, alternative first 0.8, acceptable later 0.5, else 0', () => {
    const t = task({
      category: 'agentic',
      tool_use_task_type: 'tool_selection',
      expected_tools: ['calculator'],
      acceptable_alternatives: ['code_execute'],
    });
    expect(janus(t, reply('', [{ name: 'calculator' }])).quality).toBe(1);
    expect(janus(t, reply('', [{ name: 'code_execute' }])).quality).toBe(0.8);
    expect(janus(t, reply('', [{ name: 'search' }, { name: 'calculator' }])).quality).toBe(0.5);
    expect(janus(t, reply('', [{ name: 'search' }])).quality).toBe(0);
  });

  it('tool_chaining: positional matches, averaged with the final answer when verify_final_answer', () => {
    const t = task({
      category: 'agentic',
      tool_use_task_type: 'tool_chaining',
      expected_sequence: ['search', 'calculator'],
      expected_output_contains: ['100'],
      evaluation: { verify_final_answer: true },
    });
    expect(janus(t, reply('The result is 100.', [{ name: 'search' }, { name: 'calculator' }])).quality).toBe(
      1,
    );
    expect(janus(t, reply('No idea.', [{ name: 'search' }, { name: 'calculator' }])).quality).toBe(0.5);
    expect(janus(t, reply('100', [{ name: 'calculator' }, { name: 'search' }])).quality).toBe(0.5);
    expect(janus(t, reply('no', [{ name: 'search' }])).quality).toBe(0.25);
  });

  it('code_execution: no code tool and no fence 0.2, else the share of expected outputs in the text', () => {
    const t = task({
      category: 'agentic',
      tool_use_task_type: 'code_execution',
      expected_output_contains: ['338350', 'sum'],
    });
    expect(janus(t, reply('338350')).quality).toBe(0.2);
    expect(janus(t, reply('```py\n```\nthe sum is 338350')).quality).toBe(1);
    expect(janus(t, reply('done: 338350', [{ name: 'run_code', args: {} }])).quality).toBe(0.5);
  });

  it('a tool task without a sub-type scores 0 (janus: "Unknown tool-use task type")', () => {
    expect(janus(task({ category: 'agentic' }), reply('', [{ name: 'search' }])).quality).toBe(0);
  });
});

describe('janus profile: cost efficiency', () => {
  it('efficiency = min(1, q * min(2, baseline/total) / 2): full marks need total <= baseline/2', () => {
    expect(costEfficiency(1, 25, 50)).toBe(1);
    expect(costEfficiency(1, 50, 50)).toBe(0.5);
    expect(costEfficiency(0.5, 10, 50)).toBe(0.5);
    expect(costEfficiency(1, 0, 50)).toBe(0);
  });

  it('concise_response: 0.7 content + 0.3 length; reported usage counts prompt tokens', () => {
    const t = task({
      category: 'cost',
      type: 'concise_response',
      evaluation: { required: ['1945'], max_words: 20, baseline_tokens: 50 },
    });
    const short = janus(t, reply('It ended in 1945.'));
    expect(short.quality).toBe(1);
    expect(short.costEfficiency).toBe(1); // 4 words <= 25 = baseline / 2
    const withUsage = janus(
      t,
      reply('It ended in 1945.', [], { usage: { promptTokens: 90, completionTokens: 6, totalTokens: 96 } }),
    );
    expect(withUsage.costEfficiency).toBeCloseTo(50 / 96 / 2, 10);
    const long = janus(t, reply(`${'word '.repeat(45)}1945`));
    expect(long.quality).toBeCloseTo(0.7 + 0.3 * 0.2, 10);
  });

  it('minimal_tools and direct_answer follow their tables', () => {
    const mt = task({
      category: 'cost',
      type: 'minimal_tools',
      evaluation: { max_tool_calls: 0, expected_answer_contains: ['100'], baseline_tokens: 30 },
    });
    expect(janus(mt, reply('100')).quality).toBe(1);
    expect(janus(mt, reply('100', [{ name: 'calculator' }])).quality).toBe(0.6);
    expect(janus(mt, reply('no idea')).quality).toBe(0.3);
    const da = task({
      category: 'cost',
      type: 'direct_answer',
      evaluation: { answer_must_appear_within_first: 3 },
    });
    expect(janus(da, reply('It is 42')).quality).toBe(1);
    expect(janus(da, reply('Well, let me think, it is 42')).quality).toBe(0.5);
    expect(janus(da, reply('I do not know')).quality).toBe(0.2);
    // an empty reply is not cost-scored: no efficiency override
    expect(janus(da, reply('')).costEfficiency).toBeUndefined();
  });
});

describe('janus profile: multimodal', () => {
  const gen = task({
    category: 'multimodal',
    type: 'image_generation',
    evaluation: { check_format: 'png|jpg|webp' },
  });
  it('image_generation: none 0.0, disallowed format 0.2, otherwise 0.8 (no CLIP installed)', () => {
    expect(janus(gen, reply('I drew a cat for you.')).multimodal).toBe(0);
    expect(janus(gen, reply('data:image/gif;base64,R0lGOD==')).multimodal).toBe(0.2);
    // quirk: "jpeg" is not in png|jpg|webp
    expect(janus(gen, reply('data:image/jpeg;base64,/9j/AA==')).multimodal).toBe(0.2);
    // quirk: any bytes pass, decodable or not
    expect(janus(gen, reply('![x](data:image/png;base64,AAAA)')).multimodal).toBe(0.8);
    expect(janus(gen, reply('see https://example.com/cat.webp')).multimodal).toBe(0.8);
  });

  it('image input: not acknowledged 0.2, keywords 0.5 + 0.5 share, acknowledged 0.8; no image 1.0', () => {
    const img = task({
      category: 'multimodal',
      input: {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
            ],
          },
        ],
      },
      expected: { contains: ['red', 'circle'] },
    });
    expect(janus(img, reply('Three.')).multimodal).toBe(0.2);
    expect(janus(img, reply('The image shows a red square.')).multimodal).toBe(0.75);
    const noKw = task({ category: 'multimodal', input: img.messages ? { messages: img.messages } : {} });
    expect(janus(noKw, reply('I see a shape.')).multimodal).toBe(0.8);
    expect(janus(task({ category: 'multimodal' }), reply('hello')).multimodal).toBe(1);
  });
});

describe('janus profile: research and public evaluators', () => {
  const research = task({
    category: 'research',
    benchmark: 'janus_research',
    type: 'fact_verification',
    expected_facts: ['Sam Altman', 'OpenAI', 'CEO'],
  });
  it('research: key facts alone, or 0.7 judge + 0.3 facts', () => {
    const a = reply('Sam Altman is the CEO of OpenAI, according to https://openai.com.');
    expect(janus(research, a).quality).toBe(1);
    expect(janus(research, reply('It is Sam Altman.')).quality).toBeCloseTo(1 / 3, 10);
    expect(janus(research, a, 0.5).quality).toBeCloseTo(0.7 * 0.5 + 0.3, 10);
    expect(janus(research, a).details).toMatchObject({ search_used: true, citation_used: true });
  });

  it('text: mean of contains, must_cover, min_length and latency components', () => {
    const t = task({ expected: { type: 'text', contains: ['144'], max_latency_ms: 2000, min_length: 20 } });
    expect(janus(t, reply('144', [], { latencyMs: 4000 })).quality).toBeCloseTo((1 + 3 / 20 + 0.5) / 3, 10);
    expect(janus(t, reply('')).quality).toBe(0);
    expect(janus(task({ expected: { type: 'text' } }), reply('anything')).quality).toBe(1);
  });

  it('citations: min(1, (#URLs + #[n]) / min_sources), 0 when required and none', () => {
    const t = task({
      category: 'research',
      expected: { contains: ['1990'], requires_citations: true, min_sources: 2 },
    });
    expect(janus(t, reply('In 1990 [1].')).quality).toBeCloseTo(0.75, 10);
    expect(janus(t, reply('In 1990 [1] https://w3.org')).quality).toBe(1);
    expect(janus(t, reply('In 1990.')).quality).toBe(0.5);
  });

  it('code: passed/total of the recorded sandbox run; nothing without evidence', () => {
    const t = task({
      category: 'code',
      expected: { type: 'code', function_name: 'f', test_cases: [{ input: [1], output: 2 }] },
    });
    const run = {
      language: 'python',
      found: true,
      passed: 3,
      total: 4,
      cases: [],
      timedOut: false,
      durationMs: 1,
    };
    expect(evaluate(t, reply('```python\ndef f(x): return 2\n```'), { code: run }, 'janus').quality).toBe(
      0.75,
    );
    expect(janus(t, reply('```python\ndef f(x): return 2\n```')).quality).toBe(0);
  });

  it('quality fallback: expected_answer substring 1/0, keywords share, else 0.7/0.3 by length', () => {
    const t = task({
      category: 'chat',
      benchmark: 'janus_streaming',
      type: 'short_response',
      expected_answer: 'Paris',
    });
    expect(janus(t, reply('It is paris.')).quality).toBe(1);
    expect(janus(t, reply('Lyon')).quality).toBe(0);
    const open = task({ category: 'chat', benchmark: 'janus_streaming', type: 'long_response' });
    expect(janus(open, reply('A long enough answer.')).quality).toBe(0.7);
    expect(janus(open, reply('short')).quality).toBe(0.3);
  });
});
