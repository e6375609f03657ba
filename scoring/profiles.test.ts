import { describe, expect, it } from 'vitest';
import type { EventKind, Measurement } from '../bench/index.js';
import { defaultConfig } from '../config/index.js';
import { normalizeTask, type Task } from '../datasets/index.js';
import { countTokens } from '../protocol/index.js';
import { aggregate } from './aggregate.js';
import { scoreTask } from './profile.js';
import { scoreMeasurements } from './score-measurements.js';
import { streamMetrics } from './stream-metrics.js';

const weights = defaultConfig().scoring.weights;

/** A measurement from (ms, kind, text) events; content/reasoning text accumulates. */
function measurement(events: [number, EventKind, string?][], extra: Partial<Measurement> = {}): Measurement {
  const t = events.map(([ms]) => Math.round(ms * 1000));
  return {
    v: 1,
    taskId: 't',
    target: 'http://x',
    model: 'm',
    startedAt: 0,
    status: 200,
    headersUs: 1000,
    endUs: t[t.length - 1] ?? 0,
    bytes: 0,
    events: { t, k: events.map(([, k]) => k).join(''), n: events.map(([, , s]) => s?.length ?? 0) },
    content: events
      .filter(([, k]) => k === 'c')
      .map(([, , s]) => s ?? '')
      .join(''),
    reasoning: events
      .filter(([, k]) => k === 'r')
      .map(([, , s]) => s ?? '')
      .join(''),
    toolCalls: [],
    usage: undefined,
    finishReason: 'stop',
    error: undefined,
    evidence: undefined,
    ...extra,
  };
}

/** Steady stream: reasoning at 100 ms, then `n` words every `gap` ms. */
const steady = (n: number, gap: number) =>
  measurement([
    [100, 'r', 'thinking'],
    ...Array.from({ length: n }, (_, i) => [200 + i * gap, 'c', `word${i} `] as [number, EventKind, string]),
    [200 + n * gap, 'd'],
  ]);

const chat: Task = normalizeTask({
  id: 'chat1',
  category: 'chat',
  input: { messages: [{ role: 'user', content: 'hi' }] },
});
const image: Task = normalizeTask({
  id: 'img1',
  category: 'multimodal_input',
  input: { messages: [{ role: 'user', content: 'what is in the image' }] },
});
const good = { quality: 1, multimodal: 1 };

describe('stream metrics from the raw event log', () => {
  it('derives TTFT, gaps, event counts and token rates', () => {
    const m = measurement([
      [0.5, 'o'],
      [50, 'k'],
      [100, 'r', 'hmm'],
      [120, 'c', 'Hello'],
      [140, 'c', ' world'],
      [700, 'c', '!'],
      [701, 'f'],
      [702, 'd'],
    ]);
    const x = streamMetrics(m);
    expect(x.ttftMs).toBe(100);
    expect(x.firstContentMs).toBe(120);
    expect(x.maxGapMs).toBe(560);
    expect(x.maxGapAfterFirstTokenMs).toBe(560);
    expect(x.keepAlives).toBe(1);
    expect(x.dataEvents).toBe(6);
    expect(x.contentEvents).toBe(3);
    expect(x.contentTokens).toBe(countTokens('Hello world!'));
    expect(x.tokenTps).toBeCloseTo(x.countedTokens / 0.6, 6);
  });

  it('counts o200k tokens exactly', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('Hello world')).toBe(2);
    expect(countTokens('The capital of France is Paris.')).toBe(7);
  });
});

