import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateTasks, type Task, taskReference, taskToRequestBody } from '../../datasets/index.js';
import { answersCorrectly } from './answer-plan.js';
import { sendTasks, spawnSimulator } from './child.js';
import { SimulatorErrors } from './errors.js';
import { SIM_PROFILES } from './profiles.js';
import { type Simulator, startSimulator } from './server.js';
import { roundDifficulties, TaskIndex } from './task-index.js';
import { DONT_KNOW } from './wrong-answers.js';

const tasks = generatePrivateTasks('simulator-server', 16);
const index = new TaskIndex({ rounds: 2 });
let sim: Simulator;

beforeAll(async () => {
  index.add(tasks);
  sim = await startSimulator({ host: '127.0.0.1', port: 0, profiles: Object.values(SIM_PROFILES), index });
});
afterAll(async () => {
  await sim?.close();
});

const client = (profile: string) =>
  new OpenAI({ baseURL: sim.url(profile), apiKey: 'unused', maxRetries: 0 });

/** A task the strong profile answers with the reference. */
const difficulty = roundDifficulties(tasks);
const strongTask = (type: string) =>
  tasks.find((t) => t.type === type && answersCorrectly(SIM_PROFILES.strong, difficulty.get(t.id)!))!;

async function streamTask(profile: string, task: Task) {
  const body = taskToRequestBody(task, 'whatever', { includeUsage: true }) as never;
  const stream = await client(profile).chat.completions.create(body);
  const out = {
    models: new Set<string>(),
    order: [] as string[],
    content: '',
    reasoning: '',
    calls: [] as { name: string; args: string }[],
  };
  for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
    out.models.add(chunk.model);
    const delta = chunk.choices[0]?.delta as
      | {
          content?: string;
          reasoning_content?: string;
          tool_calls?: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[];
        }
      | undefined;
    if (delta?.reasoning_content) {
      out.reasoning += delta.reasoning_content;
      out.order.push('r');
    }
    if (delta?.content) {
      out.content += delta.content;
      out.order.push('c');
    }
    for (const c of delta?.tool_calls ?? []) {
      out.calls[c.index] ??= { name: '', args: '' };
      out.calls[c.index]!.name += c.function?.name ?? '';
      out.calls[c.index]!.args += c.function?.arguments ?? '';
      out.order.push('t');
    }
  }
  return out;
}

describe('startSimulator', () => {
  it('says it is a simulation: /health, model ids, descriptions', async () => {
    const health = (await (await fetch(`${sim.origin}/health`)).json()) as {
      simulation: boolean;
      description: string;
      tasks: number;
      profiles: { name: string; model: string; description: string; url: string }[];
    };
    expect(health.simulation).toBe(true);
    expect(health.description).toMatch(/a simulation, not a model/);
    expect(health.tasks).toBe(tasks.length);
    expect(health.profiles.map((p) => p.model)).toEqual(Object.keys(SIM_PROFILES).map((n) => `sim-${n}`));
    for (const p of health.profiles) {
      expect(p.description).toMatch(/^simulated /);
      expect(p.url).toBe(sim.url(p.name));
    }
    const models = await client('bursty').models.list();
    expect(models.data.map((m) => m.id)).toEqual(['sim-bursty']);
  });

  it('streams the reference, reasoning first, under the profile model id', async () => {
    const task = strongTask('numeric');
    const out = await streamTask('strong', task);
    expect(out.content).toBe(taskReference(task)!.content);
    expect(out.reasoning).toMatch(/^Simulated reasoning/);
    expect(out.order[0]).toBe('r');
    expect(out.order.filter((k) => k === 'c').length).toBeGreaterThan(3);
    expect([...out.models]).toEqual(['sim-strong']);
  });

  it('emits the reference tool calls as OpenAI tool_calls', async () => {
    const task = strongTask('function_calling');
    const out = await streamTask('copycat', task);
    const ref = taskReference(task)!.toolCalls!;
    expect(out.calls.map((c) => ({ name: c.name, arguments: JSON.parse(c.args) }))).toEqual(ref);
    expect([...out.models]).toEqual(['sim-copycat']);
  });

  it('answers non-streaming requests too, and a prompt that is no task with a labelled canned reply', async () => {
    const res = await client('average').chat.completions.create({
      model: 'x',
      messages: [{ role: 'user', content: 'Which tasks are in the next round?' }],
    });
    expect(res.choices[0]!.message.content).toMatch(/^\[simulated reply · sim-average\]\s.*canned reply/s);
    expect(res.model).toBe('sim-average');
  });

  it('fails every request of the broken profile, in several ways', async () => {
    const failures = new Set<string>();
    for (const task of tasks.slice(0, 12)) {
      try {
        const out = await streamTask('broken', task);
        failures.add(out.content || out.calls.length ? 'answered' : 'empty');
      } catch (err) {
        failures.add((err as Error).constructor.name);
      }
    }
    expect(failures.has('answered')).toBe(false);
    expect(failures.size).toBeGreaterThanOrEqual(3);
    expect(failures.has('InternalServerError')).toBe(true);
  });

  it('adds a round of tasks over POST /tasks; refuses what is not a list of tasks', async () => {
    const more = generatePrivateTasks('simulator-server-more', 2);
    await sendTasks(sim.origin, more);
    const known = (await streamTask('strong', more[0]!)).content;
    expect(known).not.toBe(DONT_KNOW);
    expect(known).not.toMatch(/simulated reply/);
    const bad = sendTasks(sim.origin, [{ id: 'x' } as Task]);
    await expect(bad).rejects.toSatisfy((err) => SimulatorErrors.BAD_TASKS.is(err));
    await expect(bad).rejects.toThrow(/tasks\[0\] is not a Task/);
  });

  it('names the profiles it serves when asked for another one', async () => {
    expect(() => sim.url('genius')).toThrow(/no simulation profile "genius" \(served: strong, average/);
    const res = await fetch(`${sim.origin}/sim/genius/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    await expect(
      startSimulator({
        host: '127.0.0.1',
        port: 0,
        profiles: [SIM_PROFILES.strong, SIM_PROFILES.strong],
        index,
      }),
    ).rejects.toSatisfy((err) => SimulatorErrors.DUPLICATE_PROFILE.is(err));
  });
});

describe('spawnSimulator (main.ts in a child process)', () => {
  it('serves the listed profiles, takes tasks over HTTP and stops on close', async () => {
    const child = await spawnSimulator({ port: 0, rounds: 1, profiles: ['strong', 'broken'] });
    try {
      expect(child.url('strong')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sim\/strong\/v1$/);
      expect(() => child.url('average')).toThrow(/served: strong, broken/);
      const task = strongTask('numeric');
      await child.add([task]);
      const res = await new OpenAI({
        baseURL: child.url('strong'),
        apiKey: 'unused',
      }).chat.completions.create({
        model: 'x',
        messages: task.messages as OpenAI.ChatCompletionMessageParam[],
      });
      expect(res.choices[0]!.message.content).toBe(taskReference(task)!.content);
    } finally {
      await child.close();
    }
    expect(() => process.kill(child.pid, 0)).toThrow();
  }, 30_000);

  it('reports a process that cannot start', async () => {
    await expect(spawnSimulator({ port: 0, rounds: 1, profiles: ['genius'] })).rejects.toSatisfy((err) =>
      SimulatorErrors.NO_PROCESS.is(err),
    );
  }, 30_000);
});
