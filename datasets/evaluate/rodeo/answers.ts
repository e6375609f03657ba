import {
  type Alternatives,
  canonical,
  containsPhrase,
  escapeRegex,
  extractNumbers,
  finalAnswer,
  matchesAny,
  normalize,
  wordCount,
} from '../../text/extract.js';

export interface Graded {
  score: number;
  details: Record<string, unknown>;
}

const isAlternatives = (v: unknown): v is Alternatives =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

export function alternativesList(v: unknown): Alternatives[] {
  return Array.isArray(v) ? v.filter(isAlternatives) : [];
}

export interface Tolerance {
  abs?: number;
  rel?: number;
}

export function withinTolerance(actual: number, expected: number, tol: Tolerance | undefined): boolean {
  const abs = tol?.abs ?? 1e-6;
  const rel = tol?.rel ?? 1e-6;
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

/** A number the reply commits to: from its final answer when it has one, else its last number. */
export function committedNumber(content: string): {
  value: number | undefined;
  hedged: boolean;
  via: string;
} {
  const fa = finalAnswer(content);
  if (fa.via === 'boxed' || fa.via === 'marker' || fa.via === 'short') {
    const nums = extractNumbers(fa.text);
    const distinct = new Set(nums);
    // "12 or 13", "12/13?": a hedge between candidates commits to none of them.
    const hedged = distinct.size > 1 && /\bor\b|\?/.test(normalize(fa.text));
    // After a marker the first number is the answer ("Answer: 42 (6 x 7)"); a short reply ends with it ("2 + 2 = 4").
    if (nums.length)
      return { value: fa.via === 'short' ? nums[nums.length - 1] : nums[0], hedged, via: fa.via };
  }
  const all = extractNumbers(content);
  return { value: all[all.length - 1], hedged: false, via: 'last-number' };
}

function numeric(content: string, expected: number, tol: Tolerance | undefined): Graded {
  const got = committedNumber(content);
  if (got.hedged)
    return { score: 0, details: { answer: expected, reason: 'hedged between several numbers' } };
  const ok = got.value !== undefined && withinTolerance(got.value, expected, tol);
  return { score: ok ? 1 : 0, details: { answer: expected, got: got.value ?? null, via: got.via } };
}

const LETTER_RULES = [
  // `[:-]\s*` in one optional group: `[:-]?\s*` after `\s*` split every whitespace run two ways (quadratic)
  /\b(?:answer|option|choice)\s*(?:is\s*)?(?:[:-]\s*)?\(?([A-H])\b\)?/gi,
  /^\(?([A-H])\)?(?:[.):]|\s+[(\-\u2013\u2014]|$)/g,
  /\(([A-H])\)/g,
];

function choice(content: string, expected: string, choices: string[]): Graded {
  const fa = finalAnswer(content);
  const letters = new Set<string>();
  for (const re of LETTER_RULES) for (const m of fa.text.matchAll(re)) letters.add(m[1]!.toUpperCase());
  // A reply naming an option's text instead of its letter commits to that option.
  if (!letters.size) {
    choices.forEach((text, i) => {
      if (containsPhrase(fa.text, text)) letters.add(String.fromCharCode(65 + i));
    });
  }
  if (letters.size !== 1) {
    return {
      score: 0,
      details: {
        answer: expected,
        reason: letters.size ? `names ${letters.size} options` : 'no option chosen',
      },
    };
  }
  const [got] = letters;
  return { score: got === expected.toUpperCase() ? 1 : 0, details: { answer: expected, got } };
}

const position = (text: string, phrase: string) => {
  const m = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegex(normalize(phrase))}($|[^\\p{L}\\p{N}])`, 'u').exec(
    normalize(text),
  );
  return m ? m.index : -1;
};

/**
 * Exact: the final answer must name an accepted answer. When it also names a rejected one, it is a hedge
 * ("A or B": 0) or, when the accepted one comes first ("Ann is honest, Ben lies"), still right.
 */
function exact(content: string, accepted: string[], reject: string[]): Graded {
  const fa = finalAnswer(content);
  const hit = accepted.find((a) => canonical(fa.text) === canonical(a) || containsPhrase(fa.text, a));
  const details = { answer: accepted[0], final: fa.text, via: fa.via };
  if (!hit) return { score: 0, details };
  const wrong = reject.find((r) => containsPhrase(fa.text, r));
  if (wrong && (/\bor\b/.test(normalize(fa.text)) || position(fa.text, wrong) < position(fa.text, hit))) {
    return { score: 0, details: { ...details, reason: `final answer also names "${wrong}"` } };
  }
  return { score: 1, details };
}

/**
 * An ordered answer ("red, blue, green"): the words of `vocabulary` the final answer uses, in order,
 * must be exactly `expected` (so listing every colour twice earns nothing).
 */
function sequence(content: string, expected: Alternatives[], vocabulary: string[]): Graded {
  const fa = finalAnswer(content);
  const text = normalize(fa.text);
  const words = vocabulary.length ? vocabulary : expected.flatMap((e) => (Array.isArray(e) ? e : [e]));
  const re = new RegExp(
    `(?<![\\p{L}\\p{N}])(${words.map((w) => escapeRegex(normalize(w))).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  const got = [...text.matchAll(re)].map((m) => m[1]!);
  const ok = got.length === expected.length && expected.every((e, i) => matchesAny(got[i]!, e));
  return {
    score: ok ? 1 : 0,
    details: { expected: expected.map((e) => (Array.isArray(e) ? e[0] : e)), got },
  };
}

/** Fraction of expected items present (an item may be a list of accepted alternatives). */
export function coverage(content: string, items: Alternatives[]): Graded {
  const missing = items.filter((i) => !matchesAny(content, i));
  return {
    score: items.length ? (items.length - missing.length) / items.length : 1,
    details: {
      found: items.length - missing.length,
      of: items.length,
      missing: missing.map((m) => (Array.isArray(m) ? m[0] : m)),
    },
  };
}

/** Whether a task's `expected` holds anything checkAnswer can grade. */
export function hasAnswerKey(e: Record<string, unknown>): boolean {
  return [
    'answer',
    'sequence',
    'accept',
    'contains',
    'must_cover',
    'expected_answer',
    'expected_keywords',
    'expected_output_contains',
  ].some((k) => k in e);
}

/**
 * Grades a reply's text against the answer key in `expected`:
 * `answer` (number -> numeric with `tolerance`; letter with `choices` -> multiple choice; string(s) -> exact with
 * `reject`), else coverage of `accept` (or janus `contains` + `must_cover`), then `min_words` / `max_words`.
 */
export function checkAnswer(content: string, e: Record<string, unknown>): Graded {
  let graded: Graded;
  const answer = e.answer ?? e.expected_answer;
  if (Array.isArray(e.sequence)) {
    graded = sequence(content, alternativesList(e.sequence), alternativesList(e.vocabulary).map(String));
  } else if (typeof answer === 'number') {
    graded = numeric(content, answer, e.tolerance as Tolerance | undefined);
  } else if (typeof answer === 'string' && Array.isArray(e.choices)) {
    graded = choice(content, answer, alternativesList(e.choices).map(String));
  } else if (isAlternatives(answer)) {
    graded = exact(
      content,
      Array.isArray(answer) ? answer : [answer],
      alternativesList(e.reject).map(String),
    );
  } else {
    const items = e.accept
      ? alternativesList(e.accept)
      : [
          ...alternativesList(e.contains),
          ...alternativesList(e.must_cover),
          ...alternativesList(e.expected_keywords),
          ...alternativesList(e.expected_output_contains),
        ];
    graded = coverage(content, items);
  }
  const words = wordCount(content);
  if (typeof e.min_words === 'number' && words < e.min_words) {
    graded = {
      score: graded.score * (words / e.min_words),
      details: { ...graded.details, words, min_words: e.min_words },
    };
  }
  if (typeof e.max_words === 'number' && words > e.max_words) {
    const factor = words <= e.max_words * 2 ? 0.5 : 0.2;
    graded = { score: graded.score * factor, details: { ...graded.details, words, max_words: e.max_words } };
  }
  return graded;
}
