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

/** Each keyword the subset accepts: a schema, a value it accepts, a value it refuses and the message. */
const KEYWORD_CASES: { keyword: string; schema: object; ok: unknown; bad: unknown; message: string }[] = [
  { keyword: 'type', schema: { type: 'integer' }, ok: 3, bad: 3.5, message: 'expected integer, got number' },
  {
    keyword: 'type (list)',
    schema: { type: ['string', 'null'] },
    ok: null,
    bad: 1,
    message: 'expected string or null, got integer',
  },
  {
    keyword: 'enum',
    schema: { enum: ['a', { b: 1 }] },
    ok: { b: 1 },
    bad: 'c',
    message: 'must be one of ["a",{"b":1}]',
  },
  { keyword: 'const', schema: { const: [1, 2] }, ok: [1, 2], bad: [2, 1], message: 'must equal [1,2]' },
  { keyword: 'minimum', schema: { minimum: 2 }, ok: 2, bad: 1.9, message: 'must be >= 2' },
  { keyword: 'maximum', schema: { maximum: 2 }, ok: 2, bad: 2.1, message: 'must be <= 2' },
  { keyword: 'exclusiveMinimum', schema: { exclusiveMinimum: 2 }, ok: 2.1, bad: 2, message: 'must be > 2' },
  { keyword: 'exclusiveMaximum', schema: { exclusiveMaximum: 2 }, ok: 1.9, bad: 2, message: 'must be < 2' },
  {
    keyword: 'multipleOf',
    schema: { multipleOf: 0.1 },
    ok: 0.3,
    bad: 0.35,
    message: 'must be a multiple of 0.1',
  },
  {
    keyword: 'minLength',
    schema: { minLength: 2 },
    ok: '😀😀',
    bad: '😀',
    message: 'must have at least 2 characters',
  },
  {
    keyword: 'maxLength',
    schema: { maxLength: 1 },
    ok: '😀',
    bad: 'ab',
    message: 'must have at most 1 characters',
  },
  {
    keyword: 'pattern',
    schema: { pattern: '^\\p{Lu}+$' },
    ok: 'ÀB',
    bad: 'Ab',
    message: 'must match /^\\p{Lu}+$/',
  },
  { keyword: 'minItems', schema: { minItems: 1 }, ok: [0], bad: [], message: 'must have at least 1 items' },
  {
    keyword: 'maxItems',
    schema: { maxItems: 1 },
    ok: [0],
    bad: [0, 1],
    message: 'must have at most 1 items',
  },
  {
    keyword: 'uniqueItems',
    schema: { uniqueItems: true },
    ok: [{ a: 1, b: 2 }, { a: 2 }],
    bad: [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    message: 'items must be unique',
  },
  {
    keyword: 'items',
    schema: { items: { type: 'string' } },
    ok: ['x'],
    bad: ['x', 1],
    message: 'expected string, got integer',
  },
  {
    keyword: 'prefixItems',
    schema: { prefixItems: [{ type: 'integer' }], items: false },
    ok: [1],
    bad: [1, 2],
    message: 'no value is allowed here',
  },
  {
    keyword: 'properties',
    schema: { properties: { a: { type: 'boolean' } } },
    ok: { a: true, b: 1 },
    bad: { a: 1 },
    message: 'expected boolean, got integer',
  },
  {
    keyword: 'required',
    schema: { required: ['toString'] },
    ok: { toString: 1 },
    bad: {},
    message: 'missing required property "toString"',
  },
  {
    keyword: 'additionalProperties: false',
    schema: { properties: {}, additionalProperties: false },
    ok: {},
    bad: { constructor: 1 },
    message: 'unexpected property "constructor"',
  },
  {
    keyword: 'additionalProperties: schema',
    schema: { additionalProperties: { type: 'integer' } },
    ok: { x: 1 },
    bad: { x: 'y' },
    message: 'expected integer, got string',
  },
  {
    keyword: 'minProperties',
    schema: { minProperties: 1 },
    ok: { a: 1 },
    bad: {},
    message: 'must have at least 1 properties',
  },
  {
    keyword: 'maxProperties',
    schema: { maxProperties: 1 },
    ok: { a: 1 },
    bad: { a: 1, b: 2 },
    message: 'must have at most 1 properties',
  },
  {
    keyword: 'allOf',
    schema: { allOf: [{ type: 'number' }, { minimum: 1 }] },
    ok: 1,
    bad: 0,
    message: 'must be >= 1',
  },
  {
    keyword: 'anyOf',
    schema: { anyOf: [{ type: 'string' }, { minimum: 5 }] },
    ok: 'x',
    bad: 4,
    message: 'must match at least one of anyOf',
  },
  {
    keyword: 'oneOf',
    schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
    ok: 1.5,
    bad: 1,
    message: 'must match exactly one of oneOf',
  },
  { keyword: 'not', schema: { not: { type: 'null' } }, ok: 0, bad: null, message: 'must not match "not"' },
];

describe('every keyword of the subset', () => {
  it.each(KEYWORD_CASES)('$keyword accepts its valid value and refuses the other with its message', (c) => {
    expect(validateSchema(c.ok, c.schema)).toEqual([]);
    expect(validateSchema(c.bad, c.schema).map((e) => e.message)).toEqual([c.message]);
    expect(unsupportedKeywords(c.schema)).toEqual([]);
  });

  it('ignores the annotation keywords', () => {
    const s = { title: 't', description: 'd', $schema: 'x', default: 1, examples: [1], strict: true };
    expect(validateSchema('anything', s)).toEqual([]);
    expect(unsupportedKeywords(s)).toEqual([]);
  });

  it('checks uniqueItems on a miner-sized array in linear time (a pairwise scan takes minutes)', () => {
    const many = Array.from({ length: 60_000 }, (_, i) => ({ n: i }));
    expect(validateSchema(many, { uniqueItems: true })).toEqual([]);
    expect(validateSchema([...many, { n: 5 }], { uniqueItems: true })).toHaveLength(1);
  });
});
