import { describe, expect, it } from 'vitest';
import { unsupportedKeywords, validateSchema } from './json-schema.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true, maxItems: 2 },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

describe('JSON Schema subset', () => {
  it('accepts a valid value and names every problem of an invalid one', () => {
    expect(validateSchema({ name: 'x', age: 3, tags: ['a'], code: 'ABC' }, schema)).toEqual([]);
    const errors = validateSchema(
      { name: '', age: 2.5, tags: ['a', 'a', 'c'], code: 'abc', extra: 1 },
      schema,
    );
    expect(errors.map((e) => e.path).sort()).toEqual(
      ['/age', '/code', '/extra', '/name', '/tags', '/tags', '/tags/2'].sort(),
    );
    expect(validateSchema({ age: 1 }, schema)).toEqual([
      { path: '/name', message: 'missing required property "name"' },
    ]);
  });

  it('handles anyOf/oneOf/not and reports keywords it does not implement', () => {
    const s = { anyOf: [{ type: 'string' }, { type: 'number' }], not: { const: 5 } };
    expect(validateSchema('x', s)).toEqual([]);
    expect(validateSchema(5, s)).toHaveLength(1);
    expect(validateSchema(true, s)).toHaveLength(1);
    expect(
      unsupportedKeywords({ type: 'object', properties: { a: { $ref: '#/x', format: 'email' } } }),
    ).toEqual(['/properties/a/$ref', '/properties/a/format']);
  });
});
