import type { ToolCall } from '../../answer.js';
import type { CodeRun } from '../../evidence.js';
import { jsonEqual, validateSchema } from '../../json-schema.js';
import { taskReference } from '../../reference.js';
import type { Task } from '../../task.js';
import { canonical, containsPhrase, normalize } from '../../text/extract.js';
import { checkAnswer, type Graded, hasAnswerKey } from './answers.js';

/** How one expected argument is compared: by type (default), exact, contains (expected phrase inside actual), set (arrays, any order), any. */
export type ArgRule = 'typed' | 'exact' | 'contains' | 'set' | 'any';

export interface ExpectedCall {
  name: string;
  arguments: Record<string, unknown>;
  match: Record<string, ArgRule>;
}

const CODE_TOOLS = new Set(['code_execute', 'execute_code', 'run_code']);

function valueMatches(actual: unknown, expected: unknown, rule: ArgRule): boolean {
  if (rule === 'any') return actual !== undefined;
  if (rule === 'exact') return jsonEqual(actual, expected);
  if (typeof expected === 'number') {
    return (
      typeof actual === 'number' && Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected))
    );
  }
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return false;
    return rule === 'contains'
      ? containsPhrase(actual, expected)
      : canonical(actual) === canonical(expected) || normalize(actual) === normalize(expected);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    if (rule === 'set') return expected.every((e) => actual.some((a) => valueMatches(a, e, 'typed')));
    return expected.every((e, i) => valueMatches(actual[i], e, 'typed'));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) =>
      valueMatches((actual as Record<string, unknown>)[k], v, 'typed'),
    );
  }
  return actual === expected;
}

/** The calls a task expects, in order: its reference's tool calls (with `expected.arg_match`), else janus expected_call / expected_sequence. */
export function expectedCalls(task: Task): ExpectedCall[] {
  const rules = Array.isArray(task.expected.arg_match)
    ? (task.expected.arg_match as Record<string, ArgRule>[])
    : [];
  const ref = taskReference(task)?.toolCalls;
  if (ref?.length)
    return ref.map((c, i) => ({ name: c.name, arguments: c.arguments, match: rules[i] ?? {} }));
  const call = task.expected.expected_call as
    | { function?: string; arguments?: Record<string, unknown> }
    | undefined;
  if (call?.function)
    return [{ name: call.function, arguments: call.arguments ?? {}, match: rules[0] ?? {} }];
  const seq = task.expected.expected_sequence;
  return Array.isArray(seq) ? seq.map((name) => ({ name: String(name), arguments: {}, match: {} })) : [];
}

/** One call against one expected call: schema validity of its arguments and the share of expected values it got right. */
export function gradeCall(task: Task, call: ToolCall, expected: ExpectedCall | undefined) {
  const tool = task.tools?.find((t) => t.function.name === call.name);
  if (!tool)
    return { known: false, parsed: false, schemaErrors: [] as string[], argScore: 0, wrong: [] as string[] };
  if (!call.arguments)
    return {
      known: true,
      parsed: false,
      schemaErrors: ['arguments are not a JSON object'],
      argScore: 0,
      wrong: [],
    };
  const schemaErrors = validateSchema(call.arguments, tool.function.parameters ?? {}).map(
    (e) => `${e.path || '/'}: ${e.message}`,
  );
  const keys = expected && expected.name === call.name ? Object.keys(expected.arguments) : [];
  const wrong = keys.filter(
    (k) => !valueMatches(call.arguments![k], expected!.arguments[k], expected!.match[k] ?? 'typed'),
  );
  return {
    known: true,
    parsed: true,
    schemaErrors,
    argScore: keys.length ? (keys.length - wrong.length) / keys.length : 1,
    wrong,
  };
}

/** Every available tool called when the task needs fewer: a shotgun, not a choice. */
function shotgun(task: Task, calls: ToolCall[], needed: number): boolean {
  const available = task.tools?.length ?? 0;
  const distinct = new Set(calls.map((c) => c.name)).size;
  return available >= 3 && distinct >= available && needed < available;
}

/**
 * function_calling and tool_selection: the first call must use an expected tool (selection: `expected_tools`
 * 1.0, `acceptable_alternatives` 0.8); then 0.2 for the name, 0.2 for schema-valid arguments, 0.6 for the
 * expected values; divided by (1 + calls beyond the one needed).
 */
