import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetsConfig } from '../../config/index.js';
import { DatasetErrors } from '../errors.js';
import { createRunCgroup, type RunCgroup } from './cgroup.js';
import { jailCommand, memoryLimitBytes, resolveInterpreter } from './jail.js';

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
 * that the jail mounts read-only at /code. At the time limit, or when output overflows, every
 * process of the run is killed (the namespace's init, the run's cgroup, the process group) and the
 * promise resolves then, whatever the processes did (new sessions, detached children, pipes kept
 * open); the temp dir and the cgroup are removed afterwards. Throws SANDBOX_UNAVAILABLE when the
 * interpreter or the isolation tools are missing, SANDBOX_MOUNT_REFUSED when the jail would show
 * $HOME or a protected path.
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
  let cgroup: RunCgroup | undefined;
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
      cgroup = createRunCgroup(memoryLimitBytes(config, language));
      const cmd = jailCommand(
        config,
        language,
        interpreter,
        rootDir,
        codeDir,
        argv(inside),
        uid,
        cgroup?.procsFiles ?? [],
      );
      if (typeof cmd === 'string') throw DatasetErrors.SANDBOX_UNAVAILABLE(cmd);
      return await spawnAndWait(cmd.file, cmd.args, config, cgroup);
    } finally {
      uidsInUse.delete(uid);
    }
  } finally {
    if (cgroup) await removeCgroup(cgroup);
    rmSync(base, { recursive: true, force: true });
  }
}

/**
 * Removes the run's cgroup once its last members have exited (the kernel refuses while any is left),
 * so a run that resolves has no process left in it. Bounded: after ~1 s it is left for later tries.
 */
async function removeCgroup(cgroup: RunCgroup): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (cgroup.remove()) return;
    cgroup.kill();
    await new Promise((r) => setTimeout(r, 20));
  }
  const retry = (tries: number) =>
    setTimeout(() => {
      cgroup.kill();
      if (!cgroup.remove() && tries > 1) retry(tries - 1);
    }, 1_000).unref();
  retry(30);
}

/**
 * What the sandbox guarantees here for a language: how the run is isolated and how memory is limited
 * (the whole run under a cgroup, or each process alone). For start-up logs and the docs.
 */
export function describeSandbox(config: SandboxConfig, language: Language): SandboxLimits {
  const bytes = memoryLimitBytes(config, language);
  const cgroup = createRunCgroup(bytes);
  const memoryScope = cgroup?.memoryBytes !== undefined ? 'run' : 'process';
  cgroup?.remove();
  const mib = Math.round(bytes / 1024 / 1024);
  return {
    isolation: config.isolation,
    memoryScope,
    memoryBytes: bytes,
    summary:
      config.isolation === 'none'
        ? `NO ISOLATION (datasets.sandbox.isolation "none"): ${language} code runs as this user and can read its files and other processes' environments`
        : memoryScope === 'run'
          ? `${language} code runs jailed (pid/mount/net namespaces); memory ${mib} MiB for the whole run (cgroup)`
          : `${language} code runs jailed (pid/mount/net namespaces); memory ${mib} MiB per process (RLIMIT_DATA), not per run: no writable cgroup memory controller here`,
  };
}

export interface SandboxLimits {
  isolation: SandboxConfig['isolation'];
  /** 'run': all processes of a run together (cgroup); 'process': each process alone (RLIMIT_DATA). */
  memoryScope: 'run' | 'process';
  memoryBytes: number;
  summary: string;
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

/**
 * After the kill, how long the output pipes may take to close before the run resolves anyway. Not a
 * setting: SIGKILL of a namespace's init takes its processes down at once; this only bounds the wait.
 */
const KILL_GRACE_MS = 1_000;

function spawnAndWait(
  file: string,
  args: string[],
  config: SandboxConfig,
  cgroup: RunCgroup | undefined,
): Promise<RawRun> {
  const started = performance.now();
  return new Promise<RawRun>((resolve) => {
    const child = spawn(file, args, { detached: true, env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let timedOut = false;
    let truncated = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const kill = () => {
      // unshare: its death kills the namespace's init (parent-death signal), and the init takes every
      // process of the namespace with it; the cgroup and the group catch what runs without namespaces
      cgroup?.kill();
      for (const target of [child.pid, child.pid && -child.pid])
        try {
          if (target) process.kill(target, 'SIGKILL');
        } catch {
          // already gone
        }
    };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      kill();
      child.stdout.destroy();
      child.stderr.destroy();
      const text = (b: Buffer[]) => Buffer.concat(b).subarray(0, config.maxOutputBytes).toString('utf8');
      resolve({
        stdout: text(out),
        stderr: text(err),
        exitCode,
        signal: exitSignal,
        timedOut,
        truncated,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const stop = () => {
      kill();
      grace ??= setTimeout(finish, KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, config.timeoutMs);
    const collect = (sink: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > 2 * config.maxOutputBytes) {
        truncated = true;
        stop();
        return;
      }
      sink.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => {
      err.push(Buffer.from(String(e)));
      finish();
    });
    // the run's main process ended: nothing of it may go on (a pipe held open by a leftover must not hold the run)
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      stop();
    });
    child.on('close', finish);
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
