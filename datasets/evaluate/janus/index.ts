import type { Answer } from '../../answer.js';
import type { Evidence } from '../../evidence.js';
import type { Task } from '../../task.js';
import { clamp01, type Evaluation } from '../types.js';
import { expectedKeywords, hasImageInput, janusCalls, strings } from './common.js';
import { scoreCostTask } from './cost.js';
import { scoreMultimodal } from './multimodal.js';
import {
  detectCitations,
  detectSearchUsage,
  evaluateCitations,
  evaluateCode,
  evaluateText,
  type Scored,
  scoreQuality,
} from './quality.js';
import { scoreToolUse } from './tool-use.js';

const FACT_KEYS = [
  'expected_facts',
  'expected_topics',
  'required_aspects',
  'required_elements',
  'required_concepts',
];
/** Keys of a janus-bench public line's `expected` dict; their presence means janus would run its public evaluators. */
const PUBLIC_EXPECTED_KEYS = [
  'reference',
  'type',
  'contains',
  'must_cover',
  'min_length',
  'max_latency_ms',
  'requires_citations',
  'min_sources',
  'test_cases',
  'function_name',
  'language',
];

function research(task: Task, text: string, evidence: Evidence | undefined): Scored {
  const ev = task.evaluation ?? {};
  const facts = FACT_KEYS.flatMap((k) => strings(task.expected[k] ?? ev[k])).filter(Boolean);
  const lower = text.toLowerCase();
  const keyFacts = facts.length
    ? facts.filter((f) => lower.includes(f.toLowerCase())).length / facts.length
    : undefined;
  const judge = evidence?.judge?.score;
  const quality =
    judge !== undefined && keyFacts !== undefined
      ? judge * 0.7 + keyFacts * 0.3
      : (judge ?? keyFacts ?? scoreQuality(text));
  return {
    score: clamp01(quality),
    details: {
      research_task_type: task.type,
      key_fact_score: keyFacts ?? null,
      judge_score: judge ?? null,
      quality_source: judge !== undefined ? 'judge' : 'heuristic',
      search_used: detectSearchUsage(text),
      citation_used: detectCitations(text),
    },
  };
}

/** janus-bench's per-task scoring (runner.run_task + compute_task_scores), quirks included. */
export function evaluateJanus(task: Task, answer: Answer, evidence: Evidence | undefined): Evaluation {
  const text = answer.content;
  const ev = task.evaluation ?? {};
  const calls = janusCalls(answer);
  const fallback = (): Scored => ({
    score: scoreQuality(text, task.expected.expected_answer, expectedKeywords(task)),
    details: { scorer: 'quality_fallback' },
  });
  let scored: Scored;
  let costEfficiency: number | undefined;
  if (task.benchmark === 'janus_research') {
    scored = text ? research(task, text, evidence) : fallback();
  } else if (task.category === 'tool_use') {
    scored = scoreToolUse(task.type, text, calls, task.expected, ev);
  } else if (task.category === 'cost' && text) {
    const cost = scoreCostTask(task.type, answer, calls, ev);
    scored = { score: cost.quality, details: cost.details };
    costEfficiency = cost.efficiency;
  } else if (PUBLIC_EXPECTED_KEYS.some((k) => k in task.expected)) {
    const e = task.expected;
    if (task.category === 'coding' || e.type === 'code') scored = evaluateCode(text, e, evidence?.code);
    else if (task.category === 'research' && (e.requires_citations || e.min_sources)) {
      scored = evaluateCitations(text, e, answer.latencyMs);
    } else scored = evaluateText(text, e, answer.latencyMs);
  } else {
    scored = fallback();
  }
  const out: Evaluation = {
    quality: clamp01(scored.score),
    details: { profile: 'janus', ...scored.details },
  };
  if (costEfficiency !== undefined) out.costEfficiency = costEfficiency;
  if (task.dimensions.includes('multimodal')) {
    const mm = scoreMultimodal(
      text,
      hasImageInput(task),
      expectedKeywords(task),
      task.type,
      ev,
      task.expected,
    );
    out.multimodal = mm.score;
    out.details.multimodal_reason = mm.reason;
  }
  return out;
}
