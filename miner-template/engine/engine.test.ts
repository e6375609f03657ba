import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/index.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../../localnet/scripted-upstream.js';
import { ChatRequestSchema } from '../request-schema.js';
import { minerConfig } from '../testing/config.js';
import { type PlatformServices, startPlatformServices } from '../testing/platform-services.js';
import { PlatformTools } from '../tools/platform.js';
import type { EngineEvent } from '../types.js';
import { DefaultEngine } from './engine.js';
import { DefaultRouter } from './router.js';
import { OpenAIUpstream } from './upstream.js';

let services: PlatformServices;
let upstream: ScriptedUpstream;
beforeAll(async () => {
  services = await startPlatformServices();
  upstream = await startScriptedUpstream({ answer: () => ({ events: [{ content: 'Per [1], a record.' }] }) });
});
afterAll(async () => {
  await upstream?.close();
  await services?.close();
});

async function run(searchUrl: string) {
  const config = minerConfig({
    upstream: { baseUrl: upstream.url },
    router: { complexModel: 'big' },
    tools: { searchUrl, timeoutMs: 500 },
  });
  const up = new OpenAIUpstream(config.upstream, silentLogger);
  const engine = new DefaultEngine(config, {
    upstream: up,
    router: new DefaultRouter(config, up, silentLogger),
    tools: new PlatformTools(config.tools),
    logger: silentLogger,
  });
  const request = ChatRequestSchema.parse({
    model: 'x',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Research the latest fusion energy record and cite sources' },
    ],
  });
  const events: EngineEvent[] = [];
  for await (const ev of engine.run(request, new AbortController().signal)) events.push(ev);
  await up.close();
  return events;
}

describe('DefaultEngine', () => {
  it('searches first, streams the progress as reasoning and gives the results to the complex model', async () => {
    const events = await run(services.url);
    const reasoning = events.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text);
    expect(reasoning[0]).toContain('Searching the web for: Research the latest fusion');
    expect(reasoning[1]).toBe('Found 1 results.\n');
    const sent = upstream.requests.at(-1)!.body as {
      model: string;
      messages: { role: string; content: string }[];
    };
    expect(sent.model).toBe('big');
    expect(sent.messages.map((m) => m.role)).toEqual(['system', 'system', 'user']);
    expect(sent.messages[1]!.content).toContain('[1] Fusion record — https://news.example/fusion');
    expect(events).toContainEqual({ type: 'content', text: 'Per [1], a record.' });
  });

  it('answers without search when the search service fails', async () => {
    const events = await run('http://127.0.0.1:9');
    expect(events.filter((e) => e.type === 'reasoning').at(-1)).toEqual({
      type: 'reasoning',
      text: 'Search is unavailable; answering from what I know.\n',
    });
    expect(events).toContainEqual({ type: 'content', text: 'Per [1], a record.' });
    expect((upstream.requests.at(-1)!.body as { messages: unknown[] }).messages).toHaveLength(2);
  });
});
