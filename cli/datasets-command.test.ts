import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePrivateTasks } from '../datasets/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rodeo-datasets-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rodeo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/rodeo.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('rodeo datasets', { timeout: 120_000 }, () => {
  it('sample prints the private tasks of a seed, as the validators draw them', async () => {
    const out = await rodeo(
      'datasets',
      'sample',
      '--suite',
      'private/rotating',
      '--seed',
      '0xabc',
      '--n',
      '20',
      '--json',
    );
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(JSON.parse(JSON.stringify(generatePrivateTasks('0xabc', 20))));
    const table = await rodeo('datasets', 'sample', '--suite', 'public/dev', '--subset', '10', '--seed', '7');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/chat_dev_\d{3}/);
  });

  it('list shows suites and benchmarks', async () => {
    const out = await rodeo('datasets', 'list', '--json');
    const { suites, benchmarks } = JSON.parse(out.stdout) as {
      suites: { name: string }[];
      benchmarks: { name: string }[];
    };
    expect(suites.map((s) => s.name)).toEqual(['public/train', 'public/dev', 'private/rotating']);
    expect(benchmarks.map((b) => b.name)).toContain('public_research');
  });

  it('validate accepts a good file and names the line and field of a bad one', async () => {
    const good = await rodeo('datasets', 'validate', 'datasets/suites/public/dev/knowledge.jsonl', '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ tasks: 11, referencesGraded: 11, referencesBelow90: [] });
    const path = join(dir, 'bad.jsonl');
    writeFileSync(
      path,
      '{"id":"a","category":"chat","input":{"messages":[{"role":"user","content":"hi"}]}}\n{"id":"b","category":"chat"}\n',
    );
    const bad = await rodeo('datasets', 'validate', path);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${path}:2: field input:`);
  });
});
