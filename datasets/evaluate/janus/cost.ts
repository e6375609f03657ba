import type { Answer } from '../../answer.js';
import { type JanusCall, num, strings } from './common.js';

const words = (text: string) => (text.trim() ? text.trim().split(/\s+/).length : 0);

function lengthScore(count: number, maxWords: number): number {
  if (maxWords <= 0 || count <= maxWords) return 1;
  return count <= maxWords * 2 ? 0.5 : 0.2;
}

/** janus `calculate_cost_efficiency`: min(1, quality * min(2, baseline/total) / 2). */
export function costEfficiency(quality: number, totalTokens: number, baselineTokens: number): number {
  if (totalTokens <= 0 || baselineTokens <= 0) return 0;
  return Math.min(1, quality * (Math.min(2, baselineTokens / totalTokens) / 2));
}

function subtypeScore(
  type: string,
  text: string,
  outputTokens: number,
  calls: JanusCall[],
  ev: Record<string, unknown>,
): { score: number; reasoning: string; conciseness?: number } {
  const lower = text.toLowerCase();
  switch (type) {
    case 'concise_response': {
      const required = strings(ev.required);
      const content = required.length
        ? required.filter((r) => lower.includes(r.toLowerCase())).length / required.length
        : 1;
      const maxWords = num(ev.max_words, 50);
      const length = lengthScore(words(text), maxWords);
      return {
        score: content * 0.7 + length * 0.3,
        reasoning: `Content: ${content.toFixed(2)}, Length: ${words(text)} words`,
        conciseness: length,
      };
    }
    case 'efficient_explanation': {
      const criteria = strings(ev.quality_criteria);
      const required = Math.max(1, num(ev.min_matches, 1));
      const matches = criteria.filter((c) => lower.includes(c.toLowerCase())).length;
      const q = matches >= required ? matches / required : (matches / required) * 0.7;
      const baseline = num(ev.baseline_tokens, 100);
      const max = num(ev.max_tokens, 200);
      const tok =
        outputTokens <= baseline
          ? 1
          : outputTokens <= max
            ? 1 - ((outputTokens - baseline) / Math.max(1, max - baseline)) * 0.5
            : 0.3;
      return {
        score: q * 0.6 + tok * 0.4,
        reasoning: `Quality: ${q.toFixed(2)}, Tokens: ${outputTokens}/${baseline}`,
      };
    }
    case 'minimal_tools': {
      const maxCalls = num(ev.max_tool_calls, 1);
      const correct = strings(ev.expected_answer_contains).some((e) => lower.includes(e.toLowerCase()));
      const efficient = calls.length <= maxCalls;
      const score = correct && efficient ? 1 : correct ? 0.6 : efficient ? 0.3 : 0.1;
      return { score, reasoning: `correct=${correct}, tool calls=${calls.length} (max ${maxCalls})` };
    }
    case 'direct_answer': {
      const within = num(ev.answer_must_appear_within_first, 50);
      const first = text.split(/\s+/).filter(Boolean).slice(0, within).join(' ');
      if (/\d+\.?\d*/.test(first))
        return { score: 1, reasoning: `Answer appears within first ${within} words` };
      if (/\d+\.?\d*/.test(text)) return { score: 0.5, reasoning: 'Answer present but not direct' };
      return { score: 0.2, reasoning: 'Answer unclear or missing' };
    }
    default:
      return { score: 0.5, reasoning: `Unknown task type: ${type}` };
  }
}

/** janus `score_cost_task`: sub-type quality and the efficiency that replaces the cost score. */
export function scoreCostTask(
  type: string,
  answer: Answer,
  calls: JanusCall[],
  ev: Record<string, unknown>,
): { quality: number; efficiency: number; details: Record<string, unknown> } {
  const text = answer.content;
  const u = answer.usage;
  const output = u?.completionTokens ?? words(text);
  const prompt = u?.promptTokens ?? 0;
  let total = u?.totalTokens ?? prompt + output;
  if (total <= 0) total = output;
  const sub = subtypeScore(type, text, output, calls, ev);
  let baseline = num(ev.baseline_tokens, 0);
  if (baseline <= 0) baseline = Math.max(1, total);
  const efficiency = costEfficiency(sub.score, total, baseline);
  return {
    quality: sub.score,
    efficiency,
    details: {
      reasoning: sub.reasoning,
      quality_score: sub.score,
      efficiency_score: efficiency,
      input_tokens: prompt,
      output_tokens: output,
      total_tokens: total,
      baseline_tokens: baseline,
      task_type: type,
      reasoning_tokens: words(answer.reasoning),
      ...(sub.conciseness === undefined ? {} : { conciseness_score: sub.conciseness }),
    },
  };
}
