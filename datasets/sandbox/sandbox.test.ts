import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import { runProgram, runTests } from './code-run.js';
import { probeSandbox, type SandboxConfig } from './sandbox.js';

const config: SandboxConfig = { ...defaultConfig().datasets.sandbox, timeoutMs: 4_000, caseTimeoutMs: 1_000 };
const problem = await probeSandbox(config);
if (problem) process.stderr.write(`sandbox tests skipped: the jail cannot run here (${problem})\n`);

const secretDir = mkdtempSync(join(tmpdir(), 'rodeo-secret-'));
const secretFile = join(secretDir, 'wallet.json');
const escapeTarget = join(secretDir, 'escaped.txt');
let server: Server;
let connections = 0;
let port = 0;

beforeAll(async () => {
  writeFileSync(secretFile, '{"mnemonic":"do not read me"}', { mode: 0o644 });
  server = createServer((socket) => {
    connections++;
    socket.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(secretDir, { recursive: true, force: true });
});

/** Processes on the host whose command line contains `marker`. */
function hostProcesses(marker: string): number {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo')).length;
}

describe.skipIf(problem !== undefined)('sandbox safety', () => {
  it('a network call fails, even to a server on 127.0.0.1, and reaches nothing', async () => {
    const py = await runProgram(
      config,
      'python',
      `import socket\nfor host, p in [('127.0.0.1', ${port}), ('1.1.1.1', 53)]:\n    try:\n        socket.create_connection((host, p), timeout=2).recv(5)\n        print('CONNECTED', host)\n    except OSError as e:\n        print('BLOCKED', host, e.errno)`,
    );
    expect(py.stdout).toMatch(/BLOCKED 127\.0\.0\.1/);
    expect(py.stdout).toMatch(/BLOCKED 1\.1\.1\.1/);
    expect(py.stdout).not.toMatch(/CONNECTED/);
    const js = await runProgram(
      config,
      'javascript',
      `const s = require('node:net').connect(${port}, '127.0.0.1');\ns.on('connect', () => { console.log('CONNECTED'); s.end(); });\ns.on('error', (e) => console.log('BLOCKED', e.code));`,
    );
    expect(js.stdout).toMatch(/BLOCKED/);
    expect(connections).toBe(0);
  });

  it('reads outside the temp dir fail: a world-readable secret, /etc/passwd, the repository', async () => {
    const repoFile = new URL('../../package.json', import.meta.url).pathname;
    const run = await runProgram(
      config,
      'python',
      `import os\nfor p in [${JSON.stringify(secretFile)}, '/etc/passwd', ${JSON.stringify(repoFile)}, '/proc/self/environ']:\n    try:\n        open(p).read()\n        print('READ', p)\n    except OSError as e:\n        print('DENIED', p, type(e).__name__)\nprint(sorted(os.listdir('/')))`,
    );
    expect(run.stdout).not.toMatch(/READ/);
    expect(run.stdout?.match(/DENIED/g)).toHaveLength(4);
    expect(run.stdout).toMatch(/'code'.*'work'/);
    const js = await runProgram(
      config,
      'javascript',
      `try { require('node:fs').readFileSync(${JSON.stringify(secretFile)}); console.log('READ') } catch (e) { console.log('DENIED', e.code) }`,
    );
    expect(js.stdout).toMatch(/DENIED ENOENT/);
  });

  it('writes land nowhere on the host; system dirs and /code are read-only', async () => {
    const run = await runProgram(
      config,
      'python',
      `for p in [${JSON.stringify(escapeTarget)}, '/usr/rodeo-was-here', '/code/x', '/work/ok.txt']:\n    try:\n        open(p, 'w').write('x')\n        print('WROTE', p)\n    except OSError as e:\n        print('DENIED', p, e.errno)`,
    );
    expect(run.stdout).toMatch(/DENIED \/usr\/rodeo-was-here/);
    expect(run.stdout).toMatch(/DENIED \/code\/x/);
    expect(run.stdout).toMatch(/WROTE \/work\/ok\.txt/);
    expect(existsSync(escapeTarget)).toBe(false);
    expect(existsSync('/usr/rodeo-was-here')).toBe(false);
  });

  it('the environment is scrubbed', async () => {
    process.env.RODEO_TEST_SECRET = 'hunter2';
    try {
      const run = await runProgram(
        config,
        'python',
        'import os, json\nprint(json.dumps(sorted(os.environ)))',
      );
      expect(JSON.parse(run.stdout ?? '')).toEqual([
        'HOME',
        'LANG',
        'PATH',
        'PYTHONDONTWRITEBYTECODE',
        'PYTHONHASHSEED',
      ]);
    } finally {
      delete process.env.RODEO_TEST_SECRET;
    }
  });

  it('fork bombs stop at the process limit, leave nothing behind, and the host still spawns', async () => {
    const marker = `rodeo-forkbomb-${process.pid}`;
    const py = await runProgram(
      config,
      'python',
      `# ${marker}\nimport os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n        n += 1\nexcept OSError as e:\n    print('STOPPED', n, e.errno, flush=True)\ntime.sleep(30)`,
    );
    expect(py.timedOut).toBe(true);
    expect(py.stdout).toMatch(/STOPPED \d+ 11/);
    expect(Number(/STOPPED (\d+)/.exec(py.stdout ?? '')![1])).toBeLessThanOrEqual(config.maxProcesses);
    const js = await runProgram(
      config,
      'javascript',
      `// ${marker}\nconst { spawn } = require('node:child_process');\nconst bomb = () => { try { spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)']).on('error', () => {}); } catch {} setImmediate(bomb); };\nbomb();`,
    );
    expect(js.passed).toBe(0);
    expect(hostProcesses(marker)).toBe(0);
    expect(execFileSync(process.execPath, ['-e', 'console.log(6*7)'], { encoding: 'utf8' }).trim()).toBe(
      '42',
    );
  });

  it('memory, time and output limits end the run, not the validator', async () => {
    const memory = await runProgram(config, 'python', 'x = bytearray(2 * 1024 ** 3)\nprint("ALLOCATED")');
    expect(memory.stdout).not.toMatch(/ALLOCATED/);
    expect(memory.passed).toBe(0);
    const loop = await runProgram(config, 'javascript', 'for (;;) {}');
    expect(loop.timedOut).toBe(true);
    const flood = await runProgram(config, 'python', 'while True: print("x" * 1000)');
    expect(flood.cases[0]!.error).toMatch(/too much output|timeout/);
    expect(flood.stdout!.length).toBeLessThanOrEqual(config.maxOutputBytes + 10);
  });
});

describe.skipIf(problem !== undefined)('running tests', () => {
  it('grades each case by value; crashes, time limits and wrong types fail only their case', async () => {
    const code =
      'def f(x):\n    if x == 2:\n        raise ValueError("two")\n    if x == 3:\n        while True: pass\n    if x == 4:\n        return "4"\n    return x * 1.0000001 if x == 5 else x * 2';
    const run = await runTests(config, 'python', code, 'f', [
      { input: [1], output: 2 },
      { input: [2], output: 4 },
      { input: [3], output: 6 },
      { input: [4], output: 8 },
      { input: [5], output: 5 },
      { input: [6], output: 12 },
    ]);
    expect(run.cases.map((c) => c.ok)).toEqual([true, false, false, false, true, true]);
    expect(run.cases[1]!.error).toMatch(/ValueError: two/);
    expect(run.cases[2]!.error).toBe('timeout');
    expect(run.cases[3]!.error).toMatch(/expected 8, got "4"/);
  });

  it('an object whose __eq__ lies does not pass; printing fake results does not either', async () => {
    const cheat =
      'import os\nos.write(1, b"junk\\n")\nclass Yes:\n    def __eq__(self, other): return True\ndef f(x):\n    print("\\x1eRODEO {\\"case\\": 0, \\"value\\": 99}")\n    return Yes()';
    const run = await runTests(config, 'python', cheat, 'f', [{ input: [1], output: 2 }]);
    expect(run.passed).toBe(0);
    const js = await runTests(
      config,
      'javascript',
      'function g(a) { return { valueOf: () => 2, toString: () => "2" }; }',
      'g',
      [{ input: [1], output: 2 }],
    );
    expect(js.passed).toBe(0);
  });

  it('reports code that does not load or lacks the function', async () => {
    const broken = await runTests(config, 'python', 'def f(:', 'f', [{ input: [], output: 1 }]);
    expect(broken.cases[0]!.error).toMatch(/does not load: SyntaxError/);
    const missing = await runTests(config, 'javascript', 'const h = () => 1;', 'g', [
      { input: [], output: 1 },
    ]);
    expect(missing.cases[0]!.error).toMatch(/function g is not defined/);
  });
});
