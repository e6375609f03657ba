import type { CodeRun } from '../../evidence.js';
import { asList, fractionContained } from './common.js';

/** janus `score_quality`: the fallback when no other scorer applies. */
export function scoreQuality(text: string, expectedAnswer?: unknown, expectedKeywords?: string[]): number {
  if (!text.trim()) return 0;
  const lower = text.toLowerCase();
  if (typeof expectedAnswer === 'string') return lower.includes(expectedAnswer.toLowerCase()) ? 1 : 0;
  if (expectedKeywords?.length)
    return expectedKeywords.filter((k) => lower.includes(k.toLowerCase())).length / expectedKeywords.length;
  return text.trim().length > 10 ? 0.7 : 0.3;
}

export interface Scored {
  score: number;
  details: Record<string, unknown>;
}

/** janus `evaluate_text`: mean of the components contains, must_cover, min_length, latency; none -> 1.0. */
export function evaluateText(
  text: string,
  expected: Record<string, unknown>,
  latencyMs: number | undefined,
): Scored {
  if (!text.trim()) return { score: 0, details: { reason: 'empty_response' } };
  const components: Record<string, number> = {};
  const contains = asList(expected.contains);
  const mustCover = asList(expected.must_cover);
  if (contains.length) components.contains = fractionContained(text, contains);
  if (mustCover.length) components.must_cover = fractionContained(text, mustCover);
  const minLength = expected.min_length;
  if (typeof minLength === 'number' && minLength > 0)
    components.min_length = Math.min(1, text.length / minLength);
  const maxLatency = expected.max_latency_ms;
  if (typeof maxLatency === 'number' && maxLatency > 0 && latencyMs !== undefined) {
    components.latency = latencyMs > 0 ? Math.min(1, maxLatency / latencyMs) : 1;
  }
  const values = Object.values(components);
  return {
    score: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 1,
    details: { components },
  };
}

const URL_RE = /https?:\/\/[^\s)\]]+/g;
const BRACKET_RE = /\[(\d+)\]/g;
const SEARCH_INDICATORS = [
  'according to',
  'source:',
  'sources:',
  'search results',
  'reported by',
  'as reported by',
  'from the report',
];

export const detectSearchUsage = (text: string) =>
  SEARCH_INDICATORS.some((i) => text.toLowerCase().includes(i));
export const detectCitations = (text: string) => /https?:\/\/|www\.|\[[0-9]+\]|\(source\)/i.test(text);

/** janus `evaluate_citations`: text components plus citations = min(1, (#URLs + #[n]) / min_sources). */
export function evaluateCitations(
  text: string,
  expected: Record<string, unknown>,
  latencyMs: number | undefined,
): Scored {
  const base = evaluateText(text, expected, latencyMs);
  const components = { ...((base.details.components as Record<string, number> | undefined) ?? {}) };
  const requires = Boolean(expected.requires_citations);
  let minSources = expected.min_sources;
  if (typeof minSources !== 'number' || minSources <= 0) minSources = requires ? 1 : 0;
  const count = (text.match(URL_RE)?.length ?? 0) + (text.match(BRACKET_RE)?.length ?? 0);
  if (minSources) components.citations = Math.min(1, count / (minSources as number));
  if (requires && count === 0) components.citations = 0;
  const values = Object.values(components);
  return {
    score: values.length ? values.reduce((a, b) => a + b, 0) / values.length : base.score,
    details: { components, citation_count: count, search_used: detectSearchUsage(text) },
  };
}

/** janus `evaluate_code`, with the execution it does in-process replaced by our sandbox's recorded run. */
export function evaluateCode(
  text: string,
  expected: Record<string, unknown>,
  run: CodeRun | undefined,
): Scored {
  if (!text.trim()) return { score: 0, details: { reason: 'empty_response' } };
  const language = expected.language;
  if (language && String(language).toLowerCase() !== 'python')
    return { score: 0, details: { reason: 'unsupported_language' } };
  if (!Array.isArray(expected.test_cases) || !expected.test_cases.length) {
    return { score: 0, details: { reason: 'missing_tests_or_function' } };
  }
  if (!run)
    return {
      score: 0,
      details: { reason: 'no_evidence', hint: 'code tasks are graded from a sandbox run (gatherEvidence)' },
    };
  if (!run.found) return { score: 0, details: { reason: 'function_missing' } };
  return { score: run.total ? run.passed / run.total : 0, details: { passed: run.passed, total: run.total } };
}