export function gradeSingleCall(task: Task, calls: ToolCall[]): Graded {
  const [exp] = expectedCalls(task);
  if (!exp) return { score: 0, details: { reason: 'task has no expected call' } };
  if (!calls.length) return { score: 0, details: { reason: 'no tool call', expected: exp.name } };
  if (shotgun(task, calls, 1)) return { score: 0, details: { reason: 'called every available tool' } };
  const first = calls[0]!;
  const best = Array.isArray(task.expected.expected_tools)
    ? (task.expected.expected_tools as string[])
    : [exp.name];
  const alternatives = Array.isArray(task.expected.acceptable_alternatives)
    ? (task.expected.acceptable_alternatives as string[])
    : [];
  const nameWeight = best.includes(first.name) ? 1 : alternatives.includes(first.name) ? 0.8 : 0;
  if (!nameWeight)
    return { score: 0, details: { reason: `first call is ${first.name}, expected ${exp.name}` } };
  const g = gradeCall(task, first, exp);
  if (!g.known)
    return { score: 0, details: { reason: `tool ${first.name} is not one of the available tools` } };
  const score = (nameWeight * (0.2 + (g.schemaErrors.length ? 0 : 0.2) + 0.6 * g.argScore)) / calls.length;
  return {
    score,
    details: {
      tool: first.name,
      schemaErrors: g.schemaErrors,
      wrongArguments: g.wrong,
      extraCalls: calls.length - 1,
    },
  };
}

/**
 * tool_chaining: expected calls position by position (0.4 name, 0.2 schema, 0.4 values each), divided by
 * (1 + extra calls); when the task has an answer key, 60% chain and 40% the final answer in the text.
 */
export function gradeChain(task: Task, calls: ToolCall[], content: string): Graded {
  const exp = expectedCalls(task);
  if (!exp.length) return { score: 0, details: { reason: 'task has no expected calls' } };
  if (shotgun(task, calls, new Set(exp.map((e) => e.name)).size))
    return { score: 0, details: { reason: 'called every available tool' } };
  const steps = exp.map((e, i) => {
    const call = calls[i];
    if (!call || call.name !== e.name) return { expected: e.name, got: call?.name ?? null, score: 0 };
    const g = gradeCall(task, call, e);
    return {
      expected: e.name,
      got: call.name,
      score: 0.4 + (g.parsed && !g.schemaErrors.length ? 0.2 : 0) + 0.4 * g.argScore,
      wrong: g.wrong,
    };
  });
  const extra = Math.max(0, calls.length - exp.length);
  const chain = steps.reduce((s, x) => s + x.score, 0) / exp.length / (1 + extra);
  if (!hasAnswerKey(task.expected)) return { score: chain, details: { steps, extraCalls: extra } };
  const final = checkAnswer(content, task.expected);
  return {
    score: 0.6 * chain + 0.4 * final.score,
    details: { steps, extraCalls: extra, finalAnswer: final.details },
  };
}

/** The program a code_execution reply asks to run: the `code` argument of its code tool call. */
export function codeToolProgram(calls: ToolCall[]): { language: string; code: string } | undefined {
  const call = calls.find((c) => CODE_TOOLS.has(c.name) && typeof c.arguments?.code === 'string');
  if (!call) return undefined;
  const lang = typeof call.arguments?.language === 'string' ? call.arguments.language : 'python';
  return { language: lang, code: call.arguments!.code as string };
}

/** code_execution: the executed program's output (evidence) must show the expected values (60%); the reply states the answer (40%). */
export function gradeCodeExecution(
  task: Task,
  calls: ToolCall[],
  content: string,
  run: CodeRun | undefined,
): Graded {
  if (!codeToolProgram(calls))
    return { score: 0, details: { reason: 'no code tool call with a "code" argument' } };
  if (!run) return { score: 0, details: { reason: 'no evidence: the program was not run (gatherEvidence)' } };
  const wanted = Array.isArray(task.expected.expected_output_contains)
    ? (task.expected.expected_output_contains as string[])
    : [];
  const stdout = run.stdout ?? '';
  const found = wanted.filter((w) => stdout.includes(w));
  const executed = run.found && !run.timedOut && wanted.length ? found.length / wanted.length : 0;
  const final = hasAnswerKey(task.expected)
    ? checkAnswer(content, task.expected)
    : { score: executed, details: {} };
  return {
    score: 0.6 * executed + 0.4 * final.score,
    details: {
      outputFound: found,
      outputMissing: wanted.filter((w) => !found.includes(w)),
      finalAnswer: final.details,
    },
  };
}
