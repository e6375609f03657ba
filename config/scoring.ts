import { z } from 'zod';

export const DIMENSIONS = ['quality', 'speed', 'cost', 'streaming', 'multimodal'] as const;

export const WeightsSchema = z
  .object({
    quality: z.number().min(0).max(1).default(0.4),
    speed: z.number().min(0).max(1).default(0.2),
    cost: z.number().min(0).max(1).default(0.15),
    streaming: z.number().min(0).max(1).default(0.15),
    multimodal: z.number().min(0).max(1).default(0.1),
  })
  .strict()
  .refine((w) => Math.abs(DIMENSIONS.reduce((s, d) => s + w[d], 0) - 1) < 1e-9, {
    message: 'weights must sum to 1 (e.g. 0.4, 0.2, 0.15, 0.15, 0.1)',
  });

export const ScoringSchema = z
  .object({
    profile: z
      .enum(['rodeo-v1', 'janus-compat'])
      .default('rodeo-v1')
      .describe('scoring profile: rodeo-v1 (quirks fixed) or janus-compat (janus-bench exactly)'),
    weights: WeightsSchema.prefault({}).describe('composite weights of the five dimensions; must sum to 1'),
  })
  .strict();
