import type { Logger, MinerConfig } from '../../config/index.js';
import { type ChatRequest, hasImages, lastUserText } from '../request-schema.js';
import type { RouteDecision, RoutePath, Router, Upstream } from '../types.js';

type RouterConfig = MinerConfig['router'];

export interface Classification {
  path: RoutePath;
  reason: string;
  /** False when the rules only guessed (then router.mode = llm asks a model). */
  confident: boolean;
  /** The prompt asks for fresh or sourced information. */
  wantsSearch: boolean;
}

const GREETING = /^(hi|hello|hey|thanks|thank you|good (morning|afternoon|evening)|ok|okay)\b/;
const SIMPLE_QUESTION = /^(what|who|when|where|which|how (many|much|old|far|long)|is|are|does|do|can)\b/;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

const phraseRegexes = new WeakMap<readonly string[], RegExp[]>();

/** The first phrase of `phrases` found in `text` as whole words ("plan" matches "a plan", not "planet"). */
function findPhrase(text: string, phrases: readonly string[]): string | undefined {
  let regexes = phraseRegexes.get(phrases);
  if (!regexes) {
    regexes = phrases.map((p) => new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    phraseRegexes.set(phrases, regexes);
  }
  const i = regexes.findIndex((r) => r.test(text));
  return i < 0 ? undefined : phrases[i];
}

/** The rule-based routing (janus baselines' idea): images, flags, keywords, length, simple shapes. */
export function classify(request: ChatRequest, config: RouterConfig): Classification {
  const text = lastUserText(request).toLowerCase().trim();
  const flags = request.generation_flags ?? {};
  const wantsSearch =
    flags.web_search === true ||
    flags.deep_research === true ||
    findPhrase(text, config.searchKeywords) !== undefined;
  const result = (path: RoutePath, reason: string, confident = true) => ({
    path,
    reason,
    confident,
    wantsSearch,
  });
  if (hasImages(request)) return result('vision', 'images present');
  const flag = Object.entries(flags).find(([, v]) => v === true)?.[0];
  if (flag) return result('complex', `generation flag ${flag}`);
  const n = words(text);
  if (n <= 6 && GREETING.test(text)) return result('fast', 'greeting');
  const keyword = findPhrase(text, config.complexKeywords);
  if (keyword) return result('complex', `keyword "${keyword}"`);
  if (n > config.complexWordThreshold) return result('complex', `${n} words`);
  if (n <= 15 && SIMPLE_QUESTION.test(text)) return result('fast', 'short question');
  return result('fast', 'no complexity signal', false);
}

const ROUTER_PROMPT =
  'You route requests for an AI assistant. Reply with exactly one word: "fast" when a quick direct ' +
  'answer suffices, "complex" when it needs careful multi-step reasoning, code, research or planning.';

/** Heuristics first; with router.mode = llm an unsure case asks a small model, bounded by llmTimeoutMs. */
export class DefaultRouter implements Router {
  constructor(
    private readonly config: MinerConfig,
    private readonly upstream: Upstream,
    private readonly logger: Logger,
  ) {}

  async route(request: ChatRequest, signal: AbortSignal): Promise<RouteDecision> {
    const rules = classify(request, this.config.router);
    let { path, reason } = rules;
    if (!rules.confident && this.config.router.mode === 'llm') {
      const verdict = await this.ask(lastUserText(request), signal);
      if (verdict) {
        path = verdict;
        reason = `llm: ${verdict}`;
      }
    }
    const { upstream, router } = this.config;
    const model =
      path === 'complex'
        ? (router.complexModel ?? upstream.model)
        : path === 'vision'
          ? (router.visionModel ?? upstream.model)
          : upstream.model;
    const search =
      path === 'complex' && rules.wantsSearch && !request.tools?.length && this.config.tools.searchOnComplex;
    return { path, model, reason, search };
  }

  /** The routing model's verdict, or undefined when it is slow, fails or answers something else. */
  private async ask(text: string, signal: AbortSignal): Promise<RoutePath | undefined> {
    const { llmModel, llmTimeoutMs } = this.config.router;
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(llmTimeoutMs)]);
    let answer = '';
    try {
      const events = this.upstream.stream(
        {
          models: [llmModel],
          body: {
            messages: [
              { role: 'system', content: ROUTER_PROMPT },
              { role: 'user', content: text.slice(0, 4000) },
            ],
            max_tokens: 4,
            temperature: 0,
          },
        },
        deadline,
      );
      for await (const ev of events) if (ev.type === 'content') answer += ev.text;
    } catch (err) {
      if (signal.aborted) throw err;
      this.logger.debug({ err: (err as Error).message }, 'routing model gave no verdict; rules decide');
      return undefined;
    }
    const word = answer.trim().toLowerCase();
    return word.startsWith('complex') ? 'complex' : word.startsWith('fast') ? 'fast' : undefined;
  }
}
