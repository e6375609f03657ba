/**
 * Results of evaluation steps that need I/O (running the miner's code, asking an LLM judge).
 * They are gathered once, stored in the Measurement, and read by the pure evaluators, so replay
 * never runs code or calls the judge again.
 */
export interface CodeCaseResult {
  ok: boolean;
  /** What went wrong for a failed case: wrong output, exception text, timeout. */
  error?: string;
}

export interface CodeRun {
  language: string;
  /** False when the answer held no code to run. */
  found: boolean;
  passed: number;
  total: number;
  cases: CodeCaseResult[];
  timedOut: boolean;
  durationMs: number;
  stdout?: string;
  stderr?: string;
}

export interface JudgeVerdict {
  model: string;
  /** 0..1 */
  score: number;
  reasoning: string;
}

export interface Evidence {
  code?: CodeRun;
  judge?: JudgeVerdict;
  /** Why evidence that was wanted could not be gathered (sandbox unavailable, judge failed); the grade treats it as missing. */
  errors?: string[];
}
