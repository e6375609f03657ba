import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import type { CodeRun } from '../evidence.js';
import { probeSandbox, type SandboxConfig, type SandboxLimits } from './sandbox.js';

/**
 * Escape attempts against the sandbox, each run from its own process (run-code-cli.ts) as root and as
 * an unprivileged user (uid 65534 via setpriv), with a planted environment and $HOME.
 */

const REPO = realpathSync(new URL('../..', import.meta.url).pathname);
const RUNNER = join(REPO, 'datasets/sandbox/run-code-cli.ts');
const NOBODY = 65_534;
const isRoot = process.getuid?.() === 0;
const base: Partial<SandboxConfig> = { timeoutMs: 3_000, caseTimeoutMs: 1_000, maxProcesses: 256 };

const rootProblem = await probeSandbox({ ...defaultConfig().datasets.sandbox, ...base });
if (rootProblem)
  process.stderr.write(`sandbox escape tests skipped: the jail cannot run here (${rootProblem})\n`);

// Dirs the unprivileged user can traverse (the test run's TMPDIR is private to root), and outside /tmp,
// which the jail covers with its own tmpfs: a fake $HOME there would be hidden whatever the binds.
const scratch = mkdtempSync(existsSync('/var/tmp') ? '/var/tmp/rodeo-escape-' : '/tmp/rodeo-escape-');
chmodSync(scratch, 0o755);
const home = join(scratch, 'home');
const SECRET = `mnemonic-${randomBytes(8).toString('hex')}`;
const ENV_SECRET = `hotkey-uri-${randomBytes(8).toString('hex')}`;
const coldkey = join(home, '.bittensor/wallets/default/coldkey');
const pythonReal = realpathSync(
  execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim(),
);
/** A python any user can run with any $HOME: the test's own may be a pyenv shim under root's private $HOME. */
const systemPython = ['/usr/bin/python3', pythonReal].find((p) => !p.startsWith('/root/')) ?? pythonReal;

/** Hard link (same file system) or copy: an interpreter whose real path is under the fake $HOME. */
function place(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
  chmodSync(to, 0o755);
}