describe('rodeo-v1', () => {
  it('a steady, fast, correct stream scores near 100', () => {
    const s = scoreTask('rodeo-v1', chat, steady(100, 20), good);
    expect(s.success).toBe(true);
    expect(s.streaming).toBeGreaterThan(0.99);
    expect(s.speed).toBe(1);
    expect(s.cost).toBe(1);
    const run = aggregate('rodeo-v1', [s], weights);
    expect(run.dimensions.multimodal).toBeNull();
    expect(run.composite).toBeGreaterThan(99);
  });

  it('a failed task scores 0 on every dimension', () => {
    const m = measurement([[5000, 'k']], { error: { code: 'BENCH_TTFT_TIMEOUT', message: 'x' } });
    const s = scoreTask('rodeo-v1', chat, m, { quality: 0 });
    expect([s.quality, s.speed, s.cost, s.streaming, s.multimodal]).toEqual([0, 0, 0, 0, 0]);
    expect(aggregate('rodeo-v1', [s], weights).composite).toBe(0);
  });

  it('a whole answer sent in two events is penalized for batching', () => {
    const text = 'This answer has quite a lot of words in it and was buffered upstream before being sent. ';
    const m = measurement([
      [100, 'c', text.repeat(3)],
      [110, 'c', text.repeat(3)],
      [111, 'd'],
    ]);
    const s = scoreTask('rodeo-v1', chat, m, good);
    expect(s.streaming).toBeLessThan(0.1);
    expect(scoreTask('janus-compat', chat, m, good).metrics.continuity.score).toBe(1);
  });

  it('a 5 s silence after the first token costs streaming marks; keep-alives do not hide it', () => {
    const events: [number, EventKind, string?][] = [
      [100, 'c', 'a '],
      [200, 'c', 'b '],
      [300, 'c', 'c '],
      ...Array.from({ length: 5 }, (_, i) => [1000 + i * 1000, 'k'] as [number, EventKind]),
      [5300, 'c', 'd '],
      [5400, 'd'],
    ];
    const s = scoreTask('rodeo-v1', chat, measurement(events), good);
    expect(s.metrics.maxGapMs).toBe(1000);
    expect(s.metrics.maxGapAfterFirstTokenMs).toBe(5000);
    const noKeepAlive = scoreTask('rodeo-v1', chat, measurement(events.filter(([, k]) => k !== 'k')), good);
    expect(noKeepAlive.streaming).toBe(s.streaming);
    const steadyStream = scoreTask(
      'rodeo-v1',
      chat,
      measurement([
        [100, 'c', 'a '],
        [200, 'c', 'b '],
        [300, 'c', 'c '],
        [400, 'c', 'd '],
        [500, 'd'],
      ]),
      good,
    );
    expect(s.streaming).toBeLessThan(steadyStream.streaming * 0.7);
  });

  it('self-reported usage does not inflate TPS', () => {
    const honest = steady(50, 100);
    const liar = { ...steady(50, 100), usage: { completionTokens: 1_000_000, totalTokens: 1_000_010 } };
    expect(scoreTask('rodeo-v1', chat, liar, good).speed).toBe(
      scoreTask('rodeo-v1', chat, honest, good).speed,
    );
    expect(scoreTask('janus-compat', chat, liar, good).tps).toBeGreaterThan(100_000);
  });

  it('multimodal counts only tasks that feed it', () => {
    const run = aggregate(
      'rodeo-v1',
      [
        scoreTask('rodeo-v1', chat, steady(40, 20), good),
        scoreTask('rodeo-v1', image, steady(40, 20), { quality: 1, multimodal: 0.5 }),
      ],
      weights,
    );
    expect(run.dimensions.multimodal).toBe(50);
  });
});

describe('janus-compat', () => {
  it('gives a dead miner about 23/100, as janus-bench did (quirk kept)', () => {
    const dead = measurement([], { endUs: 100_000, error: { code: 'BENCH_CONNECT', message: 'refused' } });
    const scores = [chat, chat, image].map((t) =>
      scoreTask('janus-compat', t, dead, { quality: 0, multimodal: 0 }),
    );
    const run = aggregate('janus-compat', scores, weights);
    // speed: ttft=latency 0.1 s -> 1, tps 0 -> 0 => 0.5; cost 0.5; streaming generic: 0.5+0.4+0.02 = 0.92
    expect(run.dimensions.speed).toBeCloseTo(50, 6);
    expect(run.dimensions.cost).toBeCloseTo(50, 6);
    expect(run.dimensions.streaming).toBeCloseTo(92, 6);
    expect(run.composite).toBeCloseTo(0.2 * 50 + 0.15 * 50 + 0.15 * 92, 6);
    expect(
      aggregate(
        'rodeo-v1',
        [chat, chat, image].map((t) => scoreTask('rodeo-v1', t, dead, { quality: 0 })),
        weights,
      ).composite,
    ).toBe(0);
  });

  it('uses the janus/intelligence composite with fixed weights when every task is janus_*', () => {
    const streamingTask = normalizeTask({
      id: 's1',
      category: 'streaming',
      benchmark: 'janus_streaming',
      type: 'long_response',
      input: { messages: [{ role: 'user', content: 'write' }] },
      evaluation: { ttft_target_ms: 1000, min_tokens: 50, tps_target: 15, continuity_target: 0.6 },
    });
    const s = scoreTask('janus-compat', streamingTask, steady(100, 20), { quality: 0.5 });
    const run = aggregate('janus-compat', [s], { ...weights, quality: 0.1, speed: 0.5 });
    expect(run.appliedWeights.quality).toBe(0.4);
    expect(run.benchmarkScores.janus_streaming).toBeCloseTo(100, 6);
    expect(run.benchmarkMetrics.janus_streaming?.avg_ttft_ms).toBe(100);
    // quality: no research/tool_use -> 0; speed: ttft 100 ms -> 1, ~50 chunks/s -> 1; streaming continuity 1
    expect(run.dimensions.speed).toBeCloseTo(100, 6);
    expect(run.composite).toBeCloseTo(0.2 * 100 + 0.15 * 100, 4);
  });
});

describe('scoreMeasurements', () => {
  it('refuses a measurement of a task the round does not have, with a coded error', () => {
    const m = measurement([[10, 'c', 'hi']], { taskId: 'ghost' });
    expect(() => scoreMeasurements('rodeo-v1', [], [m])).toThrow(
      expect.objectContaining({ code: 'SCORING_UNKNOWN_TASK', message: expect.stringContaining('ghost') }),
    );
  });
});
