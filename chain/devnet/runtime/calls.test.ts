import { expect, it } from 'vitest';
import { declaredCalls } from './calls.js';

it('implements every call the devnet metadata declares', () => {
  const calls = declaredCalls();
  expect(calls.length).toBeGreaterThan(40);
  expect(calls.filter((c) => !c.implemented)).toEqual([]);
});
