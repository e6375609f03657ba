import { DIMENSIONS, type Weights } from '../config/index.js';
import type { Dimension } from '../datasets/index.js';
import { mean } from './groups.js';
import { janusBenchmarkResults } from './janus-benchmarks.js';
import { normalizeTps, normalizeTtft } from './janus-formulas.js';
import type { ProfileName, RunScores, TaskScore } from './types.js';

/** The composite weights janus-bench hard-codes for the janus/intelligence suite. */
const JANUS_INTELLIGENCE_WEIGHTS: Weights = {
  quality: 0.4,
  speed: 0.2,
  cost: 0.15,
  streaming: 0.15,
  multimodal: 0.1,
};

function composite(dims: { [D in Dimension]: number | null }, weights: Weights) {
  const present = DIMENSIONS.filter((d) => dims[d] !== null);
  const total = present.reduce((s, d) => s + weights[d], 0);
  const applied = Object.fromEntries(
    DIMENSIONS.map((d) => [d, present.includes(d) && total > 0 ? weights[d] / total : 0]),
  ) as { [D in Dimension]: number };
  const value = present.reduce((s, d) => s + applied[d] * (dims[d] ?? 0), 0);
  return { composite: value, applied };
}

const to100 = (dims: { [D in Dimension]: number | null }) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, dims[d] === null ? null : dims[d]! * 100])) as {
    [D in Dimension]: number | null;
  };

/** rodeo-v1: each dimension is the mean over the tasks that feed it; absent dimensions are left out. */
function aggregateRodeo(scores: TaskScore[], weights: Weights): RunScores {
  const dims = Object.fromEntries(
    DIMENSIONS.map((d) => {
      const feeding = scores.filter((s) => s.dimensions.includes(d));
      return [d, feeding.length ? mean(feeding.map((s) => s[d])) : null];
    }),
  ) as { [D in Dimension]: number | null };
  const { composite: c, applied } = composite(dims, weights);
  return {
    profile: 'rodeo-v1',
    composite: c * 100,
    dimensions: to100(dims),
    appliedWeights: applied,
    benchmarkScores: {},
    benchmarkMetrics: {},
  };
}

/**
 * janus-compat (scorers/composite.py compute_composite_score): the janus/intelligence composite when every
 * task is a janus_* benchmark, else means over all tasks with multimodal = 1.0 when no multimodal task ran.
 */
function aggregateJanus(scores: TaskScore[], weights: Weights): RunScores {
  if (scores.length === 0) {
    const zero = { quality: 0, speed: 0, cost: 0, streaming: 0, multimodal: 0 };
    return {
      profile: 'janus-compat',
      composite: 0,
      dimensions: zero,
      appliedWeights: weights,
      benchmarkScores: {},
      benchmarkMetrics: {},
    };
  }
  if (scores.every((s) => s.benchmark.startsWith('janus_'))) {
    const results = janusBenchmarkResults(scores);
    const score = (name: string) => results[name]?.score ?? 0;
    const streamingMetrics = results.janus_streaming?.metrics ?? {};
    const dims = {
      quality: (score('janus_research') + score('janus_tool_use')) / 2,
      speed:
        (normalizeTtft(streamingMetrics.avg_ttft_ms as number | undefined) +
          normalizeTps(streamingMetrics.avg_tps as number | undefined)) /
        2,
      cost: score('janus_cost'),
      streaming: (streamingMetrics.continuity_score as number | undefined) ?? score('janus_streaming'),
      multimodal: score('janus_multimodal'),
    };
    const { composite: c } = composite(dims, JANUS_INTELLIGENCE_WEIGHTS);
    return {
      profile: 'janus-compat',
      composite: c * 100,
      dimensions: to100(dims),
      appliedWeights: JANUS_INTELLIGENCE_WEIGHTS,
      benchmarkScores: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.score * 100])),
      benchmarkMetrics: Object.fromEntries(
        Object.entries(results)
          .filter(([, v]) => v.metrics && Object.keys(v.metrics).length)
          .map(([k, v]) => [k, v.metrics!]),
      ),
    };
  }
  const multimodalTasks = scores.filter(
    (s) => s.category === 'multimodal_input' || s.category === 'multimodal_output',
  );
  const dims = {
    quality: mean(scores.map((s) => s.quality)),
    speed: mean(scores.map((s) => s.speed)),
    cost: mean(scores.map((s) => s.cost)),
    streaming: mean(scores.map((s) => s.streaming)),
    multimodal: multimodalTasks.length ? mean(multimodalTasks.map((s) => s.multimodal)) : 1,
  };
  const { composite: c, applied } = composite(dims, weights);
  return {
    profile: 'janus-compat',
    composite: c * 100,
    dimensions: to100(dims),
    appliedWeights: applied,
    benchmarkScores: {},
    benchmarkMetrics: {},
  };
}

export function aggregate(profile: ProfileName, scores: TaskScore[], weights: Weights): RunScores {
  return profile === 'janus-compat' ? aggregateJanus(scores, weights) : aggregateRodeo(scores, weights);
}
