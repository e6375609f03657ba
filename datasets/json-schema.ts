/**
 * A JSON Schema validator for the subset our tasks use (draft 2020-12 keywords): type, enum, const,
 * properties, required, additionalProperties, items, prefixItems, minItems, maxItems, uniqueItems,
 * minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern,
 * anyOf, oneOf, allOf, not, minProperties, maxProperties; description/title/$schema/default/examples
 * are ignored. Any other keyword is reported by `unsupportedKeywords`, so a suite never relies on one
 * silently.
 */

import { stringify } from 'safe-stable-stringify';

export type JsonSchema = Record<string, unknown>;

export interface SchemaError {
  /** JSON pointer of the offending value ('' = the root). */
  path: string;
  message: string;
}

const SUPPORTED = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'minProperties',
  'maxProperties',
  'description',
  'title',
  '$schema',
  'default',
  'examples',
  'strict',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

const pointer = (path: string, key: string | number) =>
  `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

export function validateSchema(value: unknown, schema: unknown, path = ''): SchemaError[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [{ path, message: 'no value is allowed here' }];
  if (!isObject(schema)) return [{ path, message: 'schema is not an object' }];
  const errors: SchemaError[] = [];
  const fail = (message: string, at = path) => errors.push({ path: at, message });
  const s = schema;

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(value, t))) {
      fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return errors;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, value))) {
    fail(`must be one of ${JSON.stringify(s.enum)}`);
  }
  if ('const' in s && !jsonEqual(s.const, value)) fail(`must equal ${JSON.stringify(s.const)}`);

  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`must be >= ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`must be <= ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      fail(`must be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      fail(`must be < ${s.exclusiveMaximum}`);
    if (
      typeof s.multipleOf === 'number' &&
      Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9
    ) {
      fail(`must be a multiple of ${s.multipleOf}`);
    }
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof s.minLength === 'number' && len < s.minLength)
      fail(`must have at least ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && len > s.maxLength)
      fail(`must have at most ${s.maxLength} characters`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      fail(`must match /${s.pattern}/`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      fail(`must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      fail(`must have at most ${s.maxItems} items`);
    if (s.uniqueItems === true && new Set(value.map((v) => stringify(v))).size !== value.length) {
      fail('items must be unique');
    }
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : s.items;
      errors.push(...validateSchema(item, itemSchema, pointer(path, i)));
    });
  }
  if (isObject(value)) {
    const props = isObject(s.properties) ? s.properties : {};
    const keys = Object.keys(value);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      fail(`must have at least ${s.minProperties} properties`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      fail(`must have at most ${s.maxProperties} properties`);
    if (Array.isArray(s.required)) {
      for (const k of s.required as string[])
        if (!Object.hasOwn(value, k)) fail(`missing required property "${k}"`, pointer(path, k));
    }
    for (const k of keys) {
      if (Object.hasOwn(props, k)) errors.push(...validateSchema(value[k], props[k], pointer(path, k)));
      else if (s.additionalProperties === false) fail(`unexpected property "${k}"`, pointer(path, k));
      else if (isObject(s.additionalProperties))
        errors.push(...validateSchema(value[k], s.additionalProperties, pointer(path, k)));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) errors.push(...validateSchema(value, sub, path));
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validateSchema(value, sub, path).length === 0)) {
    fail('must match at least one of anyOf');
  }
  if (
    Array.isArray(s.oneOf) &&
    s.oneOf.filter((sub) => validateSchema(value, sub, path).length === 0).length !== 1
  ) {
    fail('must match exactly one of oneOf');
  }
  if (s.not !== undefined && validateSchema(value, s.not, path).length === 0) fail('must not match "not"');
  return errors;
}

/** Keywords of `schema` (recursively) this validator does not implement. */
export function unsupportedKeywords(schema: unknown, path = ''): string[] {
  if (!isObject(schema)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!SUPPORTED.has(k)) out.push(`${path}/${k}`);
    if (k === 'properties' && isObject(v)) {
      for (const [p, sub] of Object.entries(v))
        out.push(...unsupportedKeywords(sub, `${path}/properties/${p}`));
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isObject(v)) {
      out.push(...unsupportedKeywords(v, `${path}/${k}`));
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf' || k === 'prefixItems') && Array.isArray(v)) {
      v.forEach((sub, i) => {
        out.push(...unsupportedKeywords(sub, `${path}/${k}/${i}`));
      });
    }
  }
  return out;
}
