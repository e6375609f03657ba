/**
 * Scripted SSE responses for tests and benchmarks: each step is raw bytes written at a fixed offset from
 * the moment the request arrived. `__SENT__` in a step's text is replaced by the absolute time of the write
 * (performance.timeOrigin + now, ms with µs precision); stamped content reads `<text>@<sent>|`, so a reader
 * can compare its arrival stamps with the true send times across processes.
 */
import { chunkFrame, DONE_EVENT, usageFrame } from '../../protocol/index.js';

export interface ScriptStep {
  atMs: number;
  data: string;
}

export interface Script {
  status?: number;
  headers?: Record<string, string>;
  steps: ScriptStep[];
  /** What to do after the last step: end the response (default), keep it open, or destroy the socket. */
  end?: 'end' | 'hang' | 'destroy';
}

const META = { id: 'chatcmpl-scripted', created: 0, model: 'scripted' };
const chunk = (delta: Record<string, unknown>) => chunkFrame(META, delta);

export const sse = {
  role: () => chunk({ role: 'assistant', content: '' }),
  content: (text: string, stamp = false) => chunk({ content: stamp ? `${text}@__SENT__|` : text }),
  reasoning: (text: string) => chunk({ reasoning_content: text }),
  toolCall: (index: number, fragment: { id?: string; name?: string; arguments?: string }) =>
    chunk({
      tool_calls: [
        {
          index,
          ...(fragment.id ? { id: fragment.id, type: 'function' } : {}),
          function: {
            ...(fragment.name ? { name: fragment.name } : {}),
            ...(fragment.arguments !== undefined ? { arguments: fragment.arguments } : {}),
          },
        },
      ],
    }),
  finish: (reason = 'stop') => chunkFrame(META, {}, reason),
  usage: (prompt: number, completion: number) =>
    usageFrame(META, {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    }),
  comment: (text = 'ping') => `: ${text}\n\n`,
  done: () => DONE_EVENT,
};

/** A well-formed stream: role, `events` content events every `intervalMs` from `ttftMs`, finish, usage, [DONE]. */
export function uniformScript(options: {
  events: number;
  intervalMs: number;
  ttftMs: number;
  text?: (i: number) => string;
  stamp?: boolean;
}): Script {
  const text = options.text ?? ((i: number) => `w${i} `);
  const steps: ScriptStep[] = [{ atMs: 0, data: sse.role() }];
  let last = options.ttftMs;
  for (let i = 0; i < options.events; i++) {
    last = options.ttftMs + i * options.intervalMs;
    steps.push({ atMs: last, data: sse.content(text(i), options.stamp) });
  }
  steps.push({ atMs: last, data: sse.finish() + sse.usage(10, options.events) + sse.done() });
  return { steps };
}

/** Send times (absolute ms) of stamped content, in order. */
export function stampedSendTimes(content: string): number[] {
  return content
    .split('|')
    .filter((p) => p.includes('@'))
    .map((p) => Number(p.slice(p.lastIndexOf('@') + 1)));
}