beforeAll(() => {
  mkdirSync(join(home, 'bin'), { recursive: true, mode: 0o755 });
  mkdirSync(join(home, '.bittensor/wallets/default'), { recursive: true, mode: 0o755 });
  writeFileSync(coldkey, JSON.stringify({ secretPhrase: SECRET }), { mode: 0o644 });
  place(realpathSync(process.execPath), join(home, 'bin/node'));
  place(realpathSync(systemPython), join(home, 'bin/python3'));
  for (const d of [home, join(home, 'bin'), join(home, '.bittensor'), join(home, '.bittensor/wallets')])
    chmodSync(d, 0o755);
  chmodSync(join(home, '.bittensor/wallets/default'), 0o755);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Outcome {
  run?: CodeRun;
  limits?: SandboxLimits;
  uid?: number;
  error?: { code?: string; message?: string };
}

type Who = 'root' | 'unprivileged';

/** Runs one program through run-code-cli.ts as `who`, with a planted secret in the parent's env. */
function runAs(
  who: Who,
  language: 'python' | 'javascript',
  code: string,
  sandbox: Partial<SandboxConfig> = {},
  env: Record<string, string> = {},
): Promise<Outcome> {
  const job = JSON.stringify({
    language,
    code,
    sandbox: {
      ...base,
      python: systemPython,
      ...sandbox,
    },
  });
  const prefix =
    who === 'unprivileged'
      ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--']
      : [];
  const argv = [...prefix, process.execPath, '--import', 'tsx', RUNNER, job];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        TMPDIR: who === 'unprivileged' ? '/tmp' : (process.env.TMPDIR ?? '/tmp'),
        RODEO_PLANTED_HOTKEY_URI: ENV_SECRET,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Outcome);
      } catch {
        reject(new Error(`runner exited ${status}: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

/** Host pids whose command line contains `marker`. */
function markerPids(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Running or sleeping: a zombie (killed, not yet reaped) has nothing left to run. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The seen pids still alive once the kill has had time to land. SIGKILL is delivered when the process
 * next runs, which on a loaded 2-core CI machine can be well after the run resolved; an escape sleeps
 * 600 s, so it is still here at the end of this bounded wait.
 */
async function survivors(seen: Set<number>, marker: string): Promise<number[]> {
  let left: number[] = [];
  for (let i = 0; i < 100; i++) {
    left = [...new Set([...seen, ...markerPids(marker)])].filter(alive);
    if (left.length === 0) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
  return left;
}

/** Runs `start` and, while it runs, collects the host pids of processes carrying `marker`. */
async function watching(marker: string, start: () => Promise<Outcome>): Promise<[Outcome, Set<number>]> {
  const seen = new Set<number>();
  let running = true;
  const run = start().finally(() => {
    running = false;
  });
  // bounded: the runs below end at their 3 s limit; 1200 x 50 ms covers a very slow machine
  for (let i = 0; i < 1200 && running; i++) {
    for (const pid of markerPids(marker)) seen.add(pid);
    await new Promise((r) => setTimeout(r, 50));
  }
  return [await run, seen];
}

const unprivilegedProblem = await (async () => {
  if (!isRoot) return 'the tests do not run as root, so they cannot switch to another user';
  if (rootProblem) return rootProblem;
  try {
    const probe = await runAs('unprivileged', 'javascript', 'console.log("ok")');
    if (probe.uid !== NOBODY) return `setpriv did not switch to uid ${NOBODY}`;
    return probe.run?.stdout?.trim() === 'ok'
      ? undefined
      : `a jailed run as uid ${NOBODY} failed: ${JSON.stringify(probe).slice(0, 400)}`;
  } catch (err) {
    return (err as Error).message.slice(0, 400);
  }
})();
if (unprivilegedProblem)
  process.stderr.write(`sandbox escape tests as an unprivileged user skipped: ${unprivilegedProblem}\n`);

const users: [Who, string | undefined][] = [
  [isRoot ? 'root' : 'unprivileged', rootProblem],
  ...(isRoot ? [['unprivileged', unprivilegedProblem] as [Who, string | undefined]] : []),
];

describe.each(users)('sandbox escapes, run as %s', (who, problem) => {
  it.skipIf(problem !== undefined)(
    'setsid and a detached double fork: the run ends at its limit and no process of it is left',
    { timeout: 90_000 },
    async () => {
      const marker = `rodeo-setsid-${randomBytes(6).toString('hex')}`;
      const code = [
        'import os, sys',
        `M = ${JSON.stringify(marker)}`,
        'def sleeper():',
        "    os.execv(sys.executable, [sys.executable, '-I', '-S', '-c', 'import time; time.sleep(600)', M])",
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        sleeper()',
        '    os._exit(0)',
        'os.setsid()',
        "print('DETACHED', flush=True)",
        'sleeper()',
      ].join('\n');
      const [out, seen] = await watching(marker, () => runAs(who, 'python', code));
      // had the run waited for its processes, it would still be waiting (they sleep 600 s)
      expect(out.error).toBeUndefined();
      expect(out.run!.timedOut).toBe(true);
      expect(out.run!.stdout).toMatch(/DETACHED/);
      expect(seen.size).toBeGreaterThanOrEqual(2);
      expect(await survivors(seen, marker), 'processes of the run still alive').toEqual([]);
    },
  );

  it.skipIf(problem !== undefined)(
    'node children spawned detached (and a grandchild of an exited child) die with the run',
    { timeout: 90_000 },
    async () => {
      const marker = `rodeo-detached-${randomBytes(6).toString('hex')}`;
      const grandchild = `require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)', process.argv[1]], { detached: true, stdio: 'inherit' }).unref()`;
      const code = [
        "const { spawn } = require('node:child_process');",
        `const M = ${JSON.stringify(marker)};`,
        "const hold = (args) => spawn(process.execPath, args, { detached: true, stdio: 'inherit' }).unref();",
        `hold(['-e', ${JSON.stringify(grandchild)}, M]);`,
        "hold(['-e', 'setTimeout(() => {}, 600000)', M]);",
        "console.log('DETACHED');",
        'setTimeout(() => {}, 600000);',
      ].join('\n');
      const [out, seen] = await watching(marker, () => runAs(who, 'javascript', code));
      expect(out.error).toBeUndefined();
      expect(out.run!.timedOut).toBe(true);
      expect(seen.size).toBeGreaterThanOrEqual(2);
      expect(await survivors(seen, marker), 'processes of the run still alive').toEqual([]);
    },
  );

  it.skipIf(problem !== undefined)(
    'an interpreter installed under $HOME does not expose $HOME: the wallet stays unreadable',
    { timeout: 60_000 },
    async () => {
      const sandbox = { node: join(home, 'bin/node'), python: join(home, 'bin/python3') };
      const py = await runAs(
        who,
        'python',
        [
          'import os, sys',
          'print("EXE", sys.executable)',
          `for p in [${JSON.stringify(coldkey)}, ${JSON.stringify(join(home, '.bittensor'))}]:`,
          '    try:',
          '        print("READ", open(p).read() if os.path.isfile(p) else os.listdir(p))',
          '    except OSError as e:',
          '        print("DENIED", p, type(e).__name__)',
          `print("HOME", sorted(os.listdir(${JSON.stringify(home)})))`,
        ].join('\n'),
        sandbox,
      );
      expect(py.error).toBeUndefined();
      // the interpreter under the fake $HOME is the one that ran
      expect(py.run!.stdout).toContain(`EXE ${join(home, 'bin/python3')}`);
      expect(py.run!.stdout).not.toContain(SECRET);
      expect(py.run!.stdout).not.toMatch(/READ/);
      expect(py.run!.stdout?.match(/DENIED/g)).toHaveLength(2);
      expect(py.run!.stdout).toContain("HOME ['bin']");
      const js = await runAs(
        who,
        'javascript',
        `const fs = require('node:fs');\nconsole.log('EXE', process.execPath);\ntry { console.log('READ', fs.readFileSync(${JSON.stringify(coldkey)}, 'utf8')) } catch (e) { console.log('DENIED', e.code) }\nconsole.log('HOME', fs.readdirSync(${JSON.stringify(home)}).join(','));`,
        sandbox,
      );
      expect(js.error).toBeUndefined();
      expect(js.run!.stdout).toContain(`EXE ${join(home, 'bin/node')}`);
      expect(js.run!.stdout).not.toContain(SECRET);
      expect(js.run!.stdout).toMatch(/DENIED ENOENT/);
      expect(js.run!.stdout).toMatch(/HOME bin\n/);
    },
  );

  it.skipIf(problem !== undefined)(
    'a mount containing $HOME or a protected path is refused with a coded error naming it',
    { timeout: 60_000 },
    async () => {
      const protectedRun = await runAs(who, 'python', 'print(1)', {
        protect: ['/usr/share/rodeo-validator-data'],
      });
      expect(protectedRun.error?.code).toBe('DATASETS_SANDBOX_MOUNT_REFUSED');
      expect(protectedRun.error?.message).toMatch(
        /refuses to mount \/usr: it contains \/usr\/share\/rodeo-validator-data/,
      );
      const homeRun = await runAs(who, 'python', 'print(1)', {}, { HOME: '/usr/lib/rodeo-home' });
      expect(homeRun.error?.code).toBe('DATASETS_SANDBOX_MOUNT_REFUSED');
      expect(homeRun.error?.message).toMatch(/contains \/usr\/lib\/rodeo-home, \$HOME/);
    },
  );

  it.skipIf(problem !== undefined)(
    "the parent's environment cannot be read: not inherited, no /proc/<ppid>/environ",
    { timeout: 60_000 },
    async () => {
      const out = await runAs(
        who,
        'python',
        [
          'import os, json',
          'print("ENV", json.dumps(dict(os.environ)))',
          'for p in ["/proc/%d/environ" % os.getppid(), "/proc/1/environ", "/proc/self/environ"]:',
          '    try:',
          '        print("READ", p, open(p, "rb").read())',
          '    except OSError as e:',
          '        print("DENIED", p, type(e).__name__)',
        ].join('\n'),
      );
      expect(out.error).toBeUndefined();
      expect(out.run!.stdout).toMatch(/ENV \{/);
      expect(out.run!.stdout).not.toContain(ENV_SECRET);
      expect(out.run!.stdout).not.toMatch(/READ/);
      expect(out.run!.stdout?.match(/DENIED/g)).toHaveLength(3);
    },
  );

  it.skipIf(problem !== undefined)(
    'memory: several processes cannot together hold more than the limit (cgroup), or the limit is per process and says so',
    { timeout: 90_000 },
    async () => {
      // 4 children each hold 80 MiB under a 128 MiB limit; they all reach a barrier before any lets go
      const hold = (n: number) =>
        [
          'import os',
          `N = ${n}`,
          'go_r, go_w = os.pipe()',
          'kids = []',
          'for i in range(N):',
          '    r, w = os.pipe()',
          '    pid = os.fork()',
          '    if pid == 0:',
          '        os.close(r); os.close(go_w)',
          "        block = b'\\x01' * (80 << 20)",
          "        os.write(w, b'1'); os.close(w)",
          '        os.read(go_r, 1)',
          '        os._exit(0 if block[-1] == 1 else 3)',
          '    os.close(w)',
          '    kids.append((pid, r))',
          'os.close(go_r)',
          "held = sum(1 for _, r in kids if os.read(r, 1) == b'1')",
          'os.close(go_w)',
          'alive = sum(1 for pid, _ in kids if os.waitpid(pid, 0)[1] == 0)',
          "print('HELD', held, 'ALIVE', alive, flush=True)",
        ].join('\n');
      const sandbox = { memoryMb: 128, timeoutMs: 20_000 };
      const one = await runAs(who, 'python', hold(1), sandbox);
      expect(one.error).toBeUndefined();
      // one process alone fits: the limit below is not the per-process one
      expect(one.run!.stdout).toMatch(/ALIVE 1/);
      const four = await runAs(who, 'python', hold(4), sandbox);
      expect(four.error).toBeUndefined();
      const alive4 = Number(/ALIVE (\d+)/.exec(four.run!.stdout ?? '')?.[1] ?? 0);
      if (four.limits!.memoryScope === 'run') {
        expect(four.limits!.summary).toMatch(/128 MiB for the whole run \(cgroup\)/);
        expect(alive4).toBeLessThanOrEqual(1);
      } else {
        // no writable cgroup (unprivileged, no delegation): the limit is per process, and says so
        expect(four.limits!.summary).toMatch(/128 MiB per process \(RLIMIT_DATA\), not per run/);
        const big = await runAs(who, 'python', "x = b'\\x01' * (200 << 20)\nprint('ALLOCATED')", sandbox);
        expect(big.run!.stdout).not.toMatch(/ALLOCATED/);
      }
    },
  );
});
