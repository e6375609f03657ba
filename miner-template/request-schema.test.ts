import { describe, expect, it } from 'vitest';
import { ChatRequestSchema, quickChatRequest } from './request-schema.js';

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values near every edge the schema draws (ranges, integers, null, wrong types, objects, arrays).
const VALUES: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  1.5,
  2,
  2.5,
  -2,
  -2.5,
  -1,
  3,
  4096,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53),
  '',
  'x',
  'user',
  'tool',
  'gpt',
  [],
  ['a'],
  {},
  { include_usage: true },
  { include_usage: 'yes' },
  { include_usage: true, extra: 1 },
  [{ role: 'user', content: 'hi' }],
];
const FIELDS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'parallel_tool_calls',
  'user',
  'user_id',
  'enable_memory',
  'chutes_access_token',
  'debug',
  'competitor_id',
  'browser_session_id',
  'stop',
  'tools',
  'tool_choice',
  'response_format',
  'metadata',
  'generation_flags',
  'unknown_field',
];
const MESSAGES: unknown[] = [
  { role: 'user', content: 'hi' },
  { role: 'system', content: '' },
  { role: 'assistant', content: 'a' },
  { role: 'developer', content: 'd', name: 'n' },
  { role: 'tool', content: 'r', tool_call_id: 'c1' },
  { role: 'tool', content: 'r' },
  { role: 'user', content: null },
  { role: 'user' },
  { role: 'user', content: [{ type: 'text', text: 'hi' }] },
  { role: 'user', content: 'x', name: 3 },
  { role: 'bot', content: 'x' },
  { role: 'user', content: 'x', extra: 1 },
  { content: 'x', role: 'user' },
  { role: 'assistant', content: null, tool_calls: [{ function: { name: 'f', arguments: '{}' } }] },
  'text',
  null,
  [],
];

describe('quickChatRequest', () => {
  it('takes the plain text request as it is, equal to what the schema returns', () => {
    const body = {
      model: 'janus',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello', name: 'u' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.7,
      max_tokens: 64,
    };
    const quick = quickChatRequest(body);
    expect(quick).toBe(body);
    expect(quick).toEqual(ChatRequestSchema.parse(body));
  });

  it('leaves to the schema what it cannot vouch for (tools, content parts, unknown fields, bad values)', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    for (const extra of [
      { tools: [] },
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
      { messages: [{ role: 'tool', content: 'x', tool_call_id: 'c' }] },
      { generation_flags: { web_search: true } },
      { whatever: 1 },
      { temperature: 3 },
      { max_tokens: 0 },
      { n: 2 },
      { messages: [] },
      { model: '' },
    ])
      expect(quickChatRequest({ ...base, ...extra })).toBeUndefined();
    expect(
      quickChatRequest(JSON.parse('{"model":"m","messages":[{"role":"user","content":"x"}],"__proto__":{}}')),
    ).toBeUndefined();
    expect(quickChatRequest([base])).toBeUndefined();
    expect(quickChatRequest(null)).toBeUndefined();
  });

  it('never accepts a body the schema rejects, and what it accepts equals the schema output (seeded fuzz)', () => {
    const rand = rng(17);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const body: Record<string, unknown> = {};
      if (rand() < 0.9) body.model = rand() < 0.8 ? 'm' : pick(VALUES);
      if (rand() < 0.9)
        body.messages =
          rand() < 0.85
            ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(MESSAGES))
            : pick(VALUES);
      for (let j = Math.floor(rand() * 4); j > 0; j--) {
        const v = pick(VALUES);
        if (v !== undefined) body[pick(FIELDS)] = v;
      }
      const quick = quickChatRequest(body);
      const zod = ChatRequestSchema.safeParse(body);
      if (quick === undefined) continue;
      accepted++;
      expect(zod.success, JSON.stringify(body)).toBe(true);
      expect(quick, JSON.stringify(body)).toEqual(zod.data);
    }
    // the generator must reach the quick path often enough for this to mean something
    expect(accepted).toBeGreaterThan(150);
  });
});
