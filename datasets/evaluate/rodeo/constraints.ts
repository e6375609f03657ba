import { containsPhrase, normalize, wordCount } from '../../text/extract.js';
import type { Graded } from './answers.js';

/**
 * Checkable instructions a reply must follow (`expected.constraints`): instruction-following chat tasks and
 * long-form streaming tasks. Every kind is decided from the reply's text alone.
 */
export type Constraint =
  /** Total words (whitespace split) within [min, max]. */
  | { kind: 'words'; min?: number; max?: number }
  /** Each phrase appears (whole words, case-insensitive); scored by the share present. */
  | { kind: 'include'; words: string[] }
  /** None of the phrases appears. */
  | { kind: 'exclude'; words: string[] }
  /** Exactly `count` bullet lines ("- " or "* "), and nothing else but blank lines and an optional closing line. */
  | { kind: 'bullets'; count: number; each?: string }
  /** The last non-empty line is `text` (case, spacing and closing punctuation aside). */
  | { kind: 'ends_with'; text: string }
  /**
   * Exactly keywords.length numbered sections ("1. Title" or "## 1. Title", numbered 1..N in order); section i
   * mentions keywords[i] and no other section's keyword.
   */
  | { kind: 'sections'; keywords: string[]; minWordsEach?: number };

export const CONSTRAINT_KINDS = ['words', 'include', 'exclude', 'bullets', 'ends_with', 'sections'] as const;

