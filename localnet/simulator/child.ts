import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Task } from '../../datasets/index.js';
import { SimulatorErrors } from './errors.js';
import type { Simulator } from './server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// compiled (dist/): run the compiled main; from the sources: through tsx
const COMPILED = import.meta.url.endsWith('.js');
const MAIN = fileURLToPath(new URL(COMPILED ? './main.js' : './main.ts', import.meta.url));

/**
 * Adds one round of tasks to a simulator running in another process (POST {origin}/tasks), under `feed`
 * (the validator whose round they are; each feed keeps its own recent rounds).
 */
export async function sendTasks(origin: string, tasks: readonly Task[], feed = ''): Promise<void> {
  const res = await fetch(`${origin}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tasks, feed }),
  });
  if (!res.ok) throw SimulatorErrors.BAD_TASKS(`${origin} answered ${res.status}: ${await res.text()}`);
}

export interface SimulatorProcess extends Simulator {
  pid: number;
  /** Adds one round of tasks to the process's index, under `feed` (the validator that drew them). */
  add(tasks: readonly Task[], feed?: string): Promise<void>;
}

/**
 * The simulator in a child process (main.ts), so its timers keep time while the parent (a validator, a
 * bench) is busy. Its logs go to this process's stderr; close() stops it with SIGTERM.
 */
export async function spawnSimulator(options: {
  port: number;
  rounds: number;
  profiles: readonly string[];
}): Promise<SimulatorProcess> {
  const args = ['--port', String(options.port), '--rounds', String(options.rounds)];
  const child = spawn(
    process.execPath,
    [...(COMPILED ? [] : ['--import', 'tsx']), MAIN, ...args, '--profiles', options.profiles.join(',')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([once(lines, 'line'), exited]);
  lines.close();
  if (child.exitCode !== null || child.signalCode !== null) {
    throw SimulatorErrors.NO_PROCESS(`exited with ${child.exitCode ?? child.signalCode} before listening`);
  }
  const { origin, urls } = JSON.parse(String(first[0])) as { origin: string; urls: Record<string, string> };
  return {
    pid: child.pid!,
    origin,
    url(name: string) {
      const url = urls[name];
      if (!url) throw SimulatorErrors.UNKNOWN_PROFILE(name, Object.keys(urls).join(', '));
      return url;
    },
    add: (tasks, feed) => sendTasks(origin, tasks, feed),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
