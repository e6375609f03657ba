import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetsConfig } from '../../config/index.js';
import { DatasetErrors } from '../errors.js';
import { jailCommand, resolveInterpreter } from './jail.js';

export type SandboxConfig = DatasetsConfig['sandbox'];
export type Language = 'python' | 'javascript';

const ALIASES: Record<string, Language> = {
  python: 'python',
  python3: 'python',
  py: 'python',
  javascript: 'javascript',
  js: 'javascript',
  node: 'javascript',
};

/** The sandbox language for a name ('py', 'js', ...), or undefined when we have no runner for it. */
export const languageOf = (name: string): Language | undefined => ALIASES[name.toLowerCase()];

export interface RawRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Output beyond maxOutputBytes: the run was killed. */
  truncated: boolean;
  durationMs: number;
}

/**
 * Runs the interpreter of `language` with `argv(codeDir)` over `files`, written to a fresh temp dir
 * that the jail mounts read-only at /code. The whole process group is killed at the time limit or
 * when output overflows; the temp dir is removed afterwards. Throws SANDBOX_UNAVAILABLE when the
 * interpreter or the isolation tools are missing.
 */
export async function runInSandbox(
  config: SandboxConfig,
  language: Language,
  files: Record<string, string>,
  argv: (codeDir: string) => string[],
): Promise<RawRun> {
  const interpreter = resolveInterpreter(language, config);
  if (typeof interpreter === 'string')
    throw DatasetErrors.SANDBOX_UNAVAILABLE(`interpreter not found: ${interpreter}`);
  const base = mkdtempSync(join(tmpdir(), 'rodeo-sandbox-'));
  try {
    // Readable by the unprivileged uid runs drop to; the jail mounts it read-only.
    chmodSync(base, 0o755);
    const codeDir = join(base, 'code');
    const rootDir = join(base, 'root');
    mkdirSync(codeDir, { mode: 0o755 });
    mkdirSync(rootDir, { mode: 0o755 });
    for (const [name, body] of Object.entries(files))
      writeFileSync(join(codeDir, name), body, { mode: 0o644 });
    const inside = config.isolation === 'none' ? codeDir : '/code';
    const uid = takeUid(config);
    try {
      const cmd = jailCommand(config, language, interpreter, rootDir, codeDir, argv(inside), uid);
      if (typeof cmd === 'string') throw DatasetErrors.SANDBOX_UNAVAILABLE(cmd);
      return await spawnAndWait(cmd.file, cmd.args, config);
    } finally {
      uidsInUse.delete(uid);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

const uidsInUse = new Set<number>();

/**
 * A uid no other run of this process is using, drawn at random from the configured range (so two
 * validator processes on one machine rarely meet): RLIMIT_NPROC counts per uid, and one run's fork
 * bomb must not starve another run's processes. Used only when the validator runs as root.
 */
function takeUid(config: SandboxConfig): number {
  for (let i = 0; i < 4 * config.uidCount; i++) {
    const uid = config.uidBase + randomInt(config.uidCount);
    if (!uidsInUse.has(uid)) {
      uidsInUse.add(uid);
      return uid;
    }
  }
  throw DatasetErrors.SANDBOX_UNAVAILABLE(`all ${config.uidCount} sandbox uids are in use`);
}

function spawnAndWait(file: string, args: string[], config: SandboxConfig): Promise<RawRun> {
  const started = performance.now();
  return new Promise<RawRun>((resolve) => {
    const child = spawn(file, args, { detached: true, env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let timedOut = false;
    let truncated = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, config.timeoutMs);
    const collect = (sink: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > 2 * config.maxOutputBytes) {
        truncated = true;
        kill();
        return;
      }
      sink.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      kill();
      const text = (b: Buffer[]) => Buffer.concat(b).subarray(0, config.maxOutputBytes).toString('utf8');
      resolve({
        stdout: text(out),
        stderr: text(err),
        exitCode: code,
        signal,
        timedOut,
        truncated,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

/** Whether this machine can run jailed code with this config (one trivial run); the reason when not. */
export async function probeSandbox(
  config: SandboxConfig,
  language: Language = 'python',
): Promise<string | undefined> {
  try {
    const args = language === 'python' ? ['-c', 'print("ok")'] : ['-e', 'console.log("ok")'];
    const run = await runInSandbox(config, language, {}, () => args);
    return run.stdout.trim() === 'ok'
      ? undefined
      : `a test run printed ${JSON.stringify(run.stdout)} (stderr: ${run.stderr.slice(0, 300)})`;
  } catch (err) {
    return (err as Error).message;
  }
}
