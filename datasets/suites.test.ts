import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { AUTHORED, toJsonl } from './authoring/index.js';
import { DatasetErrors } from './errors.js';
import { evaluate } from './evaluate/index.js';
import { gatherEvidence, needsEvidence } from './gather.js';
import { answerFromReference } from './reference.js';
import { sampleTasks } from './sample.js';
import { probeSandbox } from './sandbox/sandbox.js';
import { listBenchmarks, listSuites, loadJsonlFile, loadSuite, TASK_TYPES } from './suites.js';
import { CATEGORIES, type Task } from './task.js';

const sandbox = defaultConfig().datasets.sandbox;
const sandboxProblem = await probeSandbox(sandbox);
const tmp = mkdtempSync(join(tmpdir(), 'rodeo-suites-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const suites = { 'public/train': loadSuite('public/train'), 'public/dev': loadSuite('public/dev') };
const everyTask = [...suites['public/train'], ...suites['public/dev']];

describe('public suites', () => {
  it('hold at least 200 tasks covering every category, each with category, dimensions, difficulty and a reference', () => {
    expect(everyTask.length).toBeGreaterThanOrEqual(200);
    for (const split of Object.values(suites)) {
      expect(new Set(split.map((t) => t.category))).toEqual(new Set(CATEGORIES));
    }
    for (const t of everyTask) {
      expect(t.dimensions.length).toBeGreaterThan(0);
      expect(['easy', 'medium', 'hard']).toContain(t.difficulty);
      expect(answerFromReference(t), t.id).toBeDefined();
    }
    expect(new Set(everyTask.map((t) => t.type))).toEqual(new Set(TASK_TYPES));
    const images = everyTask.flatMap((t) =>
      t.messages
        .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
        .filter((p) => p.type === 'image_url'),
    );
    expect(images.length).toBeGreaterThan(10);
    for (const p of images)
      expect((p as { image_url: { url: string } }).image_url.url).toMatch(/^data:image\/png;base64,/);
  });

  it('committed files are exactly what datasets/authoring writes', () => {
    for (const [split, files] of Object.entries(AUTHORED)) {
      for (const [name, lines] of Object.entries(files)) {
        const committed = readFileSync(
          new URL(`./suites/public/${split}/${name}.jsonl`, import.meta.url),
          'utf8',
        );
        expect(committed, `${split}/${name}.jsonl is stale: run npx tsx datasets/authoring/write.ts`).toBe(
          toJsonl(lines),
        );
      }
    }
  });

  it('every reference answer scores >= 0.9 under rodeo (graded without evidence where none is needed)', () => {
    const weak = everyTask
      .filter((t) => !needsEvidence(t))
      .map((t) => ({ id: t.id, q: evaluate(t, answerFromReference(t)!, undefined, 'rodeo').quality }))
      .filter((r) => r.q < 0.9);
    expect(weak).toEqual([]);
  });

  it.skipIf(sandboxProblem !== undefined)(
    'code reference answers pass their tests in the sandbox',
    { timeout: 120_000 },
    async () => {
      const weak: { id: string; q: number; details: unknown }[] = [];
      for (const t of everyTask.filter(needsEvidence)) {
        const answer = answerFromReference(t)!;
        const evidence = await gatherEvidence(t, answer, { sandbox });
        const e = evaluate(t, answer, evidence, 'rodeo');
        if (e.quality < 0.9) weak.push({ id: t.id, q: e.quality, details: e.details });
      }
      expect(weak).toEqual([]);
    },
  );

  it('lists suites and benchmarks', () => {
    expect(listSuites().map((s) => s.name)).toEqual(['public/train', 'public/dev', 'private/rotating']);
    expect(listSuites()[0]!.tasks).toBe(suites['public/train'].length);
    const names = listBenchmarks().map((b) => b.name);
    expect(names).toEqual(
      expect.arrayContaining(['public_chat', 'public_tool_use', 'private_coding', 'janus_research']),
    );
  });
});

describe('loading files', () => {
  const write = (name: string, text: string) => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads janus-bench public JSONL lines', () => {
    const path = write(
      'janus.jsonl',
      [
        '{"id":"chat_dev_002","category":"chat","input":{"messages":[{"role":"user","content":"What is 12 * 12?"}]},"expected":{"type":"text","contains":["144"],"max_latency_ms":2000}}',
        '',
        '{"id":"code_dev_001","category":"code","input":{"messages":[{"role":"user","content":"to_fahrenheit"}]},"expected":{"type":"code","language":"python","function_name":"to_fahrenheit","test_cases":[{"input":[0],"output":32},{"input":[100],"output":212}]}}',
        '{"id":"agent_001","category":"agentic","input":{"messages":[{"role":"user","content":"search"}]},"available_tools":[{"type":"function","function":{"name":"search"}}],"tool_use_task_type":"function_calling","expected_call":{"function":"search","arguments":{"query":"x"}}}',
      ].join('\n'),
    );
    const tasks = loadJsonlFile(path);
    expect(tasks.map((t) => [t.id, t.category, t.type, t.benchmark])).toEqual([
      ['chat_dev_002', 'chat', 'text', 'public_chat'],
      ['code_dev_001', 'coding', 'code', 'public_code'],
      ['agent_001', 'tool_use', 'function_calling', 'public_agentic'],
    ]);
    expect(tasks[2]!.expected.expected_call).toEqual({ function: 'search', arguments: { query: 'x' } });
  });

  it('names the file, line and field of a bad line', () => {
    const cases: [string, RegExp][] = [
      ['{"id":"a","category":"chat","input":{"messages":[]}}', /bad1\.jsonl:1: field input\.messages: /],
      [
        '\n{"id":"a","category":"chat","input":{"messages":[{"role":"user","content":"x"}]}}\n{nope',
        /bad2\.jsonl:3: invalid JSON/,
      ],
      [
        '{"id":"a","category":"poetry","input":{"messages":[{"role":"user","content":"x"}]}}',
        /bad3\.jsonl:1: field category: .*unknown category "poetry"/,
      ],
    ];
    cases.forEach(([text, message], i) => {
      const path = write(`bad${i + 1}.jsonl`, text);
      try {
        loadJsonlFile(path);
        expect.unreachable();
      } catch (err) {
        expect(DatasetErrors.BAD_LINE.is(err)).toBe(true);
        expect((err as Error).message).toMatch(message);
      }
    });
    const line = '{"id":"a","category":"chat","input":{"messages":[{"role":"user","content":"x"}]}}';
    expect(() => loadJsonlFile(write('dup.jsonl', `${line}\n${line}`))).toThrow(
      /dup\.jsonl:2: task id "a" already used at .*dup\.jsonl:1/,
    );
    expect(() => loadJsonlFile(join(tmp, 'missing.jsonl'))).toThrow(/cannot read task file/);
    expect(() => loadSuite('public/nope')).toThrow(/unknown suite "public\/nope"/);
    expect(() => loadSuite('private/rotating')).toThrow(/seed/);
  });
});

