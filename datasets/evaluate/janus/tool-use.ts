import { type JanusCall, pyEq, pyGet, pyStr, pyTruthy, strings } from './common.js';
import type { Scored } from './quality.js';

const CODE_TOOL_NAMES = new Set(['code_execute', 'execute_code', 'run_code']);

/** janus `evaluate_function_call`: wrong name 0.0, missing arg 0.3, wrong value 0.6, extra args (when disallowed) 0.9. */
export function evaluateFunctionCall(
  expected: unknown,
  actual: JanusCall | undefined,
  allowExtraArgs: boolean,
): Scored {
  const exp = (expected && typeof expected === 'object' ? expected : {}) as Record<string, unknown>;
  if (!Object.keys(exp).length || !actual)
    return { score: 0, details: { reasoning: 'Missing expected or actual function call' } };
  if (exp.function !== actual.function) {
    return {
      score: 0,
      details: { reasoning: `Wrong function: expected ${pyStr(exp.function)}, got ${actual.function}` },
    };
  }
  const expectedArgs = (exp.arguments && typeof exp.arguments === 'object' ? exp.arguments : {}) as Record<
    string,
    unknown
  >;
  const actualArgs = actual.arguments;
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const [key, value] of Object.entries(expectedArgs)) {
    if (!(key in actualArgs)) {
      missing.push(key);
      continue;
    }
    const got = actualArgs[key];
    if (pyEq(got, value)) continue;
    if (typeof value === 'string' && typeof got === 'string') {
      if (!got.toLowerCase().includes(value.toLowerCase())) wrong.push(key);
    } else if (typeof value === 'string' || typeof got === 'string') {
      const e = pyStr(value).toLowerCase();
      const a = pyStr(got).toLowerCase();
      if (!a.includes(e) && !e.includes(a)) wrong.push(key);
    } else {
      wrong.push(key);
    }
  }
  if (missing.length) return { score: 0.3, details: { reasoning: 'Missing arguments', missing } };
  if (wrong.length) return { score: 0.6, details: { reasoning: 'Wrong argument values', wrong } };
  if (!allowExtraArgs) {
    const extra = Object.keys(actualArgs)
      .filter((k) => !(k in expectedArgs))
      .sort();
    if (extra.length) return { score: 0.9, details: { reasoning: 'Extra arguments (minor penalty)', extra } };
  }
  return { score: 1, details: { reasoning: 'Perfect match' } };
}

export function evaluateToolSelection(
  expectedTools: string[],
  actual: string[],
  alternatives: string[],
): Scored {
  const acceptable = new Set([...expectedTools, ...alternatives]);
  if (!actual.length) return { score: 0, details: { reasoning: 'No tools selected' } };
  if (expectedTools.includes(actual[0]!))
    return { score: 1, details: { reasoning: 'Correct tool selected' } };
  if (acceptable.has(actual[0]!))
    return { score: 0.8, details: { reasoning: `Acceptable alternative: ${actual[0]}` } };
  const found = actual.find((t) => acceptable.has(t));
  if (found) return { score: 0.5, details: { reasoning: `Found acceptable tool in selection: ${found}` } };
  return { score: 0, details: { reasoning: 'Wrong tools selected', tools: actual } };
}

export function evaluateToolSequence(expected: string[], actual: string[], partialCredit: boolean): Scored {
  if (!expected.length) return { score: 0, details: { reasoning: 'Missing expected tool sequence' } };
  if (!actual.length) return { score: 0, details: { reasoning: 'No tools called' } };
  const matches = expected.filter((t, i) => actual[i] === t).length;
  if (matches === expected.length) return { score: 1, details: { reasoning: 'Perfect sequence match' } };
  if (!partialCredit) return { score: 0, details: { reasoning: 'Sequence mismatch' } };
  return {
    score: matches / expected.length,
    details: { reasoning: `Partial sequence match: ${matches}/${expected.length}` },
  };
}

/** janus `score_tool_use`, dispatched on the task's tool-use sub-type. */
export function scoreToolUse(
  type: string,
  text: string,
  calls: JanusCall[],
  meta: Record<string, unknown>,
  evaluation: Record<string, unknown>,
): Scored {
  const names = calls.map((c) => c.function).filter((n) => typeof n === 'string');
  switch (type) {
    case 'function_calling':
      if (!calls.length) return { score: 0, details: { reasoning: 'No function call made' } };
      return evaluateFunctionCall(
        meta.expected_call,
        calls[0],
        pyTruthy(pyGet(evaluation, 'allow_extra_args', true)),
      );
    case 'tool_selection':
      return evaluateToolSelection(
        strings(meta.expected_tools),
        names,
        strings(meta.acceptable_alternatives),
      );
    case 'tool_chaining': {
      const seq = evaluateToolSequence(
        strings(meta.expected_sequence),
        names,
        pyTruthy(pyGet(evaluation, 'partial_credit', true)),
      );
      const outputs = strings(meta.expected_output_contains);
      if (pyTruthy(evaluation.verify_final_answer) && outputs.length) {
        const answerScore = outputs.filter((o) => text.includes(o)).length / outputs.length;
        return {
          score: (seq.score + answerScore) / 2,
          details: { ...seq.details, answer_score: answerScore },
        };
      }
      return seq;
    }
    case 'code_execution': {
      const executed = names.some((n) => CODE_TOOL_NAMES.has(n));
      if (!executed && !text.includes('```'))
        return { score: 0.2, details: { reasoning: 'No code execution detected' } };
      const outputs = strings(meta.expected_output_contains);
      if (!outputs.length) return { score: 0.5, details: { reasoning: 'No expected outputs specified' } };
      const found = outputs.filter((o) => text.includes(o)).length;
      return {
        score: found / outputs.length,
        details: { reasoning: `Found ${found}/${outputs.length} expected outputs` },
      };
    }
    default:
      return { score: 0, details: { reasoning: `Unknown tool-use task type: ${type}` } };
  }
}
