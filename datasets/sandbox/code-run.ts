import type { CodeCaseResult, CodeRun } from '../evidence.js';
import { JAVASCRIPT_HARNESS, PYTHON_HARNESS, RESULT_MARK } from './harness.js';
import { type Language, type RawRun, runInSandbox, type SandboxConfig } from './sandbox.js';

export interface TestSpec {
  input: unknown[];
  output: unknown;
}

/** Deep equality of JSON values with a relative tolerance for numbers (1e-6, at least 1e-9 absolute). */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => sameValue(actual[i], e))
    );
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every(
        (k) =>
          k in actual &&
          sameValue((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
      )
    );
  }
  return actual === expected;
}

interface HarnessLine {
  case?: number;
  value?: unknown;
  error?: string;
  load_error?: string;
}

function parseHarness(stdout: string): HarnessLine[] {
  const lines: HarnessLine[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(RESULT_MARK)) continue;
    try {
      lines.push(JSON.parse(line.slice(RESULT_MARK.length)) as HarnessLine);
    } catch {
      // a line the code printed to imitate ours, cut short: ignore it
    }
  }
  return lines;
}

const tail = (s: string) => (s.length > 2000 ? `…${s.slice(-2000)}` : s);

function failure(language: Language, raw: RawRun, total: number, reason: string): CodeRun {
  return {
    language,
    found: true,
    passed: 0,
    total,
    cases: Array.from({ length: total }, () => ({ ok: false, error: reason })),
    timedOut: raw.timedOut,
    durationMs: raw.durationMs,
    stdout: tail(raw.stdout),
    stderr: tail(raw.stderr),
  };
}

/**
 * Runs a function against test inputs in the sandbox. Only the inputs go in; the first result line per
 * case counts; a case with no line (crash, kill, time limit) fails.
 */
export async function runTests(
  config: SandboxConfig,
  language: Language,
  code: string,
  functionName: string,
  tests: TestSpec[],
): Promise<CodeRun> {
  const spec = JSON.stringify({
    function: functionName,
    inputs: tests.map((t) => t.input),
    caseTimeoutMs: config.caseTimeoutMs,
  });
  const files: Record<string, string> =
    language === 'python'
      ? { 'spec.json': spec, 'solution.py': code, 'harness.py': PYTHON_HARNESS }
      : { 'spec.json': spec, 'solution.js': code, 'harness.js': JAVASCRIPT_HARNESS };
  const argv = (dir: string) =>
    language === 'python'
      ? ['-I', '-S', '-B', `${dir}/harness.py`, dir]
      : [`--max-old-space-size=${config.memoryMb}`, `${dir}/harness.js`, dir];
  const raw = await runInSandbox(config, language, files, argv);
  const lines = parseHarness(raw.stdout);
  const load = lines.find((l) => l.load_error !== undefined);
  if (load) return failure(language, raw, tests.length, `does not load: ${load.load_error}`);
  const cases: CodeCaseResult[] = tests.map((t, i) => {
    const line = lines.find((l) => l.case === i);
    if (!line)
      return {
        ok: false,
        error: raw.timedOut ? 'time limit reached before this case' : 'no result (the program stopped)',
      };
    if (line.error !== undefined) return { ok: false, error: line.error };
    if (!('value' in line)) return { ok: false, error: 'returned nothing' };
    return sameValue(line.value, t.output)
      ? { ok: true }
      : {
          ok: false,
          error: `expected ${JSON.stringify(t.output).slice(0, 200)}, got ${JSON.stringify(line.value).slice(0, 200)}`,
        };
  });
  return {
    language,
    found: true,
    passed: cases.filter((c) => c.ok).length,
    total: tests.length,
    cases,
    timedOut: raw.timedOut,
    durationMs: raw.durationMs,
    stderr: tail(raw.stderr),
  };
}

/** Runs a whole program and records what it printed (code_execution tasks). */
export async function runProgram(config: SandboxConfig, language: Language, code: string): Promise<CodeRun> {
  const file = language === 'python' ? 'program.py' : 'program.js';
  const argv = (dir: string) =>
    language === 'python'
      ? ['-I', '-S', '-B', `${dir}/${file}`]
      : [`--max-old-space-size=${config.memoryMb}`, `${dir}/${file}`];
  const raw = await runInSandbox(config, language, { [file]: code }, argv);
  const ok = raw.exitCode === 0 && !raw.timedOut && !raw.truncated;
  return {
    language,
    found: true,
    passed: ok ? 1 : 0,
    total: 1,
    cases: [
      ok
        ? { ok: true }
        : {
            ok: false,
            error: raw.timedOut
              ? 'timeout'
              : raw.truncated
                ? 'too much output'
                : `exit code ${raw.exitCode ?? raw.signal}`,
          },
    ],
    timedOut: raw.timedOut,
    durationMs: raw.durationMs,
    stdout: tail(raw.stdout),
    stderr: tail(raw.stderr),
  };
}
