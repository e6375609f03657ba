import { request } from 'undici';
import { z } from 'zod';
import { type MinerConfig, withCause } from '../../config/index.js';
import { MinerErrors } from '../errors.js';

type ToolsConfig = MinerConfig['tools'];
type Service = 'search' | 'proxy' | 'sandbox' | 'vector';

const SearchResponse = z.looseObject({
  results: z.array(z.looseObject({ title: z.string(), url: z.string(), snippet: z.string().default('') })),
});
const FetchResponse = z.looseObject({ content: z.string() });
const ExecuteResponse = z.looseObject({
  stdout: z.string().default(''),
  stderr: z.string().default(''),
  exit_code: z.number().int(),
});
const QueryResponse = z.looseObject({
  chunks: z.array(z.looseObject({ content: z.string(), source: z.string().default(''), score: z.number() })),
});

export type SearchResult = z.infer<typeof SearchResponse>['results'][number];
export type ExecuteResult = z.infer<typeof ExecuteResponse>;
export type VectorChunk = z.infer<typeof QueryResponse>['chunks'][number];
export type SandboxLanguage = 'python' | 'javascript' | 'bash' | 'go' | 'rust';

/**
 * Clients for the Janus platform services reachable from a submission's container (web search, page fetch
 * proxy, code sandbox, vector index). Every call has the miner.tools.timeoutMs deadline and the caller's signal.
 */
export class PlatformTools {
  constructor(private readonly config: ToolsConfig) {}

  /** POST {searchUrl}/search → title, url and snippet of each result. */
  async search(query: string, numResults: number, signal?: AbortSignal): Promise<SearchResult[]> {
    const body = { query, num_results: numResults };
    return (await this.call('search', 'POST', '/search', body, SearchResponse, signal)).results;
  }

  /** GET {proxyUrl}/fetch?url= → the page as markdown. */
  async fetchPage(url: string, signal?: AbortSignal): Promise<string> {
    const path = `/fetch?url=${encodeURIComponent(url)}`;
    return (await this.call('proxy', 'GET', path, undefined, FetchResponse, signal)).content;
  }

  /** POST {sandboxUrl}/execute → stdout, stderr and exit code (timeout in seconds, at most 60). */
  execute(
    language: SandboxLanguage,
    code: string,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<ExecuteResult> {
    const body = { language, code, timeout: timeoutSeconds };
    return this.call('sandbox', 'POST', '/execute', body, ExecuteResponse, signal, timeoutSeconds * 1000);
  }

  /** POST {vectorUrl}/query → the top_k closest chunks of the indexed documentation. */
  async query(query: string, topK: number, signal?: AbortSignal): Promise<VectorChunk[]> {
    const body = { query, top_k: topK };
    return (await this.call('vector', 'POST', '/query', body, QueryResponse, signal)).chunks;
  }

  private async call<T>(
    service: Service,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
    extraMs = 0,
  ): Promise<T> {
    const base = this.config[`${service}Url`].replace(/\/+$/, '');
    const url = `${base}${path}`;
    const deadline = AbortSignal.timeout(this.config.timeoutMs + extraMs);
    const merged = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let text: string;
    let status: number;
    try {
      const res = await request(url, {
        method,
        signal: merged,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = deadline.aborted
        ? `no answer within ${this.config.timeoutMs + extraMs} ms`
        : String(err);
      throw withCause(MinerErrors.TOOL_FAILED(service, url, reason), err);
    }
    if (status !== 200) throw MinerErrors.TOOL_FAILED(service, url, `HTTP ${status}: ${text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw MinerErrors.TOOL_FAILED(service, url, `answer is not JSON: ${text.slice(0, 200)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw MinerErrors.TOOL_FAILED(service, url, `unexpected answer: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  }
}
