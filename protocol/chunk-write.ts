import { randomBytes } from 'node:crypto';
import type { FinishReason, ResponseUsage, ToolCallDelta } from './types.js';

export const DONE_EVENT = 'data: [DONE]\n\n';

export const completionId = () => `chatcmpl-${randomBytes(12).toString('hex')}`;
const toolCallId = () => `call_${randomBytes(12).toString('hex')}`;

export interface ChunkOptions {
  id: string;
  created: number;
  model: string;
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
    this.base = `{"id":${JSON.stringify(options.id)},"object":"chat.completion.chunk","created":${options.created},"model":${JSON.stringify(options.model)}`;
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
    return `data: ${this.base},"choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
  }

  private delta(delta: Record<string, unknown>): string {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return `${this.head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":null${this.tail}`;
  }
}
