import type { Answer } from '../answer.js';
import { normalizeTask, type Task, TaskInputSchema } from '../task.js';

/** A Task from a suite-line object (defaults: one user message). */
export function task(line: Record<string, unknown>): Task {
  return normalizeTask(
    TaskInputSchema.parse({
      id: 't',
      category: 'chat',
      input: { messages: [{ role: 'user', content: 'question?' }] },
      ...line,
    }),
  );
}

/** An Answer with text and optional tool calls ({name, args} or raw argument text). */
export function reply(
  content: string,
  calls: { name: string; args?: Record<string, unknown>; raw?: string }[] = [],
  extra: Partial<Answer> = {},
): Answer {
  return {
    content,
    reasoning: '',
    toolCalls: calls.map((c, index) => {
      const raw = c.raw ?? JSON.stringify(c.args ?? {});
      let parsed: Record<string, unknown> | undefined;
      try {
        const v = JSON.parse(raw) as unknown;
        parsed = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
      } catch {
        parsed = undefined;
      }
      return { index, id: `c${index}`, name: c.name, argumentsRaw: raw, arguments: parsed };
    }),
    usage: undefined,
    finishReason: 'stop',
    ...extra,
  };
}
