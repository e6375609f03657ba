import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigSchema, defaultConfig } from '../config/index.js';
import {
  DatasetErrors,
  GENERATOR_VERSION,
  generatePrivateTasks,
  loadPrivateTaskFile,
  loadSuite,
  promptText,
} from '../datasets/index.js';
import { ValidatorErrors } from './errors.js';
import { drawTasksForRound, PrivateTaskFiles, redrawTasks } from './round-tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'rodeo-round-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const janus = (id: string, category: string, prompt: string) =>
  JSON.stringify({ id, category, input: { messages: [{ role: 'user', content: prompt }] } });

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('round tasks', () => {
  it('records the generator version and mix, and a recorded draw gives the same tasks again', () => {
    const config = defaultConfig();
    const { tasks, draw } = drawTasksForRound(config, '0xround');
    expect(draw).toEqual({
      suite: 'private/rotating',
      count: 30,
      generator: GENERATOR_VERSION,
      mix: config.validator.taskMix,
    });
    expect(tasks.length).toBe(30);
    expect(redrawTasks(JSON.parse(JSON.stringify(draw)), '0xround', undefined)).toEqual(tasks);
    // a ledger from before task mixes: no version recorded, the old round-robin
    expect(redrawTasks({ suite: 'private/rotating', count: 9 }, '0xold', undefined)).toEqual(
      generatePrivateTasks('0xold', 9),
    );
  });

  it('never draws a public suite into a scored round', () => {
    expect(() => ConfigSchema.parse({ validator: { suite: 'public/dev' } })).toThrow(
      /never drawn into scored rounds/,
    );
    const config = defaultConfig();
    // a config object built without the schema
    config.validator.suite = 'public/train';
    expect(ValidatorErrors.ROUND_SUITE_REFUSED.is(thrown(() => drawTasksForRound(config, '0x1')))).toBe(true);
  });

  it('refuses a private task file holding public tasks; records the sha256 of one that holds none', () => {
    const config = defaultConfig();
    const leaky = join(dir, 'leaky.jsonl');
    const pub = loadSuite('public/dev')[5]!;
    writeFileSync(
      leaky,
      `${janus('mine-1', 'chat', 'My own question?')}\n${janus('mine-2', 'chat', promptText(pub))}\n`,
    );
    config.validator.privateTaskFile = leaky;
    const err = thrown(() => drawTasksForRound(config, '0x1'));
    expect(DatasetErrors.PUBLIC_TASK_IN_PRIVATE_FILE.is(err)).toBe(true);
    expect((err as Error).message).toContain(`${leaky}: task "mine-2"`);

    const clean = join(dir, 'clean.jsonl');
    writeFileSync(clean, `${janus('mine-1', 'chat', 'My own question?')}\n`);
    config.validator.privateTaskFile = clean;
    const { tasks, draw } = drawTasksForRound(config, '0x1');
    const file = loadPrivateTaskFile(clean);
    expect(draw.privateFile).toEqual({ sha256: file.sha256, tasks: 1, share: 0.5 });
    expect(tasks.filter((t) => t.id === 'mine-1').length).toBe(1);
    expect(redrawTasks(draw, '0x1', file)).toEqual(tasks);
  });

  it('replay finds the file a round recorded by its sha256, among every version given', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, `${janus('op-a', 'chat', 'Question A?')}\n`);
    writeFileSync(b, `${janus('op-b', 'chat', 'Question B?')}\n`);
    const [ha, hb] = [loadPrivateTaskFile(a).sha256, loadPrivateTaskFile(b).sha256];
    const files = new PrivateTaskFiles([a, b]);
    expect(files.forRound(3, hb).path).toBe(b);
    expect(files.forRound(4, ha).path).toBe(a);
    const mismatch = thrown(() => new PrivateTaskFiles([a]).forRound(7, hb));
    expect(ValidatorErrors.REPLAY_PRIVATE_TASKS_MISMATCH.is(mismatch)).toBe(true);
    expect((mismatch as Error).message).toContain('round 7');
    const missing = thrown(() => new PrivateTaskFiles([join(dir, 'gone.jsonl')]).forRound(8, ha));
    expect(ValidatorErrors.REPLAY_PRIVATE_TASKS_MISSING.is(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/round 8 .*gone\.jsonl/);
    const none = thrown(() => new PrivateTaskFiles([]).forRound(9, ha));
    expect((none as Error).message).toContain('no --private-tasks file was given');
  });
});
