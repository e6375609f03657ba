import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `rodeo devnet --validators N` as a person runs it: the real CLI in a child process (devnet chain, N
 * validators, six miner processes, the simulator). Block time, round length and tasks are the CLI defaults,
 * the settings of test/devnet.test.ts. The child leads its own process group, so whatever it started can be
 * checked for (and, should the test fail, killed) by that group's id.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'rodeo.mjs');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<unknown>;
}

function rodeo(args: string[]): Run {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('RODEO_')) env[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
  });
  return { child, stdout: () => out, stderr: () => err, exited: once(child, 'exit') };
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pid: number, polls: number): Promise<boolean> {
  for (let i = 0; i < polls && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 250));
  return !groupAlive(pid);
}

/** Stops the run if it is still going (its own handler first), then anything left in its group. */
async function stop(run: Run): Promise<void> {
  const pid = run.child.pid!;
  if (run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill('SIGTERM');
    await Promise.race([run.exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
  if (!(await groupGone(pid, 20)) && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

async function waitFor(run: Run, pattern: RegExp, polls: number): Promise<boolean> {
  for (let i = 0; i < polls; i++) {
    if (pattern.test(run.stdout())) return true;
    if (run.child.exitCode !== null) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

describe('rodeo devnet --validators', () => {
  it('three validators on one subnet name the same champion; weight vectors agree (cosine >= 0.95); figures printed', {
    timeout: 900_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'rodeo-devnet-validators-'));
    const run = rodeo(['devnet', '--validators', '3', '--rounds', '3', '--chain-port', '0', '--data', data]);
    try {
      const [code] = (await run.exited) as [number | null];
      const out = run.stdout();
      process.stdout.write(`\n${out.slice(out.indexOf('Rodeo devnet finished'))}\n`);
      expect(out, run.stderr()).toMatch(/devnet: OK/);
      expect(code).toBe(0);

      const figures = [
        ...out.matchAll(
          /^ {2}validator (\d+): champion (\S+) · cosine (.+?) · vs stake-weighted consensus ([\d.]+) · validator trust: Yuma ([\d.]+), chain ([\d.]+)/gm,
        ),
      ];
      expect(figures.map((f) => Number(f[1]))).toEqual([1, 2, 3]);
      const champions = figures.map((f) => f[2]);
      expect(new Set(champions).size).toBe(1);
      expect(champions[0]).toBe('sim-strong');
      const pairwise = figures.flatMap((f) =>
        [...f[3]!.matchAll(/vs (\d+) ([\d.]+)/g)].map((m) => Number(m[2])),
      );
      expect(pairwise).toHaveLength(6); // each of the 3 pairs printed on both validators' lines
      for (const c of pairwise) expect(c).toBeGreaterThanOrEqual(0.95);
      for (const f of figures) {
        expect(Number(f[4])).toBeGreaterThanOrEqual(0.95); // agreeing with the others: little above the stake median
        expect(Number(f[5])).toBeGreaterThan(0.9);
        expect(Number(f[6])).toBeGreaterThan(0);
      }
      expect(out).toMatch(
        /same champion: yes · smallest pairwise cosine [\d.]+ \(target >= 0\.95\) · consensus OK/,
      );
      // each validator ran its own rounds from its own secret seed chain, replayed clean
      const lines = [
        ...out.matchAll(
          /^ {2}validator (\d) (\w+) uid \d+( \(pool payer\))?: 3 rounds, .*replay verified \(3 round seeds checked\)/gm,
        ),
      ];
      expect(lines.map((l) => l[1])).toEqual(['1', '2', '3']);
      expect(new Set(lines.map((l) => l[2])).size).toBe(3);
      expect(lines.map((l) => Boolean(l[3]))).toEqual([true, false, false]);
      // everything it started ended with it
      expect(await groupGone(run.child.pid!, 40)).toBe(true);
    } finally {
      await stop(run);
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('SIGTERM mid-run stops every validator, miner, the simulator and the chain, then exits 143', {
    timeout: 300_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'rodeo-devnet-sigterm-'));
    const run = rodeo(['devnet', '--validators', '2', '--rounds', '3', '--chain-port', '0', '--data', data]);
    try {
      expect(await waitFor(run, /^validator 2 \w+: dashboard (http:\/\/\S+),/m, 480), run.stderr()).toBe(
        true,
      );
      const dashboards = [
        ...run.stdout().matchAll(/^validator \d \w+(?: \(pool payer\))?: dashboard (http:\/\/\S+),/gm),
      ].map((m) => m[1]!);
      expect(dashboards).toHaveLength(2);
      for (const url of dashboards) expect((await fetch(`${url}/api/leaderboard`)).status).toBe(200);
      run.child.kill('SIGTERM');
      const [code, signal] = (await run.exited) as [number | null, NodeJS.Signals | null];
      // its own handler ran (a process killed by the signal would report signal SIGTERM and no code)
      expect(signal).toBeNull();
      expect(code).toBe(143);
      expect(run.stderr()).toMatch(/stopped by SIGTERM: every validator, miner, the simulator and the chain/);
      expect(await groupGone(run.child.pid!, 40)).toBe(true);
      for (const url of dashboards) await expect(fetch(`${url}/api/leaderboard`)).rejects.toThrow();
    } finally {
      await stop(run);
      rmSync(data, { recursive: true, force: true });
    }
  });
});
