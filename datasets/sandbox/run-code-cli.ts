/**
 * Test helper, not part of the sandbox: runs one program in the sandbox from its own process, so a test
 * can run the sandbox as another user (setpriv) with an environment it plants. Usage:
 *   node --import tsx datasets/sandbox/run-code-cli.ts '{"language":"python","code":"...","sandbox":{...}}'
 * Prints one JSON line: {run, limits} or {error: {code, message}}.
 */
import { defaultConfig } from '../../config/index.js';
import { runProgram } from './code-run.js';
import { describeSandbox, type Language, type SandboxConfig } from './sandbox.js';

interface Job {
  language: Language;
  code: string;
  sandbox?: Partial<SandboxConfig>;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const config: SandboxConfig = { ...defaultConfig().datasets.sandbox, ...job.sandbox };
let result: unknown;
try {
  const limits = describeSandbox(config, job.language);
  const run = await runProgram(config, job.language, job.code);
  result = { run, limits, uid: process.getuid?.() };
} catch (err) {
  const e = err as { code?: string; message?: string };
  result = { error: { code: e.code, message: e.message } };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
