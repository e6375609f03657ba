import type { EngineEvent, FinishReason, TokenCounts } from '../types.js';

interface ToolCallState {
  id: string | undefined;
  name: string;
  arguments: string;
}

/** Everything a response produced, gathered from the engine events (usage counting, non-stream answers). */
export class Transcript {
  content = '';
  reasoning = '';
  model: string | undefined;
  finish: FinishReason | undefined;
  usage: TokenCounts | undefined;
  readonly toolCalls = new Map<number, ToolCallState>();

  add(event: EngineEvent): void {
    switch (event.type) {
      case 'start':
        this.model = event.model;
        break;
      case 'content':
        this.content += event.text;
        break;
      case 'reasoning':
        this.reasoning += event.text;
        break;
      case 'tool_call': {
        const d = event.delta;
        let call = this.toolCalls.get(d.index);
        if (!call) {
          call = { id: undefined, name: '', arguments: '' };
          this.toolCalls.set(d.index, call);
        }
        if (d.id) call.id = d.id;
        if (d.name) call.name = d.name;
        if (d.arguments) call.arguments += d.arguments;
        break;
      }
      case 'finish':
        this.finish = event.reason;
        break;
      case 'usage':
        this.usage = event.usage;
        break;
    }
  }

  /** finish_reason of the answer: the upstream's, else tool_calls when calls were made, else stop. */
  finishReason(): FinishReason {
    return this.finish ?? (this.toolCalls.size ? 'tool_calls' : 'stop');
  }

  toolArguments(): string {
    let s = '';
    for (const c of this.toolCalls.values()) s += c.name + c.arguments;
    return s;
  }
}
