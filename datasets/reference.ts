import { z } from 'zod';
import type { Answer } from './answer.js';
import type { Task } from './task.js';

/** What a perfect engine answers: the answer key simulators replay and tests grade. */
export const ReferenceSchema = z
  .object({
    /** The reply text (code tasks: the reply with the solution in a fenced block; image tasks: with the image inline). */
    content: z.string(),
    reasoning: z.string().optional(),
    toolCalls: z
      .array(z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()) }).strict())
      .optional(),
    /** For image outputs: what a correct image shows, in words. */
    description: z.string().optional(),
  })
  .strict();
export type Reference = z.infer<typeof ReferenceSchema>;

/** The task's reference answer, or undefined when it has none (e.g. a janus-bench file). */
export function taskReference(task: Pick<Task, 'expected'>): Reference | undefined {
  const parsed = ReferenceSchema.safeParse(task.expected.reference);
  return parsed.success ? parsed.data : undefined;
}

/** The reference as an Answer (what evaluators receive), or undefined when the task has no reference. */
export function answerFromReference(task: Pick<Task, 'expected'>): Answer | undefined {
  const ref = taskReference(task);
  if (!ref) return undefined;
  return {
    content: ref.content,
    reasoning: ref.reasoning ?? '',
    toolCalls: (ref.toolCalls ?? []).map((c, index) => ({
      index,
      id: `call_${index}`,
      name: c.name,
      argumentsRaw: JSON.stringify(c.arguments),
      arguments: c.arguments,
    })),
    usage: undefined,
    finishReason: ref.toolCalls?.length ? 'tool_calls' : 'stop',
  };
}
