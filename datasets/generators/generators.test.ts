import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import { evaluate } from '../evaluate/index.js';
import { gatherEvidence } from '../gather.js';
import { answerFromReference, taskReference } from '../reference.js';
import { probeSandbox } from '../sandbox/sandbox.js';
import type { Task } from '../task.js';
import { generatePrivateTasks, PRIVATE_KINDS } from './index.js';

const sandbox = defaultConfig().datasets.sandbox;
const sandboxProblem = await probeSandbox(sandbox);

/** What a right answer is: the reference plus the answer key (test outputs, expected values, image spec). */
function answerKey(t: Task): string {
  const e = t.expected;
  const tests = Array.isArray(e.test_cases)
    ? (e.test_cases as { output: unknown }[]).map((c) => c.output)
    : undefined;
  return JSON.stringify([
    taskReference(t)?.toolCalls,
    e.answer,
    e.sequence,
    e.facts,
    e.values,
    e.image,
    tests,
  ]);
}

describe('private/rotating generators', () => {
  it('same seed -> byte-identical tasks; a shorter draw is a prefix of a longer one', () => {
    const a = JSON.stringify(generatePrivateTasks('0xabc', 64));
    const b = JSON.stringify(generatePrivateTasks('0xabc', 64));
    expect(a).toBe(b);
    expect(JSON.stringify(generatePrivateTasks('0xabc', 64).slice(0, 10))).toBe(
      JSON.stringify(generatePrivateTasks('0xabc', 10)),
    );
  });

  it('different seeds give different answers for at least 95% of tasks (every kind)', () => {
    const n = 40 * PRIVATE_KINDS.length;
    const seeds = ['0x5f3c9a', '0x5f3c9b', 'block 4242', ''];
    const draws = seeds.map((s) => generatePrivateTasks(s, n));
    for (let i = 1; i < draws.length; i++) {
      const differ = draws[0]!.filter((t, k) => answerKey(t) !== answerKey(draws[i]![k]!)).length;
      expect(differ / n, `seed ${JSON.stringify(seeds[i])}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('covers every kind and category it promises, with task metadata naming the draw', () => {
    const tasks = generatePrivateTasks('cover', 2 * PRIVATE_KINDS.length);
    expect(new Set(tasks.map((t) => t.metadata.generator))).toEqual(new Set(PRIVATE_KINDS));
    expect(new Set(tasks.map((t) => t.category))).toEqual(
      new Set(['reasoning', 'coding', 'tool_use', 'multimodal_input', 'multimodal_output', 'research']),
    );
    expect(tasks[3]).toMatchObject({ suite: 'private/rotating', metadata: { seed: 'cover', index: 3 } });
    expect(() => generatePrivateTasks('x', 0)).toThrow(/positive integer/);
  });

  it('every reference answer scores >= 0.9 under rodeo', () => {
    const tasks = generatePrivateTasks('0xfeedbeef', 30 * PRIVATE_KINDS.length).filter(
      (t) => t.type !== 'code',
    );
    const weak = tasks
      .map((t) => ({
        id: t.id,
        type: t.type,
        q: evaluate(t, answerFromReference(t)!, undefined, 'rodeo').quality,
      }))
      .filter((r) => r.q < 0.9);
    expect(weak).toEqual([]);
  });

  it.skipIf(sandboxProblem !== undefined)(
    'generated code tasks: the reference solutions pass the generated tests',
    { timeout: 120_000 },
    async () => {
      const code = generatePrivateTasks('0xc0de', 12 * PRIVATE_KINDS.length).filter((t) => t.type === 'code');
      expect(new Set(code.map((t) => t.expected.language))).toEqual(new Set(['python', 'javascript']));
      for (const t of code) {
        const answer = answerFromReference(t)!;
        const e = evaluate(t, answer, await gatherEvidence(t, answer, { sandbox }), 'rodeo');
        expect(e.quality, `${t.id}: ${JSON.stringify(e.details)}`).toBe(1);
      }
    },
  );
});
