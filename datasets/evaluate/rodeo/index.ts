import type { Answer } from '../../answer.js';
import type { Evidence } from '../../evidence.js';
import { promptText, type Task } from '../../task.js';
import { echoRatio, injectionAttempt } from '../../text/extract.js';
import { clamp01, type Evaluation } from '../types.js';
import { alternativesList, checkAnswer, coverage, type Graded, hasAnswerKey } from './answers.js';
import { gradeFile, gradeImage, gradeRouting, gradeStructured } from './artifacts.js';
import { type Constraint, gradeConstraints, hasConstraints } from './constraints.js';
import { gradeCost } from './cost.js';
import { gradeResearch } from './research.js';
import { gradeChain, gradeCodeExecution, gradeSingleCall } from './tools.js';

/** Above this share of the task's 5-word shingles repeated, a reply is a restatement of the task. */
export const ECHO_LIMIT = 0.5;

/** Answers that try to game graders earn nothing: instructions to the grader, or a restatement of the task. */
function adversarial(task: Task, answer: Answer): string | undefined {
  const injected = injectionAttempt(
    [answer.content, ...answer.toolCalls.map((c) => c.argumentsRaw)].join('\n'),
  );
  if (injected) return `instructs the grader ("${injected}")`;
  // Code is graded by its tests alone, and a fix naturally repeats the code it was given.
  const echoAllowed = task.expected.allow_echo === true || task.type === 'code';
  if (!echoAllowed && echoRatio(answer.content, promptText(task)) >= ECHO_LIMIT)
    return 'restates the task instead of answering';
  return undefined;
}

function gradeCode(evidence: Evidence | undefined): Graded {
  const run = evidence?.code;
  if (!run) return { score: 0, details: { reason: 'no evidence: the code was not run (gatherEvidence)' } };
  if (!run.found) return { score: 0, details: { reason: 'no code block with the requested function' } };
  const failures = run.cases.map((c, i) => ({ case: i, error: c.error })).filter((_, i) => !run.cases[i]!.ok);
  return {
    score: run.total ? run.passed / run.total : 0,
    details: { passed: run.passed, total: run.total, timedOut: run.timedOut, failures: failures.slice(0, 5) },
  };
}

const MULTIMODAL_GRADERS: Record<string, (task: Task, content: string) => Graded> = {
  image_generation: gradeImage,
  structured_output: gradeStructured,
  file_output: gradeFile,
  modality_routing: gradeRouting,
  // janus-bench's image-question types (their files): named elements, whole phrases.
  image_understanding: (task, content) => {
    const items = alternativesList(task.evaluation?.expected_elements);
    const need = Math.min(items.length, Math.max(1, Number(task.evaluation?.min_matches ?? 1)));
    const c = coverage(content, items);
    return { score: need ? Math.min(1, (c.score * items.length) / need) : 0, details: c.details };
  },
  mixed_media: (task, content) => coverage(content, [alternativesList(task.evaluation?.expected).flat()]),
};

/** Our harder-to-game grading. Pure: everything that needed I/O is in `evidence`. */
export function evaluateRodeo(task: Task, answer: Answer, evidence: Evidence | undefined): Evaluation {
  const cheat = adversarial(task, answer);
  if (cheat) {
    const out: Evaluation = { quality: 0, details: { profile: 'rodeo', adversarial: cheat } };
    if (task.dimensions.includes('multimodal')) out.multimodal = 0;
    if (task.category === 'cost') out.costEfficiency = 0;
    return out;
  }
  const content = answer.content;
  let graded: Graded;
  let costEfficiency: number | undefined;
  const output = MULTIMODAL_GRADERS[task.type];
  if (output) graded = output(task, content);
  else if (task.type === 'code') graded = gradeCode(evidence);
  else if (task.type === 'function_calling' || task.type === 'tool_selection')
    graded = gradeSingleCall(task, answer.toolCalls);
  else if (task.type === 'tool_chaining') graded = gradeChain(task, answer.toolCalls, content);
  else if (task.type === 'code_execution')
    graded = gradeCodeExecution(task, answer.toolCalls, content, evidence?.code);
  else if (task.type === 'research' || task.category === 'research') graded = gradeResearch(task, content);
  else if (task.category === 'cost') {
    const cost = gradeCost(task, answer);
    graded = cost;
    costEfficiency = cost.costEfficiency;
  } else if (hasConstraints(task.expected))
    graded = gradeConstraints(content, task.expected.constraints as Constraint[]);
  else if (hasAnswerKey(task.expected)) graded = checkAnswer(content, task.expected);
  else
    graded = {
      score: 0,
      details: { reason: `no rodeo grader for task type "${task.type}" and no answer key` },
    };

  let quality = clamp01(graded.score);
  const details: Record<string, unknown> = { profile: 'rodeo', ...graded.details };
  // The judge can only lower a deterministic grade (by up to 40%), never raise one that found nothing.
  if (task.expected.judge === true && evidence?.judge) {
    quality *= 0.6 + 0.4 * clamp01(evidence.judge.score);
    details.judge = { score: evidence.judge.score, reasoning: evidence.judge.reasoning };
  }
  const out: Evaluation = { quality, details };
  if (costEfficiency !== undefined) out.costEfficiency = clamp01(costEfficiency);
  if (task.dimensions.includes('multimodal')) out.multimodal = quality;
  return out;
}
