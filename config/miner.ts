import { z } from 'zod';
import { httpUrl, port, positiveMs, secret } from './fields.js';

const nonNegative = (fallback: number, description: string) =>
  z.number().min(0).default(fallback).describe(description);

const count = (fallback: number, description: string) =>
  z.number().int().min(0).default(fallback).describe(description);

const optionalModel = (description: string) => z.string().min(1).optional().describe(description);

const UpstreamSchema = z
  .object({
    baseUrl: httpUrl.default('https://llm.chutes.ai/v1').describe('OpenAI-compatible upstream base URL'),
    apiKey: secret('upstream API key, sent as a Bearer token').meta({ envAliases: ['CHUTES_API_KEY'] }),
    model: z
      .string()
      .min(1)
      .default('Qwen/Qwen3-Next-80B-A3B-Instruct')
      .describe('upstream model for the fast path (and every path without a model of its own)'),
    fallbackModels: z
      .array(z.string().min(1))
      .default([])
      .describe('models tried in order when the routed model fails before its first byte'),
    maxRetries: count(2, 'retries per model on 429/5xx/connection errors before the first byte'),
    retryBaseMs: positiveMs(250, 'first retry backoff; doubles per retry, with jitter'),
    retryMaxMs: positiveMs(2000, 'longest backoff (and longest Retry-After honoured)'),
    headersTimeoutMs: positiveMs(30_000, 'time allowed for the upstream response headers'),
    idleTimeoutMs: positiveMs(60_000, 'longest silence allowed inside an upstream stream'),
    connections: z
      .number()
      .int()
      .positive()
      .default(512)
      .describe('most concurrent connections to the upstream origin'),
  })
  .strict();

const RouterSchema = z
  .object({
    mode: z
      .enum(['heuristic', 'llm'])
      .default('heuristic')
      .describe('heuristic: keyword and length rules only; llm: ask a small model when the rules are unsure'),
    complexModel: optionalModel('model for the complex path (unset: upstream.model)'),
    visionModel: optionalModel('model for requests carrying images (unset: upstream.model)'),
    complexWordThreshold: z
      .number()
      .int()
      .positive()
      .default(77)
      .describe('prompts longer than this many words take the complex path (~100 tokens)'),
    complexKeywords: z
      .array(z.string().min(1))
      .default([
        'write code',
        'implement',
        'debug',
        'refactor',
        'step by step',
        'prove',
        'analyze',
        'analyse',
        'compare',
        'research',
        'search the web',
        'look up',
        'latest',
        'sources',
        'cite',
        'plan',
        'design',
      ])
      .describe('phrases (lower case) that send a prompt to the complex path'),
    searchKeywords: z
      .array(z.string().min(1))
      .default(['search', 'latest', 'news', 'current', 'today', 'research', 'sources', 'cite', 'look up'])
      .describe('phrases (lower case) that make the complex path search the web first'),
    llmModel: z
      .string()
      .min(1)
      .default('XiaomiMiMo/MiMo-V2-Flash')
      .describe('model asked to route when router.mode is llm'),
    llmTimeoutMs: positiveMs(1500, 'how long the routing model may take before the rules decide'),
  })
  .strict();

const PacerSchema = z
  .object({
    mode: z
      .enum(['paced', 'passthrough'])
      .default('paced')
      .describe(
        'paced: re-emit content as an even stream; passthrough: forward upstream deltas as they come',
      ),
    intervalMs: positiveMs(30, 'spacing between content events (30 ms = 33 events/s)'),
    bufferMs: positiveMs(300, 'content held back to absorb upstream bursts and stalls'),
    keepAliveMs: positiveMs(1000, 'send a keep-alive when nothing was sent for this long'),
    keepAlive: z
      .enum(['comment', 'reasoning'])
      .default('comment')
      .describe('keep-alive as an SSE comment or as a reasoning progress delta'),
    keepAliveText: z
      .string()
      .min(1)
      .default('.')
      .describe('text of a reasoning keep-alive (pacer.keepAlive = reasoning)'),
  })
  .strict();

const ToolsSchema = z
  .object({
    searchUrl: httpUrl.default('https://search.janus.rodeo').describe('platform web search service'),
    proxyUrl: httpUrl.default('https://proxy.janus.rodeo').describe('platform web page fetch proxy'),
    sandboxUrl: httpUrl.default('https://sandbox.janus.rodeo').describe('platform code sandbox'),
    vectorUrl: httpUrl.default('https://vector.janus.rodeo').describe('platform vector index'),
    timeoutMs: positiveMs(4000, 'deadline for one platform service call'),
    searchOnComplex: z
      .boolean()
      .default(true)
      .describe('on the complex path, search the web first when the prompt asks for research'),
    searchResults: z.number().int().positive().max(20).default(5).describe('search results put in context'),
  })
  .strict();

