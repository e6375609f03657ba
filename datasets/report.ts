import type { Evaluation } from './evaluate/types.js';
import type { Category, Task } from './task.js';

export interface ScoreSummary {
  count: number;
  /** Mean quality, 0..1. */
  quality: number;
  /** Mean over the tasks that report it, when any do. */
  multimodal?: number;
  costEfficiency?: number;
}

export interface SuiteSummary {
  overall: ScoreSummary;
  byCategory: Partial<Record<Category, ScoreSummary>>;
  /** Keyed by Task.type (function_calling, image_generation, ...). */
  byType: Record<string, ScoreSummary>;
  byDifficulty: Record<string, ScoreSummary>;
}

type Item = { task: Pick<Task, 'category' | 'type' | 'difficulty'>; evaluation: Evaluation };

function summarize(items: Item[]): ScoreSummary {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mm = items.map((i) => i.evaluation.multimodal).filter((x): x is number => x !== undefined);
  const ce = items.map((i) => i.evaluation.costEfficiency).filter((x): x is number => x !== undefined);
  return {
    count: items.length,
    quality: items.length ? mean(items.map((i) => i.evaluation.quality)) : 0,
    ...(mm.length ? { multimodal: mean(mm) } : {}),
    ...(ce.length ? { costEfficiency: mean(ce) } : {}),
  };
}

function groupBy(items: Item[], key: (i: Item) => string): Record<string, ScoreSummary> {
  const groups = new Map<string, Item[]>();
  for (const i of items) groups.set(key(i), [...(groups.get(key(i)) ?? []), i]);
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, summarize(v)]),
  );
}

/** Per-category, per-task-type and per-difficulty means of task evaluations: what reports and the dashboard show. */
export function summarizeByCategory(items: Item[]): SuiteSummary {
  return {
    overall: summarize(items),
    byCategory: groupBy(items, (i) => i.task.category),
    byType: groupBy(items, (i) => i.task.type),
    byDifficulty: groupBy(items, (i) => i.task.difficulty),
  };
}
