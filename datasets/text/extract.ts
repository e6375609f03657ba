/** Answer extraction and text checks shared by the rodeo evaluators. Pure string functions. */

/** Lower case, NFKC, typographic quotes/dashes folded, whitespace collapsed. */
/** Graders normalize the same answer many times in a row; remembering the last few saves most of it. */
const recent = new Map<string, string>();

export function normalize(text: string): string {
  const hit = recent.get(text);
  if (hit !== undefined) return hit;
  const out = normalizeUncached(text);
  if (recent.size >= 8) recent.delete(recent.keys().next().value!);
  recent.set(text, out);
  return out;
}

function normalizeUncached(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * What text.replace(/(^|\s)\.+|\.+(\s|$)/g, ' ') gives, in one linear pass: that regex retries the rest of a
 * dot run at every dot of a run glued to text on both sides ("x....x"), which is quadratic in the run's
 * length, and a miner controls the text. Same matches, same order: a dot run at the start or after
 * whitespace (with that whitespace), else a dot run followed by whitespace (with it) or by the end.
 */
function dropDotRuns(text: string): string {
  let out = '';
  let i = 0;
  const runEnd = (from: number) => {
    let e = from;
    while (text[e] === '.') e++;
    return e;
  };
  while (i < text.length) {
    const c = text[i]!;
    if ((i === 0 && c === '.') || (isSpace(c) && text[i + 1] === '.')) {
      out += ' ';
      i = runEnd(c === '.' ? i : i + 1);
    } else if (c === '.') {
      const e = runEnd(i);
      if (e === text.length) out += ' ';
      else if (isSpace(text[e])) out += ' ';
      else out += text.slice(i, e);
      i = e === text.length || !isSpace(text[e]) ? e : e + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** normalize() plus punctuation and leading articles removed: for comparing short answers. */
export function canonical(text: string): string {
  return dropDotRuns(
    normalize(text)
      .replace(/[*_`~]/g, '')
      .replace(/[^\p{L}\p{N}\s.+-]/gu, ' '),
  )
    .replace(/^(the|a|an)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `needle` occurs in `haystack` as a whole phrase (case-insensitive, no letter or digit
 * glued on either side): "4" is not found in "14", "cat" not in "concatenate".
 */
export function containsPhrase(haystack: string, needle: string): boolean {
  const n = normalize(needle);
  if (!n) return false;
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegex(n)}($|[^\\p{L}\\p{N}])`, 'u');
  return re.test(normalize(haystack));
}

/** An expected item is a phrase or a list of accepted alternatives. */
export type Alternatives = string | string[];

export function matchesAny(text: string, item: Alternatives): boolean {
  return (Array.isArray(item) ? item : [item]).some((alt) => containsPhrase(text, alt));
}

/** A number always holds a digit before any exponent or fraction bar (so the scan never stops on empty matches). */
const NUMBER =
  /[-+\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?:\s*\/\s*\d+)?/g;

/** Numbers in order of appearance: "1,234.5", "-3", "2.5e3", "3/4" (as 0.75). */
export function extractNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of normalize(text)
    .replace(/\u2212/g, '-')
    .matchAll(NUMBER)) {
    const raw = m[0].replace(/\s+/g, '');
    if (!/\d/.test(raw)) continue;
    const [num, den] = raw.split('/');
    const value = Number(num!.replace(/,/g, '')) / (den === undefined ? 1 : Number(den));
    if (Number.isFinite(value)) out.push(value);
  }
  return out;
}

export interface FinalAnswer {
  text: string;
  /** How it was found: 'boxed', 'marker' ("Answer: ...", "Final answer: ..."), 'short' (the whole reply), 'last-line'. */
  via: 'boxed' | 'marker' | 'short' | 'last-line' | 'none';
}

const MARKER = /(?:final answer|answer|result)\s*(?:is|=|:)\s*(.+)/gi;

/** The answer a reply commits to: \boxed{...}, else the last "Answer: ..." line, else a short reply, else its last line. */
export function finalAnswer(content: string): FinalAnswer {
  const text = content.replace(/\r/g, '').trim();
  if (!text) return { text: '', via: 'none' };
  const boxed = [...text.matchAll(/\\boxed\{([^{}]*)\}/g)].pop();
  if (boxed) return { text: boxed[1]!.trim(), via: 'boxed' };
  const marked = [...text.matchAll(MARKER)].pop();
  if (marked) return { text: marked[1]!.replace(/[*_`]/g, '').trim(), via: 'marker' };
  if (text.split(/\s+/).length <= 12) return { text, via: 'short' };
  const lines = text.split('\n').filter((l) => l.trim());
  return { text: lines[lines.length - 1]!.trim(), via: 'last-line' };
}

/** Word shingles of a text, for overlap measures. */
const SHINGLE = 5;

/** A prompt's 5-word shingles, indexed by their first word (answers are scanned against it). */
interface PromptShingles {
  size: number;
  byFirst: Map<string, Set<string>>;
}

function words(text: string): string[] {
  return canonical(text).split(' ').filter(Boolean);
}

function promptShingles(prompt: string): PromptShingles {
  const w = words(prompt);
  const byFirst = new Map<string, Set<string>>();
  let size = 0;
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    const set = byFirst.get(w[i]!) ?? new Set<string>();
    const shingle = w.slice(i, i + SHINGLE).join(' ');
    if (!set.has(shingle)) size++;
    set.add(shingle);
    byFirst.set(w[i]!, set);
  }
  return { size, byFirst };
}

const promptCache = new Map<string, PromptShingles>();

/**
 * Share (0..1) of the task prompt's 5-word shingles that the answer repeats. An answer that
 * restates most of its task (to hit keyword checks) scores near 1; a real answer stays low.
 */
export function echoRatio(answer: string, prompt: string): number {
  let p = promptCache.get(prompt);
  if (!p) {
    p = promptShingles(prompt);
    if (promptCache.size >= 4096) promptCache.clear();
    promptCache.set(prompt, p);
  }
  if (p.size < 4) return 0;
  const a = words(answer);
  const seen = new Set<string>();
  for (let i = 0; i + SHINGLE <= a.length; i++) {
    const candidates = p.byFirst.get(a[i]!);
    if (!candidates) continue;
    const shingle = a.slice(i, i + SHINGLE).join(' ');
    if (candidates.has(shingle)) seen.add(shingle);
  }
  return seen.size / p.size;
}

const INJECTION = [
  /\bignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|preceding|your)\s+(?:instructions|prompts?|rules|rubric)/i,
  /\b(?:give|score|rate|grade|mark|award|assign)\b[^.\n]{0,40}?\b(?:10|100)\s*(?:\/\s*(?:10|100)\b|out of\s+(?:10|100)\b|points\b|percent\b|%)/i,
  /\b(?:full|perfect|maximum|max|top)\s+(?:score|marks|points|grade)\b/i,
  /\b(?:you are|act as|as)\s+(?:now\s+)?(?:the|a|an)\s+(?:grader|judge|evaluator|scorer)\b/i,
  /\b(?:grader|judge|evaluator|scorer)\s*[:,]\s*(?:please\s+)?(?:give|assign|output|mark|score|rate)\b/i,
];

/** The first phrase that tries to instruct a grader ("ignore previous instructions", "score this 10/10"), if any. */
export function injectionAttempt(text: string): string | undefined {
  for (const re of INJECTION) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

/** Words as janus-bench counts them (whitespace split). */
export function wordCount(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

/** The first fenced code block (optionally of one of `languages`), or undefined. */
export function codeBlock(
  content: string,
  languages: string[] = [],
): { lang: string; code: string } | undefined {
  const blocks = [...content.matchAll(/```([\w+#.-]*)[^\S\n]*\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!.toLowerCase(),
    code: m[2]!,
  }));
  if (!languages.length) return blocks[0];
  return blocks.find((b) => languages.includes(b.lang)) ?? blocks.find((b) => b.lang === '');
}