const PriceSchema = z
  .object({
    inputPerMillion: nonNegative(0, 'USD per million prompt tokens'),
    outputPerMillion: nonNegative(0, 'USD per million completion tokens'),
  })
  .strict();

const PricingSchema = z
  .object({
    inputPerMillion: nonNegative(0, 'USD per million prompt tokens (set your provider price)'),
    outputPerMillion: nonNegative(0, 'USD per million completion tokens (set your provider price)'),
    models: z
      .record(z.string(), PriceSchema)
      .default({})
      .describe('per-model prices overriding the two above, by upstream model name'),
    tokenizer: z
      .enum(['o200k_base', 'cl100k_base'])
      .default('o200k_base')
      .describe('tokenizer counting tokens when the upstream reports no usage'),
  })
  .strict();

const AuthSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('require Epistula-signed requests from validators, signed for this miner hotkey'),
    validatorHotkeys: z
      .array(z.string().min(1))
      .default([])
      .describe('SS58 hotkeys allowed to call the chat endpoint'),
    hotkey: z
      .string()
      .min(1)
      .optional()
      .describe(
        'this miner hotkey (SS58); Epistula-Signed-For must equal it, so a request relayed from another miner is refused. Unset: the hotkey of the wallet it serves with (chain.hotkeyUri or chain.wallet.*), else miner.submission.hotkey; with none of them, auth refuses to start',
      ),
    maxSkewMs: positiveMs(8000, 'largest allowed distance between the signed timestamp and now'),
    validatorsFromChain: z
      .boolean()
      .default(false)
      .describe('also allow every hotkey with a validator permit on chain.netuid (rodeo miner serve)'),
    refreshMs: positiveMs(300_000, 'how often the validator permits are re-read from the metagraph'),
  })
  .strict();

const ComponentSchema = z
  .object({
    name: z.string().min(1).describe('component name'),
    version: z.string().min(1).optional().describe('component version'),
    builderHotkey: z.string().min(1).describe('builder hotkey (SS58)'),
    builderColdkey: z.string().min(1).describe('builder coldkey (SS58), paid its share'),
    share: z.number().gt(0).max(1).describe('fraction of the component rewards'),
  })
  .strict();

const SubmissionSchema = z
  .object({
    name: z.string().min(1).optional().describe('implementation name, e.g. turbo-reasoner-v2'),
    image: z
      .string()
      .min(1)
      .optional()
      .describe('Docker image pinned by digest, e.g. ghcr.io/alice/impl@sha256:<64 hex>'),
    sourceUrl: z.string().min(1).optional().describe('public source repository URL'),
    sourceCommit: z.string().min(1).optional().describe('source commit the image was built from'),
    license: z.string().min(1).default('MIT').describe('OSI license (SPDX id)'),
    endpoint: z
      .string()
      .min(1)
      .optional()
      .describe('public URL of this miner, e.g. https://miner.example:8080'),
    hotkey: z.string().min(1).optional().describe('miner hotkey (SS58) credited for the submission'),
    description: z.string().min(1).optional().describe('what the implementation does (100-500 chars)'),
    components: z
      .array(ComponentSchema)
      .default([])
      .describe('marketplace components used, with their builders and shares'),
  })
  .strict();

/** The miner's port, and so the port `rodeo bench` targets by default: one number for both. */
export const MINER_DEFAULT_PORT = 8080;

export const MinerSchema = z
  .object({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe(
        'address the miner listens on: this machine only by default; 0.0.0.0 (all interfaces) for validators to reach it, as the Dockerfile sets',
      ),
    port: port(MINER_DEFAULT_PORT, 'miner HTTP port (also the port `rodeo bench` targets by default)'),
    modelId: z
      .string()
      .min(1)
      .default('rodeo-miner')
      .describe('model id listed by /v1/models and returned in responses'),
    reasoningField: z
      .enum(['reasoning_content', 'reasoning'])
      .default('reasoning_content')
      .describe('delta/message field carrying reasoning'),
    streamUsage: z
      .enum(['requested', 'always'])
      .default('requested')
      .describe('send the usage chunk only with stream_options.include_usage, or on every stream'),
    bodyLimitBytes: z.number().int().positive().default(10_485_760).describe('largest request body'),
    upstream: UpstreamSchema.prefault({}),
    router: RouterSchema.prefault({}),
    pacer: PacerSchema.prefault({}),
    tools: ToolsSchema.prefault({}),
    pricing: PricingSchema.prefault({}),
    auth: AuthSchema.prefault({}),
    submission: SubmissionSchema.prefault({}),
  })
  .strict();
