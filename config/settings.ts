import { z } from 'zod';
import { ConfigSchema } from './schema.js';

/** One leaf setting of the schema, as shown by `rodeo config` and the README reference. */
export interface Setting {
  key: string;
  path: string[];
  env: string;
  envAliases: string[];
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';
  default: unknown;
  description: string;
  secret: boolean;
  allowed: string;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  default?: unknown;
  description?: string;
  secret?: boolean;
  envAliases?: string[];
  items?: JsonSchema;
}

export const toUpperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
export const envName = (path: string[]) => `RODEO_${path.map(toUpperSnake).join('_')}`;

function allowedText(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(allowedText).join(' or ');
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.type === 'integer' || s.type === 'number') {
    const noun = s.type === 'integer' ? 'an integer' : 'a number';
    const parts: string[] = [];
    if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
    if (s.minimum !== undefined) parts.push(`>= ${s.minimum}`);
    if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`<= ${s.maximum}`);
    return parts.length ? `${noun} ${parts.join(' and ')}` : noun;
  }
  if (s.type === 'boolean') return 'true or false';
  if (s.type === 'string') return s.pattern ? `text matching /${s.pattern}/` : 'non-empty text';
  if (s.type === 'array')
    return `a list${s.items ? ` of ${allowedText(s.items)}` : ''} (JSON array or comma-separated)`;
  if (s.type === 'object') return 'a JSON object';
  return 'any value';
}

function leafType(s: JsonSchema): Setting['type'] {
  if (s.anyOf) {
    const types = new Set(s.anyOf.map(leafType));
    return types.size === 1 ? [...types][0]! : 'any';
  }
  const t = s.type;
  return t === 'string' ||
    t === 'number' ||
    t === 'integer' ||
    t === 'boolean' ||
    t === 'array' ||
    t === 'object'
    ? t
    : 'any';
}

function walk(s: JsonSchema, path: string[], out: Setting[]): void {
  if (s.type === 'object' && s.properties && !s.secret) {
    for (const [k, child] of Object.entries(s.properties)) walk(child, [...path, k], out);
    return;
  }
  out.push({
    key: path.join('.'),
    path,
    env: envName(path),
    envAliases: s.envAliases ?? [],
    type: leafType(s),
    default: s.default,
    description: s.description ?? '',
    secret: s.secret === true,
    allowed: allowedText(s),
  });
}

let cache: Setting[] | undefined;

/** Every leaf setting with its env name, default, allowed values and description. */
export function listSettings(): Setting[] {
  if (!cache) {
    const json = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache = [];
    walk(json, [], cache);
  }
  return cache;
}

export function findSetting(key: string): Setting | undefined {
  return listSettings().find((s) => s.key === key);
}
