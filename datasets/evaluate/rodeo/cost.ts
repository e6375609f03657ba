import type { Answer } from '../../answer.js';
import type { Task } from '../../task.js';
import { extractNumbers, wordCount } from '../../text/extract.js';
import {
  alternativesList,
  checkAnswer,
  coverage,
  type Graded,
  hasAnswerKey,
  withinTolerance,
} from './answers.js';

/** Tokens a reply cost: the reported completion tokens, but never fewer than its text implies (about 4 characters a token). */
export function outputTokens(answer: Answer): {
  tokens: number;
  reported: number | undefined;
  estimated: number;
} {
  const estimated = Math.ceil((answer.content.length + answer.reasoning.length) / 4);
  const reported = answer.usage?.completionTokens;
  return { tokens: Math.max(reported ?? 0, estimated), reported, estimated };
}

const param = (task: Task, key: string): unknown => task.evaluation?.[key] ?? task.expected[key];
const numParam = (task: Task, key: string, fallback: number) => {
  const v = param(task, key);
  return typeof v === 'number' && v > 0 ? v : fallback;
};

export interface CostGraded extends Graded {
  costEfficiency: number;
}

/**
 * Cost tasks. Quality is correctness; costEfficiency = quality x the sub-type's thrift factor:
 * tokens min(1, baseline / output tokens) for all, plus the word limit (concise_response), tool calls
 * within max_tool_calls (minimal_tools), the answer within the first N words (direct_answer). Output
 * tokens count reasoning too, and cannot be under-reported (see outputTokens); prompt tokens never count.
 */
export function gradeCost(task: Task, answer: Answer): CostGraded {
  const text = answer.content;
  const out = outputTokens(answer);
  const baseline = numParam(task, 'baseline_tokens', 100);
  const tokenFactor = Math.min(1, baseline / Math.max(1, out.tokens));
  const base = { outputTokens: out.tokens, reportedTokens: out.reported ?? null, baselineTokens: baseline };
  switch (task.type) {
    case 'concise_response': {
      const q = hasAnswerKey(task.expected)
        ? checkAnswer(text, task.expected)
        : coverage(text, alternativesList(param(task, 'required')));
      const maxWords = numParam(task, 'max_words', 50);
      const words = wordCount(text);
      const lengthFactor = words <= maxWords ? 1 : words <= 2 * maxWords ? 0.5 : 0.2;
      return {
        score: q.score,
        costEfficiency: q.score * Math.min(tokenFactor, lengthFactor),
        details: { ...base, ...q.details, words, maxWords },
      };
    }
    case 'efficient_explanation': {
      const criteria = alternativesList(task.expected.accept ?? param(task, 'quality_criteria'));
      const need = Math.min(criteria.length, numParam(task, 'min_matches', 1));
      const c = coverage(text, criteria);
      const q = need ? Math.min(1, (c.score * criteria.length) / need) : 1;
      const max = numParam(task, 'max_tokens', baseline * 2);
      const explain =
        out.tokens <= baseline
          ? 1
          : out.tokens <= max
            ? 1 - (0.5 * (out.tokens - baseline)) / Math.max(1, max - baseline)
            : 0.25;
      return { score: q, costEfficiency: q * explain, details: { ...base, ...c.details, minMatches: need } };
    }
    case 'minimal_tools': {
      const q = hasAnswerKey(task.expected)
        ? checkAnswer(text, task.expected)
        : coverage(text, [alternativesList(param(task, 'expected_answer_contains')).flat()]);
      const maxCalls =
        typeof param(task, 'max_tool_calls') === 'number' ? (param(task, 'max_tool_calls') as number) : 0;
      const toolFactor = answer.toolCalls.length <= maxCalls ? 1 : 0.3;
      return {
        score: q.score,
        costEfficiency: q.score * Math.min(tokenFactor, toolFactor),
        details: { ...base, ...q.details, toolCalls: answer.toolCalls.length, maxCalls },
      };
    }
    case 'direct_answer': {
      const expected = task.expected.answer;
      const within = numParam(task, 'answer_must_appear_within_first', 10);
      if (typeof expected !== 'number') {
        const q = checkAnswer(text, task.expected);
        return { score: q.score, costEfficiency: q.score * tokenFactor, details: { ...base, ...q.details } };
      }
      const head = text.trim().split(/\s+/).slice(0, within).join(' ');
      const first = extractNumbers(head)[0];
      const early = first !== undefined && withinTolerance(first, expected, task.expected.tolerance as never);
      const q = early ? 1 : checkAnswer(text, task.expected).score * 0.5;
      return {
        score: q,
        costEfficiency: q * tokenFactor,
        details: { ...base, answer: expected, firstNumber: first ?? null, within },
      };
    }
    default: {
      const q = checkAnswer(text, task.expected);
      return { score: q.score, costEfficiency: q.score * tokenFactor, details: { ...base, ...q.details } };
    }
  }
}
