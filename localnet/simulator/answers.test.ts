import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import {
  type Answer,
  evaluate,
  gatherEvidence,
  generatePrivateTasks,
  loadSuite,
  needsEvidence,
  probeSandbox,
  type Task,
  taskReference,
} from '../../datasets/index.js';
import { answersCorrectly, planAnswer } from './answer-plan.js';
import { cannedAnswer } from './canned.js';
import { SIM_PROFILES } from './profiles.js';
import { roundDifficulties } from './task-index.js';
import { asAnswer, DONT_KNOW, shiftNumbers, WRONG_MAX_QUALITY, wrongAnswer } from './wrong-answers.js';

const sandbox = defaultConfig().datasets.sandbox;
const sandboxProblem = await probeSandbox(sandbox);
const tasks = [...generatePrivateTasks('simulator-answers', 24), ...loadSuite('public/dev')];

async function quality(task: Task, answer: Answer): Promise<number> {
  const evidence = needsEvidence(task) ? await gatherEvidence(task, answer, { sandbox }) : undefined;
  return evaluate(task, answer, evidence, 'rodeo').quality;
}

describe('wrong answers', () => {
  it('moves numbers without breaking their surroundings', () => {
    expect(shiftNumbers('Answer: 1669')).toBe('Answer: 1836');
    expect(shiftNumbers('3.73 hours, from 13:05')).toBe('4.10 hours, from 14:06');
    expect(shiftNumbers('{"age":31,"total":99.28}')).toBe('{"age":34,"total":109.21}');
    expect(shiftNumbers('47,599 residents')).toBe('52359 residents');
  });

  it('grade at most WRONG_MAX_QUALITY under the rodeo evaluators, where the reference grades 1', async () => {
    const checked = sandboxProblem ? tasks.filter((t) => !needsEvidence(t)) : tasks;
    const graded: { id: string; type: string; right: number; wrong: number; reply: string }[] = [];
    for (const task of checked) {
      const ref = taskReference(task)!;
      const wrong = wrongAnswer(task, ref);
      const right = await quality(
        task,
        asAnswer({ reasoning: '', content: ref.content, toolCalls: ref.toolCalls ?? [] }),
      );
      graded.push({
        id: task.id,
        type: task.type,
        right,
        wrong: await quality(task, asAnswer(wrong)),
        reply: wrong.content,
      });
    }
    expect(graded.filter((g) => g.right < 1 || g.wrong > WRONG_MAX_QUALITY)).toEqual([]);
    // Real mistakes, not refusals, for the kinds the validator sees most.
    const mistakes = graded.filter((g) => g.reply !== DONT_KNOW);
    expect(mistakes.length / graded.length).toBeGreaterThan(0.8);
    for (const type of ['numeric', 'function_calling', 'image_generation', 'structured_output', 'research'])
      expect(mistakes.some((g) => g.type === type)).toBe(true);
    if (!sandboxProblem) expect(mistakes.some((g) => g.type === 'code')).toBe(true);
  }, 60_000);

  it('uses another tool for tool tasks and off-by-one code for code tasks', () => {
    const tool = tasks.find((t) => t.type === 'function_calling')!;
    const expected = taskReference(tool)!.toolCalls![0]!;
    const call = wrongAnswer(tool, taskReference(tool)!).toolCalls[0]!;
    expect(call.name).not.toBe(expected.name);
    expect(tool.tools!.map((t) => t.function.name)).toContain(call.name);
    const code = tasks.find((t) => t.type === 'code' && t.expected.language === 'python')!;
    expect(wrongAnswer(code, taskReference(code)!).content).toMatch(/def \w+_draft\(/);
  });
});

describe('planAnswer', () => {
  const round = generatePrivateTasks('simulator-accuracy', 30);
  const difficulty = roundDifficulties(round);
  const found = round.map((task) => ({ task, difficulty: difficulty.get(task.id)! }));
  const correct = (name: keyof typeof SIM_PROFILES) =>
    found.filter((f) => answersCorrectly(SIM_PROFILES[name], f.difficulty)).map((f) => f.task.id);

  it("answers each profile's share of a round with the reference, nested from strong to average", () => {
    expect(correct('strong').length).toBe(28);
    expect(correct('slow-starter').length).toBe(25);
    expect(correct('bursty')).toEqual(correct('slow-starter'));
    expect(correct('average').length).toBe(18);
    expect(correct('broken')).toEqual([]);
    expect(correct('bursty').filter((id) => !correct('strong').includes(id))).toEqual([]);
    expect(correct('average').filter((id) => !correct('bursty').includes(id))).toEqual([]);
    // The ranking is by a hash of the id, not the generator's order of kinds.
    expect(correct('average')).not.toEqual(round.slice(0, 18).map((t) => t.id));
  });

  it('is the same on every call: the reference or the same wrong answer; the copycat answers as strong', () => {
    for (const f of found) {
      const a = planAnswer(SIM_PROFILES.average, f, true);
      expect(planAnswer(SIM_PROFILES.average, f, true)).toEqual(a);
      expect(planAnswer(SIM_PROFILES.copycat, f, true)).toEqual(planAnswer(SIM_PROFILES.strong, f, true));
      const ref = taskReference(f.task)!;
      if (a.correct) expect(a.answer.content).toBe(ref.content);
      else
        expect({ content: a.answer.content, toolCalls: a.answer.toolCalls }).not.toEqual({
          content: ref.content,
          toolCalls: ref.toolCalls ?? [],
        });
    }
  });

  it('reasons first when the profile does; says so when tools are needed but not offered; answers unknown prompts with a labelled canned reply', () => {
    const tool = found.find(
      (f) => f.task.type === 'function_calling' && answersCorrectly(SIM_PROFILES.strong, f.difficulty),
    )!;
    const withTools = planAnswer(SIM_PROFILES.strong, tool, true);
    expect(withTools.answer.reasoning).toMatch(/^Simulated reasoning/);
    expect(withTools.answer.toolCalls).toEqual(taskReference(tool.task)!.toolCalls);
    const without = planAnswer(SIM_PROFILES.strong, tool, false);
    expect(without.answer.toolCalls).toEqual([]);
    expect(without.answer.content).toMatch(/needs tools/);
    expect(planAnswer(SIM_PROFILES.average, undefined, false)).toEqual({
      answer: cannedAnswer(SIM_PROFILES.average),
      correct: undefined,
    });
  });

  it('gives an arena prompt a canned reply labelled as simulated, describing its profile (fast, slow, bursty, broken)', () => {
    const shapes: Record<string, RegExp> = {
      strong: /fast: a quick first word, then a steady, fast stream/,
      'slow-starter': /slow: a slow start/,
      average: /average: a slow start .* an uneven, moderate stream/,
      bursty: /bursty: a quick first word, then the text in a few large bursts/,
      broken: /broken: every answer fails/,
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const profile = SIM_PROFILES[name as keyof typeof SIM_PROFILES];
      const { answer, correct } = planAnswer(profile, undefined, false);
      expect(correct).toBeUndefined();
      expect(answer.content).toMatch(new RegExp(`^\\[simulated reply · sim-${name}\\]`));
      expect(answer.content).toMatch(shape);
      expect(answer.content).not.toContain("I don't know");
      expect(answer.reasoning !== '').toBe(profile.reasoning);
    }
  });

  it('grades the canned reply as wrong on every benchmark task (were one ever missed by the index)', async () => {
    const canned = asAnswer(cannedAnswer(SIM_PROFILES.strong));
    expect(canned.content).not.toMatch(/\d/);
    for (const task of tasks.filter((t) => !needsEvidence(t)))
      expect(await quality(task, canned), task.id).toBeLessThanOrEqual(WRONG_MAX_QUALITY);
  });
});
