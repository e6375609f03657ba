/** The scripted upstream and the miner (its container entry point), each in a process of its own. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MinerProcesses {
  /** Upstream base URL (…/v1). */
  upstreamUrl: string;
  /** Miner base URL (…/v1). */
  minerUrl: string;
  minerPid: number;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `localnet/scripted-upstream-main.ts` with `upstreamArgs` and a miner in front of it
 * (`miner-template/main.ts`, settings by environment, e.g. { RODEO_MINER_PACER_MODE: 'passthrough' } on top
 * of the caller's RODEO_* variables); resolves once the miner answers /health.
 */
export async function startMinerProcesses(
  upstreamArgs: string[],
  minerEnv: Record<string, string> = {},
  /** Extra node flags for the miner process (e.g. --cpu-prof). */
  minerNodeArgs: string[] = [],
  /** Another checkout's miner (a baseline) in front of an upstream already running at `upstreamUrl`. */
  other?: { root: string; upstreamUrl: string },
): Promise<MinerProcesses> {
  const children: ChildProcess[] = [];
  const start = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: other?.root ?? root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    return child;
  };
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
  };
  try {
    const upstreamUrl =
      other?.upstreamUrl ??
      (await new Promise<string>((resolve) => {
        const up = start(['--import', 'tsx', 'localnet/scripted-upstream-main.ts', ...upstreamArgs]);
        up.stdout!.once('data', (b: Buffer) => resolve((JSON.parse(b.toString()) as { url: string }).url));
      }));
    const port = await freePort();
    const miner = start([...minerNodeArgs, 'miner-template/main.ts'], {
      RODEO_LOG_LEVEL: 'warn',
      RODEO_MINER_HOST: '127.0.0.1',
      RODEO_MINER_PORT: String(port),
      RODEO_MINER_UPSTREAM_BASE_URL: upstreamUrl,
      ...minerEnv,
    });
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      ) {
        return { upstreamUrl, minerUrl: `http://127.0.0.1:${port}/v1`, minerPid: miner.pid!, stop };
      }
      await sleep(100);
    }
    throw new Error('the miner did not answer /health within 30 s');
  } catch (err) {
    stop();
    throw err;
  }
}
