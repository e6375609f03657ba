import type { DatasetsConfig } from '../config/index.js';
import { isRodeoError } from '../config/index.js';
import type { Answer } from './answer.js';
import { codeToolProgram } from './evaluate/rodeo/tools.js';
import type { CodeRun, Evidence } from './evidence.js';
import { askJudge } from './judge.js';
import { runProgram, runTests, type TestSpec } from './sandbox/code-run.js';
import { type Language, languageOf } from './sandbox/sandbox.js';
import type { Task } from './task.js';
import { codeBlock } from './text/extract.js';

export interface EvidenceServices {
  sandbox: DatasetsConfig['sandbox'];
  judge?: DatasetsConfig['judge'];
}

const FENCE_NAMES: Record<Language, string[]> = {
  python: ['python', 'py', 'python3'],
  javascript: ['javascript', 'js', 'node', 'mjs'],
};

/** The code of a reply: its first fenced block in the language (or an unlabeled one), else the whole reply (as janus-bench does). */
export function replyCode(content: string, language: Language): string {
  const fenced = codeBlock(content, FENCE_NAMES[language]);
  if (fenced) return fenced.code;
  return /```/.test(content) ? '' : content;
}

/** Whether a task is graded from a code run (its evaluation is 0 until gatherEvidence has run it). */
export function needsEvidence(task: Pick<Task, 'type' | 'category' | 'expected'>): boolean {
  return isCodeTask(task) || task.type === 'code_execution';
}

const isCodeTask = (task: Pick<Task, 'type' | 'category' | 'expected'>) =>
  task.type === 'code' || (task.category === 'coding' && Array.isArray(task.expected.test_cases));

function wantsJudge(task: Task): boolean {
  return task.expected.judge === true || task.benchmark === 'janus_research';
}

const notFound = (language: string, total: number, why: string): CodeRun => ({
  language,
  found: false,
  passed: 0,
  total,
  cases: Array.from({ length: total }, () => ({ ok: false, error: why })),
  timedOut: false,
  durationMs: 0,
});

async function codeEvidence(
  task: Task,
  answer: Answer,
  sandbox: DatasetsConfig['sandbox'],
): Promise<CodeRun | undefined> {
  if (isCodeTask(task)) {
    const tests = (Array.isArray(task.expected.test_cases) ? task.expected.test_cases : []) as TestSpec[];
    const name = String(task.expected.language ?? 'python');
    const language = languageOf(name);
    if (!language) return notFound(name, tests.length, `no sandbox runner for ${name}`);
    const code = replyCode(answer.content, language);
    if (!code.trim()) return notFound(language, tests.length, `no ${language} code block in the reply`);
    // As janus-bench: without a function_name, the first function the code defines.
    const defined = /(?:def|function)\s+([A-Za-z_$][\w$]*)\s*\(/.exec(code)?.[1] ?? '';
    return runTests(sandbox, language, code, String(task.expected.function_name ?? defined), tests);
  }
  if (task.type === 'code_execution') {
    const program = codeToolProgram(answer.toolCalls);
    if (!program) return undefined;
    const language = languageOf(program.language);
    if (!language) return notFound(program.language, 1, `no sandbox runner for ${program.language}`);
    return runProgram(sandbox, language, program.code);
  }
  return undefined;
}

/**
 * The only I/O of grading: runs the reply's code in the sandbox and asks the optional LLM judge, for
 * the tasks that need them. The caller stores the result in the Measurement, so replay never does
 * either again. Returns undefined when the task needs neither.
 */
export async function gatherEvidence(
  task: Task,
  answer: Answer,
  services: EvidenceServices,
): Promise<Evidence | undefined> {
  const evidence: Evidence = {};
  const errors: string[] = [];
  try {
    const code = await codeEvidence(task, answer, services.sandbox);
    if (code) evidence.code = code;
  } catch (err) {
    if (!isRodeoError(err)) throw err;
    errors.push(err.message);
  }
  if (services.judge?.url && wantsJudge(task) && answer.content.trim()) {
    try {
      evidence.judge = await askJudge(services.judge, task, answer.content);
    } catch (err) {
      if (!isRodeoError(err)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length) evidence.errors = errors;
  return Object.keys(evidence).length ? evidence : undefined;
}
