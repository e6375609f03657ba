import { describe, expect, it } from 'vitest';
import { summarizeByCategory } from './report.js';

describe('summarizeByCategory', () => {
  it('averages quality, multimodal and cost efficiency per category, type and difficulty', () => {
    const s = summarizeByCategory([
      {
        task: { category: 'chat', type: 'text', difficulty: 'easy' },
        evaluation: { quality: 1, details: {} },
      },
      {
        task: { category: 'chat', type: 'exact', difficulty: 'hard' },
        evaluation: { quality: 0, details: {} },
      },
      {
        task: { category: 'multimodal_output', type: 'image_generation', difficulty: 'easy' },
        evaluation: { quality: 0.5, multimodal: 0.5, details: {} },
      },
      {
        task: { category: 'cost', type: 'direct_answer', difficulty: 'easy' },
        evaluation: { quality: 1, costEfficiency: 0.25, details: {} },
      },
    ]);
    expect(s.overall).toEqual({ count: 4, quality: 0.625, multimodal: 0.5, costEfficiency: 0.25 });
    expect(s.byCategory.chat).toEqual({ count: 2, quality: 0.5 });
    expect(s.byType.image_generation).toEqual({ count: 1, quality: 0.5, multimodal: 0.5 });
    expect(Object.keys(s.byDifficulty)).toEqual(['easy', 'hard']);
    expect(summarizeByCategory([]).overall).toEqual({ count: 0, quality: 0 });
  });
});
