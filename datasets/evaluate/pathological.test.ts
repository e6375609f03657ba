import { describe, expect, it } from 'vitest';
import { generatePrivateTasks } from '../generators/index.js';
import { canonical, normalize } from '../text/extract.js';
import { evaluate } from './index.js';

/** The regex canonical() used before: quadratic on a dot run glued to text on both sides. Oracle only. */
const canonicalBefore = (text: string) =>
  normalize(text)
    .replace(/[*_`~]/g, '')
    .replace(/[^\p{L}\p{N}\s.+-]/gu, ' ')
    .replace(/(^|\s)\.+|\.+(\s|$)/g, ' ')
    .replace(/^(the|a|an)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

const answer = (content: string) => ({
  content,
  reasoning: '',
  toolCalls: [],
  usage: undefined,
  finishReason: 'stop',
});

describe('graders on text a miner shapes to be slow', () => {
  it('canonical() drops dot runs exactly as the regex it replaces', () => {
    const pieces = ['.', '..', ' ', 'a', '1', '+', '-', '\t', 'the ', 'x.y', '...', ' .', '. ', '\u00a0'];
    let seed = 3;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from(
        { length: Math.floor(rnd() * 14) },
        () => pieces[Math.floor(rnd() * pieces.length)],
      ).join('');
      expect(canonical(text), JSON.stringify(text)).toBe(canonicalBefore(text));
    }
  });

  it('grades every private task kind on 100,000-character dot, space, bracket and tag runs', () => {
    // before: a dot run took 8-30 s per task in canonical(), blocking the validator's event loop
    const runs = [
      `x${'.'.repeat(100_000)}x`,
      `The answer is${' '.repeat(100_000)}!`,
      `\\boxed{answer${' '.repeat(50_000)}!}`,
      `<svg>${'<a '.repeat(33_000)}</svg>`,
      '!['.repeat(50_000),
      'data:image/'.repeat(10_000),
      'http://'.repeat(15_000),
    ];
    const tasks = generatePrivateTasks('pathological', 24);
    for (const task of tasks)
      for (const content of runs) {
        for (const profile of ['rodeo', 'janus'] as const) {
          const e = evaluate(task, answer(content), undefined, profile);
          expect(e.quality).toBeGreaterThanOrEqual(0);
        }
      }
  });
});
