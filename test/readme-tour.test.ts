import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's tour, run as printed. Every command of the README's ```bash blocks, and every `rodeo ...`
 * command in the prose of "A five-minute tour", is run as a child process (`rodeo` being this clone's
 * bin/rodeo.mjs, which `npm link` puts on the PATH), in a temp folder, against a `rodeo devnet --keep` started
 * here; each must exit 0. What is substituted is only what a reader substitutes: the devnet's chain URL,
 * netuid, ledger path, validator hotkey and a miner's endpoint for the README's placeholders and examples.
 *
 * Not run as printed, and why (each listed in EXCEPTIONS below):
 * - long-running servers (`rodeo validator run`, `rodeo miner serve`): run with --help instead;
 * - `rodeo devnet` itself: it is the devnet this test starts (with --keep, as tour step 2 says);
 * - `npm ci`, `npm link`, `npm test`: set-up of the clone this test runs in (npm ci would replace node_modules
 *   under the running tests, npm link writes to npm's global folder, npm test would run this test again);
 *   instead the test checks that package.json wires what they rely on (prepare builds dist/, the bin);
 * - `rodeo miner commit`: it needs your own funded, registered hotkey and a submission in your config; the
 *   devnet commits its miners' submissions itself. Run with --help.
 * - a bare command name in the prose (`rodeo bench` in "nothing listening at the target `rodeo bench` exits
 *   1"): a name, not a command line; run with --help.
 * A command the README gains that this test does not know fails the test, so the tour stays covered.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'rodeo.mjs');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Lines of the README's ```bash blocks (comments dropped), and `rodeo ...` spans of the tour's prose. */
function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line) out.push(line);
    }
  }
  const tour = README.slice(
    README.indexOf('## A five-minute tour'),
    README.indexOf('## Running a validator'),
  );
  const prose = tour.replace(/```[\s\S]*?```/g, '');
  for (const span of prose.matchAll(/`(rodeo [^`]+)`/g)) out.push(span[1]!.replace(/\s+/g, ' '));
  return out;
}

interface Devnet {
  child: ChildProcess;
  out: string;
  chain: string;
  netuid: string;
  ledger: string;
  validator: string;
  miner: string;
}

const runs: string[] = [];
let devnet: Devnet | undefined;

function rodeo(cwd: string, commandLine: string, env: NodeJS.ProcessEnv = {}): void {
  // a shell runs the line as printed (redirections included); `rodeo` is this clone's bin
  const line = commandLine.replace(/(^|[\s;&|])rodeo /g, `$1${process.execPath} ${BIN} `);
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', line], {
    cwd,
    env: { ...process.env, RODEO_CONFIG: '', ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  runs.push(
    `${r.status === 0 ? 'ok  ' : 'FAIL'} ${((performance.now() - t0) / 1000).toFixed(1)} s  ${commandLine}`,
  );
  expect(r.status, `${commandLine}\nexit ${r.status}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

