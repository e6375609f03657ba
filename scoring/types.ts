import type { Dimension } from '../datasets/index.js';
import type { StreamMetrics } from './stream-metrics.js';

export type ProfileName = 'rodeo-v1' | 'janus-compat';

/** What an evaluator said about one answer (datasets' evaluate(), recorded before scoring). */
export interface TaskEvaluation {
  /** 0..1 */
  quality: number;
  /** 0..1, for tasks that feed the multimodal dimension. */
  multimodal?: number;
  /** 0..1, overrides the cost score for cost-efficiency tasks. */
  costEfficiency?: number;
  details?: Record<string, unknown>;
}

export interface DimensionScores {
  quality: number;
  speed: number;
  cost: number;
  streaming: number;
  multimodal: number;
}

/** One task's scores (each 0..1) and the figures they came from. */
export interface TaskScore extends DimensionScores {
  taskId: string;
  benchmark: string;
  category: string;
  type: string;
  difficulty: string;
  success: boolean;
  errorCode: string | undefined;
  /** The dimensions this task feeds in the composite. */
  dimensions: Dimension[];
  /** The tokens-per-second figure the profile scored. */
  tps: number | undefined;
  metrics: StreamMetrics;
  evaluation: TaskEvaluation;
}

/** A run's aggregate (each 0..100). A dimension no task fed is `null` and left out of the composite. */
export interface RunScores {
  profile: ProfileName;
  composite: number;
  dimensions: { [D in Dimension]: number | null };
  /** Weights actually applied (renormalized over the dimensions present). */
  appliedWeights: { [D in Dimension]: number };
  /** janus_* benchmark scores (0..100) and metrics, as janus-bench reports them. */
  benchmarkScores: Record<string, number>;
  benchmarkMetrics: Record<string, Record<string, unknown>>;
}
