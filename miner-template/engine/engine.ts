import type { Logger, MinerConfig } from '../../config/index.js';
import { type ChatRequest, lastUserText } from '../request-schema.js';
import type { PlatformTools } from '../tools/platform.js';
import type { Engine, EngineEvent, Router, Upstream } from '../types.js';
import { upstreamBody, withSearchResults } from './upstream-body.js';

export interface EngineParts {
  router: Router;
  upstream: Upstream;
  tools: PlatformTools;
  logger: Logger;
}

/**
 * The default engine: route, optionally search the web first (complex research prompts, streaming the
 * progress as reasoning), then stream the routed model with the configured fallbacks behind it.
 */
export class DefaultEngine implements Engine {
  constructor(
    private readonly config: MinerConfig,
    private readonly parts: EngineParts,
  ) {}

  async *run(request: ChatRequest, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const { router, upstream, tools, logger } = this.parts;
    const decision = await router.route(request, signal);
    logger.debug({ route: decision }, 'routed');
    let messages = request.messages;
    if (decision.search) {
      const query = lastUserText(request).slice(0, 300);
      yield { type: 'reasoning', text: `Searching the web for: ${query}\n` };
      try {
        const results = await tools.search(query, this.config.tools.searchResults, signal);
        messages = withSearchResults(messages, query, results);
        yield { type: 'reasoning', text: `Found ${results.length} results.\n` };
      } catch (err) {
        if (signal.aborted) throw err;
        logger.warn({ err: (err as Error).message }, 'web search failed; answering without it');
        yield { type: 'reasoning', text: 'Search is unavailable; answering from what I know.\n' };
      }
    }
    const models = [
      decision.model,
      ...this.config.upstream.fallbackModels.filter((m) => m !== decision.model),
    ];
    yield* upstream.stream({ models, body: upstreamBody(request, messages) }, signal);
  }
}
