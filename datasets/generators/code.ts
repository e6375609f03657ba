import { codeTask, type Line, type TestCase } from '../authoring/build.js';
import type { Rng } from '../prng.js';

interface Family {
  /** Function name, the task text (with the parameters in), the solutions and the reference implementation. */
  make(rng: Rng): {
    name: { python: string; javascript: string };
    text: string;
    python: string;
    javascript: string;
    input(rng: Rng): unknown[];
    run(...args: never[]): unknown;
  };
}

const ints = (rng: Rng, n: number, lo: number, hi: number) =>
  Array.from({ length: n }, () => rng.int(lo, hi));
const word = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + rng.below(26))).join('');

const FAMILIES: Family[] = [
  {
    make(rng) {
      const k = rng.int(2, 9);
      const t = rng.int(-5, 20);
      return {
        name: { python: 'scaled_sum', javascript: 'scaledSum' },
        text: `returns the sum of x * ${k} over the integers x in the list that are greater than ${t}`,
        python: `def scaled_sum(xs):\n    return sum(x * ${k} for x in xs if x > ${t})`,
        javascript: `function scaledSum(xs) {\n  return xs.filter((x) => x > ${t}).reduce((s, x) => s + x * ${k}, 0);\n}`,
        input: (r) => [ints(r, r.int(0, 9), -20, 40)],
        run: (xs: number[]) => xs.filter((x) => x > t).reduce((s, x) => s + x * k, 0),
      };
    },
  },
  {
    make(rng) {
      const m = rng.int(3, 11);
      const rem = rng.int(0, m - 1);
      return {
        name: { python: 'count_remainder', javascript: 'countRemainder' },
        text: `returns how many of the non-negative integers in the list leave remainder ${rem} when divided by ${m}`,
        python: `def count_remainder(xs):\n    return sum(1 for x in xs if x % ${m} == ${rem})`,
        javascript: `function countRemainder(xs) {\n  return xs.filter((x) => x % ${m} === ${rem}).length;\n}`,
        input: (r) => [ints(r, r.int(0, 12), 0, 200)],
        run: (xs: number[]) => xs.filter((x) => x % m === rem).length,
      };
    },
  },
  {
    make(rng) {
      const k = rng.int(1, 25);
      return {
        name: { python: 'rotate_letters', javascript: 'rotateLetters' },
        text: `shifts every letter of a lower-case string ${k} places forward in the alphabet a-z, wrapping from z to a (for example with a shift of 1, "z" becomes "a")`,
        python: `def rotate_letters(s):\n    return ''.join(chr((ord(c) - 97 + ${k}) % 26 + 97) for c in s)`,
        javascript: `function rotateLetters(s) {\n  return [...s].map((c) => String.fromCharCode(((c.charCodeAt(0) - 97 + ${k}) % 26) + 97)).join('');\n}`,
        input: (r) => [word(r, r.int(0, 12))],
        run: (s: string) =>
          [...s].map((c) => String.fromCharCode(((c.charCodeAt(0) - 97 + k) % 26) + 97)).join(''),
      };
    },
  },
  {
    make(rng) {
      const target = rng.int(5, 40);
      return {
        name: { python: 'count_pairs', javascript: 'countPairs' },
        text: `returns the number of index pairs (i, j) with i < j whose elements add up to ${target}`,
        python: `def count_pairs(xs):\n    return sum(1 for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[i] + xs[j] == ${target})`,
        javascript: `function countPairs(xs) {\n  let n = 0;\n  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[i] + xs[j] === ${target}) n++;\n  return n;\n}`,
        input: (r) => [ints(r, r.int(0, 10), 0, target)],
        run: (xs: number[]) => {
          let n = 0;
          for (let i = 0; i < xs.length; i++)
            for (let j = i + 1; j < xs.length; j++) if (xs[i]! + xs[j]! === target) n++;
          return n;
        },
      };
    },
  },
  {
    make(rng) {
      const a = rng.pick([3, 7, 9]);
      const b = rng.int(1, 9);
      return {
        name: { python: 'encode_digits', javascript: 'encodeDigits' },
        text: `takes a string of decimal digits and replaces every digit d by (d * ${a} + ${b}) mod 10, returning the new string`,
        python: `def encode_digits(s):\n    return ''.join(str((int(c) * ${a} + ${b}) % 10) for c in s)`,
        javascript: `function encodeDigits(s) {\n  return [...s].map((c) => String((Number(c) * ${a} + ${b}) % 10)).join('');\n}`,
        input: (r) => [Array.from({ length: r.int(1, 10) }, () => String(r.below(10))).join('')],
        run: (s: string) => [...s].map((c) => String((Number(c) * a + b) % 10)).join(''),
      };
    },
  },
  {
    make(rng) {
      const w = rng.int(2, 4);
      return {
        name: { python: 'best_window', javascript: 'bestWindow' },
        text: `returns the largest sum of ${w} consecutive elements of the list, or None/null when the list has fewer than ${w} elements`,
        python: `def best_window(xs):\n    if len(xs) < ${w}:\n        return None\n    return max(sum(xs[i:i + ${w}]) for i in range(len(xs) - ${w} + 1))`,
        javascript: `function bestWindow(xs) {\n  if (xs.length < ${w}) return null;\n  let best = -Infinity;\n  for (let i = 0; i + ${w} <= xs.length; i++) best = Math.max(best, xs.slice(i, i + ${w}).reduce((s, x) => s + x, 0));\n  return best;\n}`,
        input: (r) => [ints(r, r.int(w - 1, 10), -30, 30)],
        run: (xs: number[]) => {
          if (xs.length < w) return null;
          let best = Number.NEGATIVE_INFINITY;
          for (let i = 0; i + w <= xs.length; i++)
            best = Math.max(
              best,
              xs.slice(i, i + w).reduce((s, x) => s + x, 0),
            );
          return best;
        },
      };
    },
  },
];

/** A function to write with generated parameters and 8 generated test cases (the prompt shows 2). */
export function codeGen(rng: Rng, id: string): Line {
  const f = rng.pick(FAMILIES).make(rng);
  const language = rng.pick(['python', 'javascript'] as const);
  const name = f.name[language];
  const tests: TestCase[] = Array.from({ length: 8 }, () => {
    const input = f.input(rng);
    return { input, output: (f.run as (...a: unknown[]) => unknown)(...input) };
  });
  const show = (t: TestCase) =>
    `${name}(${t.input.map((x) => JSON.stringify(x)).join(', ')}) -> ${JSON.stringify(t.output)}`;
  const fence = language === 'python' ? 'python' : 'javascript';
  const prompt = `Write a ${language === 'python' ? 'Python' : 'JavaScript'} function \`${name}\` that ${f.text}.\n\nExamples:\n${tests.slice(0, 2).map(show).join('\n')}\n\nReply with the complete function in one \`\`\`${fence} code block${language === 'python' ? ' (standard library only)' : ' (no imports, no require)'}. Hidden tests check more cases.`;
  return codeTask(
    id,
    'medium',
    language,
    name,
    prompt,
    tests,
    language === 'python' ? f.python : f.javascript,
  );
}
