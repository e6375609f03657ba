import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from './main.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/rodeo.mjs');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage', 'perf', 'test']);

/** Every source file (no tests) under the repository, as [path, text]. */
function sources(dir = ROOT): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      out.push([path, readFileSync(path, 'utf8')]);
  }
  return out;
}

/**
 * The `rodeo ...` commands named in hints: everything in an errors module, and lines that say `hint` elsewhere
 * (the CLI prints hints of its own). Template placeholders (${...}) stand for values.
 */
function hintedCommands(): { command: string; where: string }[] {
  const found = new Map<string, string>();
  for (const [path, text] of sources()) {
    const isErrors = /(^|\/)errors\.ts$/.test(path);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!isErrors && !/hint/i.test(line)) return;
      for (const m of line.matchAll(/`rodeo ([^`]+?)\\?`/g)) {
        const command = m[1]!.trim();
        if (!found.has(command)) found.set(command, `${relative(ROOT, path)}:${i + 1}`);
      }
    });
  }
  return [...found].map(([command, where]) => ({ command, where }));
}

/** Runs the CLI entry in this process, capturing what it writes and the exit code it sets. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await main(['node', 'rodeo', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}

/** Every command path of the program: [['bench'], ['bench', 'show'], ...]. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) =>
    c.name() === 'help' ? [] : [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])],
  );
}

/** Resolves `rodeo a b --x V ...` against the program: the command, or what does not exist in it. */
function resolveHint(words: string[]): { path: string[]; problems: string[] } {
  let cmd: Command = buildProgram();
  const path: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const next = cmd.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]!));
    if (!next) break;
    cmd = next;
    path.push(next.name());
  }
  const problems: string[] = [];
  if (path.length === 0) problems.push(`no command ${JSON.stringify(words[0])}`);
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.push(c);
  const option = (flag: string): Option | undefined =>
    chain.flatMap((c) => c.options as Option[]).find((o) => o.long === flag || o.short === flag);
  let positional = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      const flag = word.split('=')[0]!;
      if (flag === '--help' || flag === '-h') continue;
      const o = option(flag);
      if (!o) problems.push(`\`rodeo ${path.join(' ')}\` has no option ${flag}`);
      else if ((o.required || o.optional) && !word.includes('=')) i++;
    } else positional++;
  }
  const args = cmd.registeredArguments;
  if (positional > args.length && !args.at(-1)?.variadic && path.length > 0)
    problems.push(`\`rodeo ${path.join(' ')}\` takes ${args.length} arguments, the hint gives ${positional}`);
  return { path, problems };
}

