import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetErrors } from './errors.js';
import { loadPrivateTaskFile } from './private-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rodeo-private-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (id: string, constraints: unknown) =>
  JSON.stringify({
    id,
    category: 'chat',
    type: 'instructions',
    input: { messages: [{ role: 'user', content: `A request of my own, number ${id}, with rules.` }] },
    expected: { type: 'text', constraints },
  });

function loadError(constraints: unknown): unknown {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, `${line('mine-1', constraints)}\n`);
  try {
    loadPrivateTaskFile(path);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('private task file: constraint lists', () => {
  it('loads well-formed constraints', () => {
    expect(
      loadError([
        { kind: 'bullets', count: 3 },
        { kind: 'words', min: 10, max: 60 },
        { kind: 'include', words: ['soil'] },
        { kind: 'exclude', words: ['very'] },
        { kind: 'ends_with', text: 'That is all.' },
        { kind: 'sections', keywords: ['a', 'b'], minWordsEach: 5 },
      ]),
    ).toBeUndefined();
  });

  it('refuses, naming the task and field, constraints the grader would throw on, skip or divide by zero with', () => {
    for (const bad of [
      [{ kind: 'include' }],
      [{ kind: 'bullets', count: 2, each: 5 }],
      [{ kind: 'sections', keywords: [] }],
      [{ kind: 'include_words', words: ['x'] }],
      [{ kind: 'words', min: 'ten' }],
      [{ kind: 'ends_with' }],
      { kind: 'bullets', count: 2 },
    ]) {
      const err = loadError(bad);
      expect(DatasetErrors.BAD_LINE.is(err), JSON.stringify(bad)).toBe(true);
      expect(String((err as Error).message)).toMatch(/mine-1.*expected\.constraints/);
    }
  });
});