describe('sampleTasks', () => {
  const tasks = suites['public/dev'];
  const ids = (xs: Task[]) => xs.map((t) => t.id);

  it('keeps max(1, ceil(n x pct / 100)) per benchmark, sorted by id, the same for the same seed', () => {
    const a = sampleTasks(tasks, { subsetPercent: 30, seed: 42 });
    const perBenchmark = new Map<string, number>();
    for (const t of tasks) perBenchmark.set(t.benchmark, (perBenchmark.get(t.benchmark) ?? 0) + 1);
    expect(a.length).toBe(
      [...perBenchmark.values()].reduce((s, n) => s + Math.max(1, Math.ceil((n * 30) / 100)), 0),
    );
    for (const b of perBenchmark.keys()) {
      const group = ids(a.filter((t) => t.benchmark === b));
      expect(group).toEqual([...group].sort());
    }
    expect(ids(sampleTasks(tasks, { subsetPercent: 30, seed: 42 }))).toEqual(ids(a));
    expect(ids(sampleTasks(tasks, { subsetPercent: 30, seed: 43 }))).not.toEqual(ids(a));
    expect(sampleTasks(tasks, { subsetPercent: 1, seed: 1 }).length).toBe(perBenchmark.size);
  });

  it('keeps everything at 100% and filters by benchmark or category', () => {
    expect(ids(sampleTasks(tasks, { subsetPercent: 100, seed: 1 }))).toEqual(ids(tasks));
    expect(
      sampleTasks(tasks, { subsetPercent: 100, seed: 1, benchmark: 'tool_use' }).every(
        (t) => t.category === 'tool_use',
      ),
    ).toBe(true);
    expect(() => sampleTasks(tasks, { subsetPercent: 0, seed: 1 })).toThrow(/subsetPercent/);
  });
});
