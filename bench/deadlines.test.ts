import { describe, expect, it } from 'vitest';
import { defaultConfig, MAX_TIMER_MS } from '../config/index.js';
import { CATEGORIES, normalizeTask } from '../datasets/index.js';
import { taskDeadlines } from './deadlines.js';

const bench = defaultConfig().bench;
const task = (category: string, expected?: Record<string, unknown>) =>
  normalizeTask({
    id: 't',
    category,
    input: { messages: [{ role: 'user', content: 'q' }] },
    ...(expected ? { expected } : {}),
  });

describe('taskDeadlines', () => {
  it("gives every category its own deadlines from config, janus's categories included", () => {
    for (const c of CATEGORIES) expect(taskDeadlines(task(c), bench)).toEqual(bench.deadlines[c]);
    expect(taskDeadlines(task('deep_research'), bench)).toEqual(bench.deadlines.research);
    expect(taskDeadlines(task('agentic'), bench)).toEqual(bench.deadlines.tool_use);
    // the seed allows minutes for deep research and agentic tasks, not janus's global 5 s
    expect(bench.deadlines.research.firstTokenMs).toBeGreaterThanOrEqual(60_000);
    expect(bench.deadlines.tool_use.firstTokenMs).toBeGreaterThanOrEqual(60_000);
  });

  it("replaces the total with the task's max_latency_ms and keeps the first token within it", () => {
    expect(taskDeadlines(task('chat', { max_latency_ms: 2000 }), bench)).toEqual({
      firstTokenMs: 2000,
      totalMs: 2000,
    });
    expect(taskDeadlines(task('research', { max_latency_ms: 600_000 }), bench)).toEqual({
      firstTokenMs: bench.deadlines.research.firstTokenMs,
      totalMs: 600_000,
    });
    expect(taskDeadlines(task('chat', { max_latency_ms: 1e12 }), bench).totalMs).toBe(MAX_TIMER_MS);
    expect(taskDeadlines(task('chat', { max_latency_ms: 1.2 }), bench).totalMs).toBe(2);
    for (const junk of [0, -5, '2000', null, Number.NaN])
      expect(taskDeadlines(task('chat', { max_latency_ms: junk }), bench)).toEqual(bench.deadlines.chat);
  });

  it('forces bench.ttftTimeoutMs and bench.requestTimeoutMs on every task when set', () => {
    const forced = { ...bench, ttftTimeoutMs: 700, requestTimeoutMs: 900 };
    expect(taskDeadlines(task('research', { max_latency_ms: 600_000 }), forced)).toEqual({
      firstTokenMs: 700,
      totalMs: 900,
    });
    expect(taskDeadlines(task('chat'), { ...bench, ttftTimeoutMs: 500_000 })).toEqual({
      firstTokenMs: bench.deadlines.chat.totalMs,
      totalMs: bench.deadlines.chat.totalMs,
    });
  });
});
