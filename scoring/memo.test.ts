import { describe, expect, it } from 'vitest';
import type { Measurement } from '../bench/index.js';
import { syntheticMeasurement } from '../bench/testing/index.js';
import { answerFromReference, generatePrivateTasks } from '../datasets/index.js';
import { countTokens } from '../protocol/index.js';
import { ScoringMemo } from './memo.js';
import { scoreMeasurements } from './score-measurements.js';
import type { ProfileName } from './types.js';

const tasks = generatePrivateTasks('memo-test', 30);
const timing = (i: number) => ({ ttftMs: 100 + 37 * i, intervalMs: 10 + i, charsPerEvent: 3 + (i % 4) });

/** A round's answers: 6 miners, some sending the same text (right or "not sure"), some their own. */
function round(): Measurement[][] {
  return Array.from({ length: 6 }, (_, miner) =>
    tasks.map((t, i) => {
      const ref = answerFromReference(t);
      const right = (miner + i) % 3 !== 0 && ref;
      const base = right
        ? ref
        : { content: 'I am not sure.', reasoning: '', toolCalls: [], usage: undefined, finishReason: 'stop' };
      const content = miner === 5 ? `${base.content} (my own words)` : base.content;
      const m = syntheticMeasurement(t.id, { ...base, content }, timing(miner));
      // one miner's code answers come with evidence of a run, so the same text is graded with it
      return miner === 4 && t.type === 'code'
        ? {
            ...m,
            evidence: {
              code: {
                language: 'python',
                found: true,
                passed: 1,
                total: 2,
                cases: [{ ok: true }, { ok: false }],
                timedOut: false,
                durationMs: 5,
              },
            },
          }
        : m;
    }),
  );
}

describe('scoring memo', () => {
  for (const profile of ['rodeo-v1', 'janus-compat'] as ProfileName[]) {
    it(`${profile}: scores with a round memo are exactly the scores without one, with each text graded once`, () => {
      const miners = round();
      const memo = new ScoringMemo();
      const withMemo = miners.map((ms) => scoreMeasurements(profile, tasks, ms, memo));
      const without = miners.map((ms) => scoreMeasurements(profile, tasks, ms));
      expect(withMemo).toEqual(without);
      expect(memo.hits + memo.misses).toBe(6 * tasks.length);
      // janus grades read the latency, which differs per miner: nothing repeats; ours repeat across miners
      if (profile === 'janus-compat') expect(memo.hits).toBe(0);
      // per task, miners 0-4 send at most 3 different answers (right, not sure, right with evidence): 2 repeat
      else expect(memo.hits).toBeGreaterThanOrEqual(2 * tasks.length);
    });
  }

  it('answers that differ only in where the text splits between content and reasoning are graded apart', () => {
    const t = tasks[0]!;
    const memo = new ScoringMemo();
    const a = syntheticMeasurement(
      t.id,
      { content: 'x|1|y', reasoning: '', toolCalls: [], usage: undefined, finishReason: 'stop' },
      timing(0),
    );
    const b = syntheticMeasurement(
      t.id,
      { content: 'x', reasoning: 'y', toolCalls: [], usage: undefined, finishReason: 'stop' },
      timing(0),
    );
    memo.grade(t, a, 'rodeo');
    memo.grade(t, b, 'rodeo');
    expect(memo.misses).toBe(2);
  });

  it("counts a text's tokens as countTokens does", () => {
    const memo = new ScoringMemo();
    const text = 'The answer is 42, because 6 x 7 = 42.';
    expect(memo.countTokens(text)).toBe(countTokens(text));
    expect(memo.countTokens(`${text}`)).toBe(countTokens(text));
    expect(memo.countTokens('')).toBe(countTokens(''));
  });
});
