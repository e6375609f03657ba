import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedUpstream, startScriptedUpstream } from '../localnet/scripted-upstream.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCKERFILE = join(ROOT, 'miner-template', 'Dockerfile');

/** The sources of the Dockerfile's COPY lines (the last word of each is the destination). */
function copySources(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .filter((l) => /^COPY\s/.test(l) && !l.includes('--from'))
    .flatMap((l) => l.trim().split(/\s+/).slice(1, -1));
}

/** A dockerignore glob as a regex over a relative path: `**` crosses folders, `*` does not. */
function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      re += '(?:/.*)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (glob[i] === '*') re += '[^/]*';
    else re += glob[i]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A .dockerignore as ordered [regex, excluded] rules; the last rule that matches a path decides. */
function ignoreRules(text: string): [RegExp, boolean][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => (l.startsWith('!') ? [globRegex(l.slice(1)), false] : [globRegex(l), true]));
}

function ignored(path: string, rules: [RegExp, boolean][]): boolean {
  let out = false;
  for (const [re, excluded] of rules) if (re.test(path)) out = excluded;
  return out;
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Builds the image's context as BuildKit would send it: COPY'd paths minus what the .dockerignore drops. */
function buildContext(into: string): string[] {
  const rules = ignoreRules(readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8'));
  const copied: string[] = [];
  for (const source of copySources(readFileSync(DOCKERFILE, 'utf8'))) {
    const from = join(ROOT, source);
    for (const file of statSync(from).isDirectory() ? files(from) : [from]) {
      const rel = relative(ROOT, file);
      if (ignored(rel, rules)) continue;
      mkdirSync(dirname(join(into, rel)), { recursive: true });
      cpSync(file, join(into, rel));
      copied.push(rel);
    }
  }
  return copied;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const dockerDaemon = (() => {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      stdio: 'pipe',
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
})();

describe('the miner image, from exactly what its Dockerfile copies', () => {
  let dir: string;
  let copied: string[];
  let upstream: ScriptedUpstream;
  let child: ChildProcess | undefined;
  let stderr = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rodeo-miner-image-'));
    copied = buildContext(dir);
    upstream = await startScriptedUpstream({
      answer: () => ({ events: [{ content: 'Hello' }, { content: ' from the image.' }] }),
    });
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies no test, test helper, simulator, dataset or validator code', () => {
    expect(copied.length).toBeGreaterThan(20);
    const tops = new Set(copied.map((f) => f.split('/')[0]));
    expect([...tops].sort()).toEqual([
      'chain',
      'config',
      'miner-template',
      'package-lock.json',
      'package.json',
      'protocol',
    ]);
    expect(copied.filter((f) => /\.test\.ts$|\/testing\/|\/simulator\/|^chain\/devnet\//.test(f))).toEqual(
      [],
    );
  });

  it('installs, starts, and streams one completion to the official openai client', async () => {
    execFileSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      {
        cwd: dir,
        stdio: 'pipe',
        timeout: 300_000,
      },
    );
    const port = await freePort();
    writeFileSync(
      join(dir, 'miner.json'),
      JSON.stringify({
        log: { level: 'warn', pretty: 'never' },
        miner: {
          host: '127.0.0.1',
          port,
          upstream: { baseUrl: upstream.url, model: 'scripted', apiKey: 'test' },
          tools: { searchOnComplex: false },
        },
      }),
    );
    // the Dockerfile's CMD, with settings from a file instead of the container's environment
    const cmd = JSON.parse(/^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(DOCKERFILE, 'utf8'))![1]!) as string[];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      RODEO_CONFIG: join(dir, 'miner.json'),
    };
    child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the miner exited with ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the miner did not answer /health within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'scripted',
      stream: true,
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello from the image.');
    if (dockerDaemon) {
      execFileSync('docker', ['build', '-f', DOCKERFILE, '-t', 'rodeo-miner-test', ROOT], {
        stdio: 'pipe',
        timeout: 600_000,
      });
      console.log('miner image: built with docker, and its context installed, started and streamed');
    } else {
      console.log(
        'miner image: no Docker daemon here, so the image context was built, installed, started and streamed; the image itself was not built',
      );
    }
  }, 420_000);
});