const BULLET = /^\s*[-*]\s+\S/;
/** A numbered heading: "1. Title", "## 1. Title", "**1. Title**", "**1.** Title", "Section 1: Title". */
const SECTION = /^\s*(#{1,6}\s*|\*\*|__)?\s*(?:section\s+)?(\d{1,3})[.):](?:\*\*|__)?\s+\S/i;
const lines = (text: string) => text.split('\n').filter((l) => l.trim());
const stripEnd = (s: string) => normalize(s).replace(/[.!?;:]+$/, '');

function words(content: string, c: { min?: number; max?: number }): [number, Record<string, unknown>] {
  const n = wordCount(content);
  let score = 1;
  if (c.min !== undefined && n < c.min) score = n / c.min;
  if (c.max !== undefined && n > c.max) score = n <= 2 * c.max ? 0.5 : 0;
  return [score, { words: n, min: c.min ?? null, max: c.max ?? null }];
}

function bullets(content: string, c: { count: number; each?: string }): [number, Record<string, unknown>] {
  const all = lines(content);
  const items = all.filter((l) => BULLET.test(l));
  // a closing line (e.g. the one ends_with asks for) may follow the list; other prose is not a list
  const prose = all.length - items.length;
  const missingEach = c.each ? items.filter((l) => !containsPhrase(l, c.each!)).length : 0;
  const ok = items.length === c.count && prose <= 1 && missingEach === 0;
  return [ok ? 1 : 0, { bullets: items.length, expected: c.count, otherLines: prose, missingEach }];
}

interface Section {
  number: number;
  body: string;
}

/**
 * Sections in order. The first heading sets the style (markdown #, bold, or plain); a later line is a new
 * section only in that style, so numbered steps inside a "## 2." section stay part of it.
 */
function parseSections(content: string): Section[] {
  const out: Section[] = [];
  let style: string | undefined;
  for (const line of content.split('\n')) {
    const m = SECTION.exec(line);
    const lineStyle = m ? (m[1]?.trim()[0] ?? '') : undefined;
    if (m && (style === undefined || lineStyle === style)) {
      style = lineStyle;
      out.push({ number: Number(m[2]), body: line });
    } else if (out.length) out[out.length - 1]!.body += `\n${line}`;
  }
  return out;
}

function sections(
  content: string,
  c: { keywords: string[]; minWordsEach?: number },
): [number, Record<string, unknown>] {
  const found = parseSections(content);
  const n = c.keywords.length;
  const good = c.keywords.filter((keyword, i) => {
    const s = found[i];
    if (!s || s.number !== i + 1 || !containsPhrase(s.body, keyword)) return false;
    if (c.minWordsEach !== undefined && wordCount(s.body) < c.minWordsEach) return false;
    return c.keywords.every((other, j) => j === i || !containsPhrase(s.body, other));
  }).length;
  const extra = found.length > n;
  return [
    (good / n) * (extra ? 0.5 : 1),
    { sections: found.length, expected: n, sectionsRight: good, numbers: found.map((s) => s.number) },
  ];
}

function one(content: string, c: Constraint): [number, Record<string, unknown>] {
  switch (c.kind) {
    case 'words':
      return words(content, c);
    case 'include': {
      const missing = c.words.filter((w) => !containsPhrase(content, w));
      return [c.words.length ? 1 - missing.length / c.words.length : 1, { missing }];
    }
    case 'exclude': {
      const used = c.words.filter((w) => containsPhrase(content, w));
      return [used.length ? 0 : 1, { used }];
    }
    case 'bullets':
      return bullets(content, c);
    case 'ends_with': {
      const last = lines(content).at(-1) ?? '';
      return [stripEnd(last) === stripEnd(c.text) ? 1 : 0, { last: last.slice(0, 80) }];
    }
    case 'sections':
      return sections(content, c);
  }
}

const isWordList = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string' && w.trim() !== '');
const optionalCount = (v: unknown) =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * What is wrong with one constraint of an operator's task file, or undefined when the grader can use it (a
 * generated task's constraints always can): an unknown kind would make the grader skip the whole list, a
 * missing word list would make it throw, an empty keyword list divide by zero.
 */
export function constraintProblem(c: unknown): string | undefined {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return 'expected an object with a kind';
  const v = c as Record<string, unknown>;
  switch (v.kind) {
    case 'words':
      return optionalCount(v.min) && optionalCount(v.max) ? undefined : 'min and max must be numbers >= 0';
    case 'include':
    case 'exclude':
      return isWordList(v.words) ? undefined : 'words must be a non-empty list of non-empty strings';
    case 'bullets':
      if (!(typeof v.count === 'number' && Number.isInteger(v.count) && v.count >= 0))
        return 'count must be an integer >= 0';
      return v.each === undefined || (typeof v.each === 'string' && v.each.trim() !== '')
        ? undefined
        : 'each must be a non-empty string';
    case 'ends_with':
      return typeof v.text === 'string' && v.text.trim() !== ''
        ? undefined
        : 'text must be a non-empty string';
    case 'sections':
      if (!isWordList(v.keywords)) return 'keywords must be a non-empty list of non-empty strings';
      return optionalCount(v.minWordsEach) ? undefined : 'minWordsEach must be a number >= 0';
    default:
      return `unknown kind ${JSON.stringify(v.kind)?.slice(0, 40)} (known: ${CONSTRAINT_KINDS.join(', ')})`;
  }
}

const isConstraint = (v: unknown): v is Constraint =>
  typeof v === 'object' &&
  v !== null &&
  (CONSTRAINT_KINDS as readonly string[]).includes((v as { kind?: unknown }).kind as string);

/** Whether a task's answer key is a list of constraints. */
export function hasConstraints(e: Record<string, unknown>): boolean {
  return Array.isArray(e.constraints) && e.constraints.length > 0 && e.constraints.every(isConstraint);
}

/**
 * The square of the mean of the constraints' scores (each 0..1): following four of five instructions earns 0.64,
 * not 0.8, so a reply that ignores the format cannot coast on the easy checks. Details name each outcome.
 */
export function gradeConstraints(content: string, list: readonly Constraint[]): Graded {
  const results = list.map((c) => {
    const [score, details] = one(content, c);
    return { kind: c.kind, score, ...details };
  });
  const mean = results.length ? results.reduce((s, r) => s + r.score, 0) / results.length : 0;
  return { score: mean * mean, details: { constraints: results } };
}
