import { describe, expect, it } from 'vitest';
import { ChunkEncoder, completionId, DONE_EVENT, readChunk } from './index.js';

const dataOf = (frame: string) => {
  expect(frame.startsWith('data: ') && frame.endsWith('\n\n')).toBe(true);
  return JSON.parse(frame.slice(6, -2)) as unknown;
};

describe('the one chunk parser', () => {
  it('takes reasoning from reasoning_content, or from reasoning when reasoning_content is empty', () => {
    const both = { choices: [{ delta: { reasoning_content: '', reasoning: 'think' } }] };
    expect(readChunk(both).reasoning).toBe('think');
    const first = { choices: [{ delta: { reasoning_content: 'a', reasoning: 'b' } }] };
    expect(readChunk(first).reasoning).toBe('a');
  });

  it('reads an error object as an error and nothing else', () => {
    const parts = readChunk({
      error: { message: 'overloaded', code: 503 },
      choices: [{ delta: { content: 'x' } }],
    });
    expect(parts.error).toBe('overloaded (503)');
    expect(parts.content).toBe('');
  });

  it('tolerates what is not a chunk', () => {
    expect(readChunk([1]).error).toMatch(/expected a JSON object/);
    expect(readChunk({ choices: [] })).toMatchObject({ content: '', reasoning: '', finishReason: undefined });
    expect(readChunk({ choices: [{ delta: null, finish_reason: 'stop' }] }).finishReason).toBe('stop');
  });
});

describe('the one chunk writer, read back by the one parser', () => {
  it('round-trips content, reasoning (either field), tool calls, finish and usage', () => {
    for (const reasoningField of ['reasoning_content', 'reasoning'] as const) {
      const enc = new ChunkEncoder({ id: 'c1', created: 1, model: 'm', reasoningField, includeUsage: true });
      const first = readChunk(dataOf(enc.reasoning('hmm')));
      expect(first.reasoning).toBe('hmm');
      expect(readChunk(dataOf(enc.content('hi'))).content).toBe('hi');
      const call = readChunk(dataOf(enc.toolCall({ index: 0, name: 'f', arguments: '{"a"' })));
      expect(call.toolDeltas).toEqual([
        {
          index: 0,
          id: expect.stringMatching(/^call_/),
          type: 'function',
          function: { name: 'f', arguments: '{"a"' },
        },
      ]);
      const more = readChunk(dataOf(enc.toolCall({ index: 0, arguments: ':1}' })));
      expect(more.toolDeltas).toEqual([{ index: 0, function: { arguments: ':1}' } }]);
      expect(readChunk(dataOf(enc.finish('tool_calls'))).finishReason).toBe('tool_calls');
      const usage = readChunk(
        dataOf(enc.usage({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cost_usd: 0.5 })),
      );
      expect(usage.usage).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 7, costUsd: 0.5 });
    }
    expect(DONE_EVENT).toBe('data: [DONE]\n\n');
  });

  it('starts with the assistant role exactly once, even for an empty answer', () => {
    const enc = new ChunkEncoder({
      id: 'c',
      created: 1,
      model: 'm',
      reasoningField: 'reasoning',
      includeUsage: false,
    });
    const role = enc.role();
    expect(dataOf(role!)).toMatchObject({ choices: [{ delta: { role: 'assistant', content: '' } }] });
    expect(enc.role()).toBeUndefined();
    expect(dataOf(enc.content('x'))).toMatchObject({ choices: [{ delta: { content: 'x' } }] });
    expect(JSON.stringify(dataOf(enc.content('y')))).not.toContain('role');
  });
});

describe('completion ids', () => {
  it('are chatcmpl- and 24 hex digits, all different across several refills of the random pool', () => {
    const ids = Array.from({ length: 1000 }, () => completionId());
    for (const id of ids) expect(id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the one chunk parser against hostile chunks', () => {
  it('caps what a miner writes as an error or a finish_reason (it is stored with the measurement)', () => {
    const huge = 'x'.repeat(1_000_000);
    expect(readChunk({ error: huge }).error!.length).toBeLessThanOrEqual(500);
    expect(readChunk({ error: { message: huge } }).error!.length).toBeLessThanOrEqual(500);
    expect(readChunk({ error: 1e21 }).error).toBe('1e+21');
    const finish = readChunk({ choices: [{ delta: {}, finish_reason: huge }] }).finishReason;
    expect(finish === undefined || finish.length <= 64).toBe(true);
    expect(readChunk({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] }).finishReason).toBe(
      'tool_calls',
    );
  });

  it('reads an error object nested too deep to stringify as an error instead of throwing (the upstream reader does not bound depth)', () => {
    const deep = JSON.parse(`{"error":${'['.repeat(200_000)}${']'.repeat(200_000)}}`) as unknown;
    const parts = readChunk(deep);
    expect(parts.error).toMatch(/error object/);
  });
});
