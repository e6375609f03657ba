export type Profile = 'janus' | 'rodeo';

/** One task's grade. Pure output of `evaluate`; scoring/ turns it into dimension scores. */
export interface Evaluation {
  /** 0..1 */
  quality: number;
  /** 0..1, present when the task feeds the multimodal dimension. */
  multimodal?: number;
  /** 0..1, present for cost tasks whose efficiency replaces the generic cost score. */
  costEfficiency?: number;
  /** What matched and what was missing, shown to miners. */
  details: Record<string, unknown>;
}

export const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
