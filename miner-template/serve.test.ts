import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, silentLogger } from '../config/index.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../localnet/scripted-upstream.js';
import { MinerErrors } from './errors.js';
import { isLoopbackUrl, missingKeyWarning, serveMiner } from './serve.js';
import { minerConfig } from './testing/config.js';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = resolve(ROOT, 'miner-template/main.ts');
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_') && k !== 'CHUTES_API_KEY'),
  );

/** Runs miner-template/main.ts as the container does (node --import tsx), with the given env and args. */
function startMain(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
  });
  return { out: () => out, err: () => err };
}

describe('miner defaults', () => {
  it('listens on 127.0.0.1 unless told otherwise; the Dockerfile opens it to all interfaces', async () => {
    expect(defaultConfig().miner.host).toBe('127.0.0.1');
    const miner = await serveMiner(minerConfig({ port: 0 }), { logger: silentLogger });
    try {
      expect((miner.app.server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await miner.close();
    }
    expect(readFileSync(resolve(ROOT, 'miner-template/Dockerfile'), 'utf8')).toMatch(
      /RODEO_MINER_HOST=0\.0\.0\.0/,
    );
  });

  it('bench targets the port the miner listens on by default', () => {
    const config = defaultConfig();
    expect(new URL(config.bench.target).port).toBe(String(config.miner.port));
  });

  it('a busy port is a coded error that names the address and hints --port', async () => {
    const holder: Server = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    try {
      const err = await serveMiner(minerConfig({ port }), { logger: silentLogger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(MinerErrors.LISTEN_FAILED.is(err)).toBe(true);
      const shown = (err as { describe(): string }).describe();
      expect(shown).toContain(`127.0.0.1:${port}`);
      expect(shown).toContain('EADDRINUSE');
      expect(shown).toContain('--port');
    } finally {
      holder.close();
    }
  });
});

describe('missing upstream key warning', () => {
  const upstream = (baseUrl: string, apiKey?: string) =>
    minerConfig({ upstream: { baseUrl, apiKey } }).upstream;

  it('warns for a remote upstream without a key (Chutes by default), naming its host', () => {
    expect(missingKeyWarning(defaultConfig().miner.upstream)).toContain('llm.chutes.ai');
    expect(missingKeyWarning(upstream('https://api.example.com/v1'))).toContain('api.example.com');
  });

  it('stays quiet with a key, or with an upstream on this machine', () => {
    expect(missingKeyWarning(upstream('https://llm.chutes.ai/v1', 'k'))).toBeUndefined();
    for (const url of ['http://127.0.0.1:9000/v1', 'http://localhost:11434/v1', 'http://[::1]:8000/v1'])
      expect(missingKeyWarning(upstream(url)), url).toBeUndefined();
    expect(isLoopbackUrl('http://127.0.0.1.example.com/v1')).toBe(false);
  });
});

describe('miner-template/main.ts', () => {
  let local: ScriptedUpstream;
  beforeAll(async () => {
    local = await startScriptedUpstream({ answer: () => ({ events: [{ content: 'hi' }] }) });
  });
  afterAll(() => local?.close());

  it('--help prints the settings and exits 0 without serving', { timeout: 60_000 }, async () => {
    const child = startMain(['--help'], { RODEO_MINER_PORT: '0' });
    const io = collect(child);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(io.out()).toContain('RODEO_MINER_HOST');
    expect(io.out()).toContain('CHUTES_API_KEY');
    expect(io.out()).toContain('"127.0.0.1"');
    expect(io.err()).not.toContain('listening');
  });

  it('refuses an unknown argument instead of serving', { timeout: 60_000 }, async () => {
    const child = startMain(['--port', '9'], { RODEO_MINER_PORT: '0' });
    const io = collect(child);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(io.err()).toContain('unknown argument "--port"');
  });

  it('serves a local upstream without warning about a key', { timeout: 60_000 }, async () => {
    const child = startMain([], {
      RODEO_MINER_PORT: '0',
      RODEO_MINER_UPSTREAM_BASE_URL: local.url,
      RODEO_LOG_LEVEL: 'info',
    });
    const io = collect(child);
    try {
      await new Promise<void>((ok, fail) => {
        const check = () => {
          if (/miner listening/.test(io.err())) ok();
        };
        child.stderr!.on('data', check);
        child.on('exit', (code) => fail(new Error(`main.ts exited with ${code}: ${io.err()}`)));
      });
      expect(io.err()).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+"/);
      expect(io.err()).not.toContain('API key');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});