async function startDevnet(data: string): Promise<Devnet> {
  const child = spawn(
    process.execPath,
    [BIN, 'devnet', '--keep', '--rounds', '2', '--tasks', '2', '--chain-port', '0', '--data', data],
    { cwd: ROOT, env: { ...process.env, RODEO_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no summary within 600 s:\n${out}`)), 600_000);
    const check = setInterval(() => {
      if (out.includes('rounds sealed, more to come')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 500);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`rodeo devnet exited with ${code}:\n${out}`));
    });
  });
  const pick = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`rodeo devnet did not print ${re}:\n${out}`);
    return m[1]!;
  };
  return {
    child,
    out,
    chain: pick(/devnet chain: (ws:\/\/\S+)/),
    netuid: pick(/subnet (\d+): validator/),
    validator: pick(/subnet \d+: validator (\S+)/),
    ledger: pick(/^ledger: (\S+)$/m),
    miner: pick(/sim-strong (http:\/\/127\.0\.0\.1:\d+)/),
  };
}

/** Stops the devnet as a person would (Ctrl-C); it prints the rounds sealed and the ledger path. */
async function stopDevnet(d: Devnet): Promise<string> {
  if (d.child.exitCode !== null) return '';
  const exited = new Promise<number | null>((resolve) => d.child.once('exit', resolve));
  let tail = '';
  d.child.stdout!.on('data', (b: Buffer) => {
    tail += b.toString();
  });
  d.child.kill('SIGINT');
  const code = await exited;
  expect(code, tail).toBe(0);
  return tail;
}

describe('the README tour, as printed', () => {
  afterAll(async () => {
    // SIGINT lets the devnet stop its miners and simulator; SIGKILL only if it does not exit
    if (devnet && devnet.child.exitCode === null) {
      const child = devnet.child;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    }
    process.stdout.write(`README commands run:\n${runs.join('\n')}\n`);
  });

  it('every command in the README runs and exits 0 (servers with --help)', {
    timeout: 1_500_000,
  }, async () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(10);
    const cwd = mkdtempSync(join(tmpdir(), 'rodeo-tour-'));
    copyFileSync(join(ROOT, 'datasets/suites/public/dev/chat.jsonl'), join(cwd, 'their-tasks.jsonl'));
    devnet = await startDevnet(join(cwd, 'devnet'));
    const d = devnet;
    // not a TTY: a plain log, no cursor movement
    expect(d.out).not.toContain('\x1b[');

    // what a reader substitutes: the README's example target and placeholders, the devnet's chain and paths
    const substitute = (c: string) =>
      c
        .replaceAll('http://127.0.0.1:8080', d.miner)
        .replace(/--chain (finney|test|local)\b/, `--chain ${d.chain}`)
        .replace(/--netuid N\b/, `--netuid ${d.netuid}`)
        .replace('@sha256:...', `@sha256:${'ab'.repeat(32)}`)
        .replace('--source-url ...', '--source-url https://github.com/me/engine')
        .replace('--source-commit ...', `--source-commit ${'c0ffee12'.repeat(5)}`)
        .replace('<the ledger path the devnet printed>', d.ledger)
        .replace(/\bREPORT\b/, 'report.json')
        .replace('A.json B.json', 'report.json report.json')
        .replace('--ledger DIR', `--ledger ${d.ledger}`);

    const afterStop: string[] = [];
    const seen = new Set<string>();
    for (const command of commands) {
      if (seen.has(command)) continue;
      seen.add(command);
      if (/^npm /.test(command)) {
        // set-up of this clone (see the header): what npm ci and npm link rely on
        const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        expect(pkg.scripts.prepare).toMatch(/bin\/build\.mjs/);
        expect(pkg.bin.rodeo).toBe('bin/rodeo.mjs');
        runs.push(`set-up (not run here) ${command}`);
        continue;
      }
      if (/^rodeo devnet\b/.test(command)) {
        runs.push(`started above ${command}`);
        continue;
      }
      const server = /^(\S+=\S+ )?rodeo (validator run|miner serve)\b/.exec(command);
      const needsOwnKey = /^rodeo miner commit\b/.test(command);
      const bareName = /^rodeo [a-z]+$/.test(command);
      if (server || needsOwnKey || bareName) {
        const env = Object.fromEntries(
          [...command.matchAll(/^(\w+)=(\S+) /g)].map((m) => [m[1]!, m[2]!]),
        ) as NodeJS.ProcessEnv;
        rodeo(cwd, `${command.replace(/^(\w+=\S+ )+/, '')} --help`, env);
        continue;
      }
      if (/^rodeo (replay|ledger)\b/.test(command)) {
        // the ledger is locked while the devnet's validator writes it: these run once it is stopped
        afterStop.push(command);
        continue;
      }
      if (/^rodeo /.test(command)) {
        rodeo(cwd, substitute(command));
        continue;
      }
      throw new Error(`the README has a command this test does not know how to run: ${command}`);
    }

    const stopped = await stopDevnet(d);
    expect(stopped).toContain(`ledger: ${d.ledger}`);
    for (const command of afterStop) rodeo(cwd, substitute(command));
    expect(runs.filter((r) => r.startsWith('ok')).length).toBeGreaterThan(8);
  });
});
