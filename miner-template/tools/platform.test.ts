import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MinerErrors } from '../errors.js';
import { minerConfig } from '../testing/config.js';
import { type PlatformServices, startPlatformServices } from '../testing/platform-services.js';
import { PlatformTools } from './platform.js';

let services: PlatformServices;
beforeAll(async () => {
  services = await startPlatformServices();
});
afterAll(() => services?.close());

const tools = () => {
  const url = services.url;
  return new PlatformTools(
    minerConfig({ tools: { searchUrl: url, proxyUrl: url, sandboxUrl: url, vectorUrl: url, timeoutMs: 200 } })
      .tools,
  );
};

describe('PlatformTools', () => {
  it('calls search, the fetch proxy, the sandbox and the vector index with their documented shapes', async () => {
    const t = tools();
    expect(await t.search('fusion', 3)).toEqual([
      { title: 'Fusion record', url: 'https://news.example/fusion', snippet: 'A new record.' },
    ]);
    expect(services.received.at(-1)).toEqual({ path: '/search', body: { query: 'fusion', num_results: 3 } });
    expect(await t.fetchPage('https://example.com/a?b=c')).toBe('# page https://example.com/a?b=c');
    expect(await t.execute('python', 'print(2 + 2)', 30)).toEqual({
      stdout: '4\n',
      stderr: '',
      exit_code: 0,
    });
    expect(services.received.at(-1)!.body).toEqual({ language: 'python', code: 'print(2 + 2)', timeout: 30 });
    expect((await t.query('How does TCP handshake work?', 5))[0]!.source).toBe('tcp.md');
  });

  it('names the service and URL when a call fails or is too slow', async () => {
    const down = await tools()
      .search('broken', 3)
      .catch((e: unknown) => e);
    expect(MinerErrors.TOOL_FAILED.is(down)).toBe(true);
    expect((down as Error).message).toContain(`${services.url}/search`);
    const slow = await tools()
      .search('slow', 3)
      .catch((e: unknown) => e);
    expect((slow as Error).message).toContain('no answer within 200 ms');
  });
});
