import { describe, expect, it } from 'vitest';
import { generatePrivateTasks, loadSuite, type Task } from '../../datasets/index.js';
import { upstreamBody } from '../../miner-template/engine/upstream-body.js';
import type { ChatRequest } from '../../miner-template/request-schema.js';
import { TaskIndex } from './task-index.js';

/** The messages of a task as the miner template forwards them upstream. */
const forwarded = (task: Task) => upstreamBody({ messages: task.messages } as ChatRequest).messages;

const privateTasks = generatePrivateTasks('task-index-test', 16);
const publicTasks = loadSuite('public/dev');

describe('TaskIndex', () => {
  it('finds every task from the request the miner forwards (files as text, images, tools)', () => {
    const index = new TaskIndex({ rounds: 2 });
    index.add(privateTasks);
    index.add(publicTasks);
    for (const task of [...privateTasks, ...publicTasks]) {
      expect(index.find({ messages: forwarded(task), tools: task.tools })?.task.id).toBe(task.id);
    }
    expect(publicTasks.some((t) => JSON.stringify(t.messages).includes('"type":"file"'))).toBe(true);
    expect(index.size).toBe(privateTasks.length + publicTasks.length);
  });

  it('ignores a system prompt the miner adds, case and whitespace changes', () => {
    const index = new TaskIndex({ rounds: 1 });
    index.add(privateTasks);
    const task = privateTasks[0]!;
    const text = task.messages[0]!.content as string;
    const messages = [
      { role: 'system', content: 'You are a helpful miner.' },
      { role: 'user', content: `  ${text.toUpperCase().replace(/ /g, '\n ')}  ` },
    ];
    expect(index.find({ messages })?.task.id).toBe(task.id);
  });

  it('finds a prompt the miner wrapped in its own words, but not a generic prefix of it', () => {
    const index = new TaskIndex({ rounds: 1 });
    index.add(privateTasks);
    const task = privateTasks[0]!;
    const wrapped = `Please answer carefully.\n${task.messages[0]!.content as string}\nThank you.`;
    expect(index.find({ messages: [{ role: 'user', content: wrapped }] })?.task.id).toBe(task.id);
    expect(index.find({ messages: [{ role: 'user', content: 'Compute' }] })).toBeUndefined();
  });

  it('tells tasks with the same text apart by their image', () => {
    const images = privateTasks.filter((t) => t.metadata.generator === 'image_question');
    expect(images.length).toBeGreaterThanOrEqual(2);
    const [a, b] = images;
    const twin: Task = {
      ...b!,
      id: 'twin',
      messages: [{ role: 'user', content: [a!.messages[0]!.content![0]!, b!.messages[0]!.content![1]!] }],
    } as Task;
    const index = new TaskIndex({ rounds: 1 });
    index.add([a!, twin]);
    expect(index.find({ messages: forwarded(a!) })?.task.id).toBe(a!.id);
    expect(index.find({ messages: forwarded(twin) })?.task.id).toBe('twin');
  });

  it('keeps only the last `rounds` rounds, newest first; unknown requests find nothing', () => {
    const index = new TaskIndex({ rounds: 2 });
    const [r1, r2, r3] = ['r1', 'r2', 'r3'].map((seed) => generatePrivateTasks(seed, 3));
    index.add(r1!);
    index.add(r2!);
    index.add(r3!);
    expect(index.size).toBe(6);
    expect(index.find({ messages: forwarded(r1![0]!) })).toBeUndefined();
    expect(index.find({ messages: forwarded(r3![0]!) })?.task.id).toBe(r3![0]!.id);
    const again = { ...r2![0]!, id: 'same prompt, newer round' };
    index.add([again]);
    expect(index.find({ messages: forwarded(again) })?.task.id).toBe('same prompt, newer round');
    expect(
      index.find({ messages: [{ role: 'user', content: 'What is the meaning of life?' }] }),
    ).toBeUndefined();
    expect(index.find({ messages: 'not a list' })).toBeUndefined();
  });

  it('keeps `rounds` rounds per feed and finds a task in any feed (one feed per devnet validator)', () => {
    const index = new TaskIndex({ rounds: 1 });
    const [a1, b1, a2] = ['feed-a-1', 'feed-b-1', 'feed-a-2'].map((seed) => generatePrivateTasks(seed, 3));
    index.add(a1!, 'validator-a');
    index.add(b1!, 'validator-b');
    // a newer round of feed a evicts only feed a's older round, never feed b's current one
    index.add(a2!, 'validator-a');
    expect(index.feedNames).toEqual(['validator-a', 'validator-b']);
    expect(index.size).toBe(6);
    expect(index.find({ messages: forwarded(a1![0]!) })).toBeUndefined();
    for (const task of [...a2!, ...b1!]) {
      expect(index.find({ messages: forwarded(task), tools: task.tools })?.task.id).toBe(task.id);
    }
  });

  it('refuses a round count that is not a positive integer', () => {
    expect(() => new TaskIndex({ rounds: 0 })).toThrow(/positive integer/);
  });
});
