import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger, MinerConfig } from '../../config/index.js';
import { ChunkEncoder, completionId, DONE_EVENT, type Tokenizer } from '../../protocol/index.js';
import { pace } from '../engine/pacer.js';
import { buildUsage, countResponseTokens } from '../engine/usage.js';
import { annotate, MinerErrors } from '../errors.js';
import { type ChatRequest, ChatRequestSchema, quickChatRequest } from '../request-schema.js';
import type { Engine, EngineEvent, ResponseUsage } from '../types.js';
import { toOpenAIError } from './openai-errors.js';
import { SseWriter } from './sse.js';
import { Transcript } from './transcript.js';

export interface ChatRouteContext {
  config: MinerConfig;
  engine: Engine;
  logger: Logger;
  tokenizer: () => Tokenizer;
}

/** Validates the body; the first zod issue names the field (`messages[0].role`) in the OpenAI error. */
export function parseChatRequest(body: unknown): ChatRequest {
  const quick = quickChatRequest(body);
  if (quick) return quick;
  const parsed = ChatRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
  throw annotate(MinerErrors.INVALID_REQUEST(param, issue.message), { param });
}

function usageOf(ctx: ChatRouteContext, request: ChatRequest, t: Transcript): ResponseUsage {
  return buildUsage(ctx.config.pricing, t.model ?? ctx.config.upstream.model, t.usage, () =>
    countResponseTokens(ctx.tokenizer(), request, {
      content: t.content,
      reasoning: t.reasoning,
      toolArguments: t.toolArguments(),
    }),
  );
}

/** POST /v1/chat/completions: a paced SSE stream, or one chat.completion object. */
export async function handleChat(ctx: ChatRouteContext, req: FastifyRequest, reply: FastifyReply) {
  const request = parseChatRequest(req.body);
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const events = ctx.engine.run(request, controller.signal);
  if (!request.stream) {
    const t = new Transcript();
    try {
      for await (const ev of events) t.add(ev);
    } catch (err) {
      // The client left: nobody to answer.
      if (controller.signal.aborted) return reply.hijack();
      throw err;
    }
    const message: Record<string, unknown> = { role: 'assistant', content: t.content };
    if (t.reasoning) message[ctx.config.reasoningField] = t.reasoning;
    if (t.toolCalls.size) {
      if (!t.content) message.content = null;
      message.tool_calls = [...t.toolCalls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, c]) => ({
          id: c.id ?? `call_${id.slice(9)}_${index}`,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        }));
    }
    const usage = usageOf(ctx, request, t);
    logDone(ctx.logger, id, t, usage);
    return reply.send({
      id,
      object: 'chat.completion',
      created,
      model: ctx.config.modelId,
      choices: [{ index: 0, message, logprobs: null, finish_reason: t.finishReason() }],
      usage,
    });
  }
  reply.hijack();
  await streamChat(ctx, request, reply, { id, created, events, controller });
}

async function streamChat(
  ctx: ChatRouteContext,
  request: ChatRequest,
  reply: FastifyReply,
  run: { id: string; created: number; events: AsyncIterable<EngineEvent>; controller: AbortController },
) {
  const { config } = ctx;
  const includeUsage = config.streamUsage === 'always' || request.stream_options?.include_usage === true;
  const enc = new ChunkEncoder({
    id: run.id,
    created: run.created,
    model: config.modelId,
    reasoningField: config.reasoningField,
    includeUsage,
  });
  const sse = new SseWriter(reply.raw, { 'x-request-id': run.id });
  const t = new Transcript();
  let completed = false;
  const keepAlive = () =>
    config.pacer.keepAlive === 'comment' ? ': keep-alive\n\n' : enc.reasoning(config.pacer.keepAliveText);
  try {
    for await (const ev of pace(run.events, config.pacer)) {
      if (sse.closed) break;
      if (ev.type === 'keepalive') {
        await sse.write(keepAlive());
        continue;
      }
      t.add(ev);
      if (ev.type === 'content') await sse.write(enc.content(ev.text));
      else if (ev.type === 'reasoning') await sse.write(enc.reasoning(ev.text));
      else if (ev.type === 'tool_call') await sse.write(enc.toolCall(ev.delta));
    }
    if (sse.closed) return;
    const role = enc.role();
    if (role) await sse.write(role);
    await sse.write(enc.finish(t.finishReason()));
    const usage = usageOf(ctx, request, t);
    if (includeUsage) await sse.write(enc.usage(usage));
    await sse.write(DONE_EVENT);
    sse.end();
    completed = true;
    logDone(ctx.logger, run.id, t, usage);
  } catch (err) {
    if (run.controller.signal.aborted || sse.closed) return;
    const { status, body } = toOpenAIError(err);
    ctx.logger.warn({ id: run.id, status, err: (err as Error).message }, 'chat completion failed');
    if (sse.started) {
      await sse.write(`data: ${JSON.stringify(body)}\n\n`);
      sse.end();
    } else {
      reply.raw.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify(body));
    }
  } finally {
    // Stops an engine still running (client gone, failure). After a complete answer nothing listens any
    // more; aborting anyway would build an AbortError (and its stack) per request for nobody.
    if (!completed) run.controller.abort();
  }
}

function logDone(logger: Logger, id: string, t: Transcript, usage: ResponseUsage) {
  logger.info(
    { id, model: t.model, finish: t.finishReason(), tokens: usage.total_tokens, cost: usage.cost_usd },
    'chat completion',
  );
}
