import { randomFillSync } from 'node:crypto';
import type { FinishReason, ResponseUsage, ToolCallDelta } from './types.js';

export const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * 12 random bytes as hex, cut from a pool filled by one randomFillSync per 256 ids (a getrandom call per id
 * cost a cold miner ~50 µs before its upstream request). Every byte is used once.
 */
const ID_BYTES = 12;
const idPool = Buffer.alloc(ID_BYTES * 256);
let idPoolAt = idPool.length;
function randomHex12(): string {
  if (idPoolAt === idPool.length) {
    randomFillSync(idPool);
    idPoolAt = 0;
  }
  idPoolAt += ID_BYTES;
  return idPool.toString('hex', idPoolAt - ID_BYTES, idPoolAt);
}

export const completionId = () => `chatcmpl-${randomHex12()}`;
const toolCallId = () => `call_${randomHex12()}`;

/** What every chunk of one completion repeats. */
export interface ChunkMeta {
  id: string;
  created: number;
  model: string;
}

const chunkBase = (meta: ChunkMeta) =>
  `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)}`;

/**
 * One `chat.completion.chunk` SSE frame with a single choice: `delta` as given, and the finish reason (null
 * while the answer goes on). `usage` adds the field (null: announced, as with stream_options.include_usage).
 */
export function chunkFrame(
  meta: ChunkMeta,
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  usage?: unknown,
): string {
  const tail = usage === undefined ? '}]}' : `}],"usage":${JSON.stringify(usage)}}`;
  return `data: ${chunkBase(meta)},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}${tail}\n\n`;
}

/** The usage frame that ends a stream when usage was asked for: no choices, the usage object. */
export function usageFrame(meta: ChunkMeta, usage: unknown): string {
  return `data: ${chunkBase(meta)},"choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
}

export interface ChunkOptions extends ChunkMeta {
  reasoningField: 'reasoning_content' | 'reasoning';
  /** stream_options.include_usage: every chunk carries "usage": null and a usage chunk ends the stream. */
  includeUsage: boolean;
}

/**
 * Writes the SSE events of one chat.completion.chunk stream. The first choice chunk carries
 * role "assistant"; the first fragment of each tool call carries id, type and name.
 */
export class ChunkEncoder {
  private readonly head: string;
  private readonly tail: string;
  private readonly base: string;
  private roleSent = false;
  private readonly toolIndexes = new Set<number>();

  constructor(private readonly options: ChunkOptions) {
    this.base = chunkBase(options);
    this.head = `data: ${this.base},"choices":[{"index":0,"delta":`;
    this.tail = options.includeUsage ? '}],"usage":null}\n\n' : '}]}\n\n';
  }

  content(text: string): string {
    return this.delta({ content: text });
  }

  reasoning(text: string): string {
    return this.delta({ [this.options.reasoningField]: text });
  }

  toolCall(d: ToolCallDelta): string {
    const fn: { name?: string; arguments: string } = { arguments: d.arguments ?? '' };
    if (this.toolIndexes.has(d.index)) {
      if (d.name) fn.name = d.name;
      return this.delta({ tool_calls: [{ index: d.index, function: fn }] });
    }
    this.toolIndexes.add(d.index);
    return this.delta({
      tool_calls: [
        {
          index: d.index,
          id: d.id ?? toolCallId(),
          type: 'function',
          function: { name: d.name ?? '', ...fn },
        },
      ],
    });
  }

  /** The role chunk, when nothing was sent yet (an empty answer still starts with one). */
  role(): string | undefined {
    return this.roleSent ? undefined : this.delta({ content: '' });
  }

  finish(reason: FinishReason): string {
    return `${this.head}{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}${this.tail}`;
  }

  usage(usage: ResponseUsage): string {
    return usageFrame(this.options, usage);
  }

  private delta(delta: Record<string, unknown>): string {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return `${this.head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":null${this.tail}`;
  }
}
