import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import type { ChainClient } from '../chain/index.js';
import { PACKAGE_ROOT } from '../config/index.js';
import { buildManifest } from '../miner-template/index.js';
import { manifestSha256 } from '../protocol/index.js';
import { LocalnetErrors } from './errors.js';
import type { FieldMiner } from './field.js';
import { freePort } from './free-port.js';

export interface RunningFieldMiner {
  miner: FieldMiner;
  endpoint: string;
  child: ChildProcess;
  /** sha256 of the canonical manifest, as committed. */
  sha256: string;
}

const rodeoBin = join(PACKAGE_ROOT, 'bin', 'rodeo.mjs');

/** The environment of a miner process: ours without RODEO_* settings or upstream keys. */
function minerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('RODEO_') && k !== 'CHUTES_API_KEY') env[k] = v;
  return env;
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  configFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw LocalnetErrors.MINER_EXITED(url, child.exitCode, configFile);
    try {
      const res = await request(`${url}/health`, { headersTimeout: 1000, bodyTimeout: 1000 });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw LocalnetErrors.MINER_NOT_READY(url, timeoutMs);
}

/**
 * Starts one real `rodeo miner serve` process per field miner, each in front of its profile's simulated
 * upstream, with a config file written to `dir` (so it can be rerun by hand).
 */
export async function startFieldMiners(
  miners: FieldMiner[],
  upstreamFor: (m: FieldMiner) => string,
  dir: string,
): Promise<RunningFieldMiner[]> {
  const running: RunningFieldMiner[] = [];
  const configFiles: string[] = [];
  try {
    const taken = new Set<number>();
    for (const miner of miners) {
      // a port freed a moment ago can be handed out again before the miner before binds it
      let port = await freePort();
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      const endpoint = `http://127.0.0.1:${port}`;
      const submission = {
        name: miner.name,
        image: miner.image,
        sourceUrl: 'https://github.com/rodeo-devnet/simulated-engine',
        sourceCommit: miner.sourceCommit,
        license: 'MIT' as const,
        endpoint,
        hotkey: miner.hotkey.address,
        components: [],
      };
      const config = {
        log: { level: 'warn', pretty: 'never' },
        miner: {
          host: '127.0.0.1',
          port,
          upstream: { baseUrl: upstreamFor(miner), model: `sim-${miner.profile}`, apiKey: 'simulation' },
          tools: { searchOnComplex: false },
          submission,
        },
      };
      const file = join(dir, `miner-${miner.index}-${miner.profile}.json`);
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      const child = spawn(process.execPath, [rodeoBin, '--config', file, 'miner', 'serve'], {
        env: minerEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const sha256 = manifestSha256(buildManifest(submission));
      running.push({ miner, endpoint, child, sha256 });
      configFiles.push(file);
    }
    // a miner process loads the whole CLI through tsx: on a shared, busy machine that alone took over 30 s
    await Promise.all(running.map((r, i) => waitHealthy(r.endpoint, r.child, 90_000, configFiles[i]!)));
  } catch (err) {
    await stopFieldMiners(running);
    throw err;
  }
  return running;
}

/** Commits each miner's manifest hash (Sha256) and endpoint (Raw), in field order. */
export async function commitSubmissions(
  client: ChainClient,
  netuid: number,
  running: RunningFieldMiner[],
): Promise<void> {
  for (const r of running) {
    await client.setCommitment(r.miner.hotkey, netuid, [{ sha256: `0x${r.sha256}` }, { raw: r.endpoint }]);
  }
}

export async function stopFieldMiners(running: RunningFieldMiner[]): Promise<void> {
  await Promise.all(
    running.map(
      (r) =>
        new Promise<void>((resolve) => {
          if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
          r.child.once('exit', () => resolve());
          r.child.kill('SIGTERM');
          setTimeout(() => r.child.kill('SIGKILL'), 3000).unref();
        }),
    ),
  );
}