describe('hints name commands that exist', () => {
  const hints = hintedCommands();

  it('finds the hints (the collector works)', () => {
    const commands = hints.map((h) => h.command);
    expect(commands).toContain('miner serve');
    expect(commands).toContain('config env');
    expect(hints.length).toBeGreaterThan(8);
  });

  it('the collector catches a command or flag that does not exist', () => {
    expect(resolveHint(['config', 'print', '--nope']).problems).toEqual([
      '`rodeo config print` has no option --nope',
    ]);
    expect(resolveHint(['minr', 'serve']).problems).toEqual(['no command "minr"']);
    expect(resolveHint(['ledger', 'info', 'extra', 'words']).problems).toHaveLength(1);
  });

  it('every hinted command resolves, and its --help through the CLI entry exits 0 and shows each hinted flag', async () => {
    const failures: string[] = [];
    for (const { command, where } of hints) {
      const words = command.split(/\s+/);
      const { path, problems } = resolveHint(words);
      for (const p of problems) failures.push(`${where}: \`rodeo ${command}\`: ${p}`);
      if (problems.length) continue;
      const help = await run([...path, '--help']);
      if (help.code !== 0) failures.push(`${where}: \`rodeo ${path.join(' ')} --help\` exited ${help.code}`);
      for (const flag of words.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]!))
        if (flag !== '--help' && !help.stdout.includes(flag))
          failures.push(`${where}: \`rodeo ${path.join(' ')} --help\` does not show ${flag}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('--help', () => {
  it('works for every rodeo subcommand: exit 0, usage of that command, nothing run', async () => {
    const paths = commandPaths(buildProgram());
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const help = await run([...path, '--help']);
      expect(help.code, path.join(' ')).toBe(0);
      expect(help.stdout, path.join(' ')).toMatch(new RegExp(`^Usage: rodeo ${path.join(' ')}\\b`));
      expect(help.stderr, path.join(' ')).toBe('');
    }
  });

  it('works through bin/rodeo.mjs for a nested command', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'bench', 'compare', '--help']);
    expect(stdout).toMatch(/^Usage: rodeo bench compare \[options\] <a> <b>/);
  });
});

describe('expected failures are coded errors that name what the user typed', () => {
  const rejects = async (args: string[]) => {
    const r = await run(args);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr, args.join(' ')).not.toContain('unexpected error');
    return r.stderr;
  };

  it('a bad --timeout names --timeout (and the setting it sets), not --bench.requestTimeoutMs', async () => {
    const stderr = await rejects(['bench', '--timeout', 'abc']);
    expect(stderr).toContain('rodeo: CONFIG_INVALID');
    expect(stderr).toContain('--timeout "abc": not a number');
    expect(stderr).toContain('(setting bench.requestTimeoutMs)');
    expect(stderr).not.toContain('--bench.requestTimeoutMs');
    expect(stderr).not.toContain('received string');
  });

  it('other bad flag values name their flags', async () => {
    expect(await rejects(['bench', '--ttft-timeout', '-5'])).toContain('--ttft-timeout -5:');
    expect(await rejects(['bench', '--subset', '0'])).toContain('--subset 0:');
    expect(await rejects(['bench', '-t', 'localhost:8080'])).toContain('--target "localhost:8080"');
    expect(await rejects(['miner', 'serve', '--port', 'abc'])).toContain('--port "abc": not a number');
    expect(await rejects(['miner', 'serve', '--port', '70000'])).toContain('--port 70000:');
    expect(await rejects(['--log-level', 'loud', 'config', 'print'])).toContain('--log-level "loud"');
    expect(await rejects(['validator', 'run', '--rounds', 'abc'])).toContain(
      "option '--rounds <n>' argument 'abc' is invalid. a number of rounds is an integer >= 1",
    );
    expect(await rejects(['devnet', '--miners', 'abc'])).toContain(
      "option '--miners <n>' argument 'abc' is invalid. --miners must be an integer >= 2",
    );
    expect(await rejects(['bench', 'show', join(ROOT, 'no-such-report.json')])).toContain(
      'BENCH_REPORT_UNREADABLE',
    );
  });

  it('rodeo devnet --data on a folder that holds an earlier ledger is a coded error naming it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rodeo-devnet-data-'));
    try {
      mkdirSync(join(data, 'ledger'));
      writeFileSync(join(data, 'ledger', 'CURRENT'), 'x');
      const stderr = await rejects(['devnet', '--data', data, '--rounds', '1']);
      expect(stderr).toContain('DEVNET_DATA_NOT_EMPTY');
      expect(stderr).toContain(join(data, 'ledger'));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  describe('a busy port', () => {
    let holder: ReturnType<typeof createServer>;
    let port: number;
    beforeAll(async () => {
      holder = createServer();
      holder.listen(0, '127.0.0.1');
      await once(holder, 'listening');
      port = (holder.address() as AddressInfo).port;
    });
    afterAll(() => holder?.close());

    it('`miner serve` on it is MINER_LISTEN_FAILED with a --port hint', async () => {
      const stderr = await rejects([
        '--log-level',
        'silent',
        'miner',
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
      ]);
      expect(stderr).toContain('rodeo: MINER_LISTEN_FAILED');
      expect(stderr).toContain(`127.0.0.1:${port}`);
      expect(stderr).toContain('EADDRINUSE');
      expect(stderr).toContain('--port N');
    });
  });
});
