import type { Answer } from '../../datasets/index.js';
import type { Measurement } from '../types.js';

export interface SyntheticTiming {
  ttftMs: number;
  intervalMs: number;
  /** Characters of content per event. */
  charsPerEvent: number;
  /** Keep-alive comments spread evenly over the wait for the first token (a slow starter sends some). */
  keepAlives?: number;
}

/**
 * A Measurement as the runner would record it for `answer` streamed on a steady schedule: keep-alives while
 * it waits (if any), reasoning in one event at the TTFT, then the content in `charsPerEvent` pieces every `intervalMs`, then [DONE]. For tests
 * and benchmarks of what comes after the runner (scoring, the ledger, replay).
 */
export function syntheticMeasurement(
  taskId: string,
  answer: Answer,
  timing: SyntheticTiming,
  failure?: { code: string; message: string },
): Measurement {
  const t: number[] = [];
  const n: number[] = [];
  let k = '';
  let at = 0;
  const push = (kind: string, chars: number) => {
    t.push(Math.round(at));
    k += kind;
    n.push(chars);
  };
  const keepAlives = timing.keepAlives ?? 0;
  for (let i = 1; i <= keepAlives; i++) {
    at = (timing.ttftMs * 1000 * i) / (keepAlives + 1);
    push('k', 0);
  }
  at = timing.ttftMs * 1000;
  if (answer.reasoning) push('r', answer.reasoning.length);
  for (const call of answer.toolCalls) push('t', call.name.length + call.argumentsRaw.length);
  for (let i = 0; i < answer.content.length; i += timing.charsPerEvent) {
    at += timing.intervalMs * 1000;
    push('c', Math.min(timing.charsPerEvent, answer.content.length - i));
  }
  at += 1000;
  if (!failure) push('d', 0);
  return {
    v: 1,
    taskId,
    target: 'http://synthetic',
    model: 'synthetic',
    startedAt: 0,
    status: failure ? undefined : 200,
    headersUs: failure ? undefined : 1000,
    endUs: Math.round(at),
    bytes: 0,
    events: { t, k, n },
    ...answer,
    error: failure,
    evidence: undefined,
  };
}
