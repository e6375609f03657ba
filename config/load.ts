import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigErrors } from './errors.js';
import { withCause } from './rodeo-error.js';
import { type Config, ConfigSchema } from './schema.js';
import { listSettings, type Setting } from './settings.js';
import { closest } from './suggest.js';

export interface LoadOptions {
  /** JSON config file; else RODEO_CONFIG; else ./rodeo.config.json when it exists. */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Overrides by dotted key, e.g. { 'bench.target': 'http://…' }; strings are coerced by the setting's type. */
  flags?: Record<string, unknown>;
  /** The flag the user typed for a key of `flags` (e.g. 'bench.requestTimeoutMs' -> '--timeout'): errors name it. */
  flagNames?: Record<string, string>;
  cwd?: string;
}

type Tree = Record<string, unknown>;
type Source =
  | { kind: 'file'; file: string }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; key: string; flag: string };

const isPlainObject = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const k of path.slice(0, -1)) {
    if (!isPlainObject(node[k])) node[k] = {};
    node = node[k] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

function getPath(tree: unknown, path: readonly (string | number | symbol)[]): unknown {
  let node = tree;
  for (const k of path) {
    if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number | symbol, unknown>)[k];
  }
  return node;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? merge(out[k] as Tree, v) : v;
  }
  return out;
}

/**
 * RODEO_* variables that are not settings: the config file's path, the launcher's switch to the TypeScript
 * sources (bin/rodeo.mjs) and the browser the dashboard tests drive.
 */
const NOT_SETTINGS = new Set(['RODEO_CONFIG', 'RODEO_FROM_SOURCE', 'RODEO_CHROMIUM']);

/** Turns text from env or a flag into the setting's type; leaves it as text when it does not convert, so validation names it. */
export function coerce(setting: Setting | undefined, raw: unknown): unknown {
  if (typeof raw !== 'string' || !setting) return raw;
  const text = raw.trim();
  switch (setting.type) {
    case 'integer':
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : raw;
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return raw;
    case 'array':
      if (text.startsWith('[')) return parseJsonOr(text, raw);
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    case 'object':
      return parseJsonOr(text, raw);
    case 'any':
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      return raw;
    default:
      return raw;
  }
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

function readFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw withCause(ConfigErrors.FILE_UNREADABLE(file, (err as Error).message), err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text around the fault, which may be a secret (a key URI, a token): position only
    const at = /position (\d+)/.exec((err as Error).message);
    throw ConfigErrors.FILE_NOT_JSON(file, at ? `it stops at offset ${at[1]}` : 'it does not parse');
  }
  if (!isPlainObject(parsed)) throw ConfigErrors.FILE_NOT_JSON(file, 'the top level must be an object');
  return parsed;
}

function describeSource(source: Source | undefined): string {
  if (!source) return 'default';
  if (source.kind === 'file') return `file ${source.file}`;
  if (source.kind === 'env') return `env ${source.name}`;
  return `flag ${source.flag}`;
}

function formatIssues(issues: z.core.$ZodIssue[], input: Tree, sources: Map<string, Source>): string {
  const settings = listSettings();
  const keys = settings.map((s) => s.key);
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const key = [...issue.path.map(String), k].join('.');
        const near = closest(key, keys);
        const from = describeSource(
          sources.get(key) ?? [...sources.entries()].find(([s]) => s.startsWith(`${key}.`))?.[1],
        );
        lines.push(`  ${key} (from ${from}): unknown setting${near ? `; did you mean ${near}?` : ''}`);
      }
      continue;
    }
    const key = issue.path.map(String).join('.');
    const setting = settings.find((s) => s.key === key) ?? settings.find((s) => key.startsWith(`${s.key}.`));
    const value = getPath(input, issue.path);
    const shown = setting?.secret ? '***' : JSON.stringify(value);
    const source = sources.get(key) ?? (setting ? sources.get(setting.key) : undefined);
    const allowed = setting ? `; allowed: ${setting.allowed}` : '';
    // text from a flag or env that did not convert: "expected number", not zod's "received string"
    const message =
      issue.code === 'invalid_type' && typeof value === 'string' && source && source.kind !== 'file'
        ? `not ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`
        : issue.message;
    if (source?.kind === 'flag') {
      // name what the user typed first; the setting it sets after
      lines.push(`  ${source.flag} ${shown ?? ''}: ${message}${allowed} (setting ${key})`);
      continue;
    }
    lines.push(
      `  ${key || '(root)'} = ${shown ?? 'undefined'} (from ${describeSource(source)}): ${message}${allowed}`,
    );
  }
  return lines.join('\n');
}

/** Environment variables that set this setting, strongest first. */
function envValue(env: Record<string, string | undefined>, s: Setting): [string, string] | undefined {
  for (const name of [s.env, ...s.envAliases]) {
    const v = env[name];
    if (v !== undefined && v !== '') return [name, v];
  }
  return undefined;
}

/** Builds the effective config: flags > env (RODEO_*) > file > defaults. Throws CONFIG_* errors naming the bad value. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const settings = listSettings();
  const sources = new Map<string, Source>();

  let tree: Tree = {};
  const file =
    options.file ??
    env.RODEO_CONFIG ??
    (existsSync(resolve(cwd, 'rodeo.config.json')) ? 'rodeo.config.json' : undefined);
  if (file) {
    const path = resolve(cwd, file);
    tree = readFile(path);
    const mark = (node: unknown, prefix: string[]) => {
      if (isPlainObject(node) && !settings.some((s) => s.key === prefix.join('.'))) {
        for (const [k, v] of Object.entries(node)) mark(v, [...prefix, k]);
      } else sources.set(prefix.join('.'), { kind: 'file', file: path });
    };
    mark(tree, []);
  }

  const envTree: Tree = {};
  const known = new Set(settings.flatMap((s) => [s.env]));
  for (const name of Object.keys(env)) {
    if (name.startsWith('RODEO_') && !NOT_SETTINGS.has(name) && !known.has(name) && env[name] !== '') {
      throw ConfigErrors.UNKNOWN_ENV(name, closest(name, [...known]));
    }
  }
  for (const s of settings) {
    const hit = envValue(env, s);
    if (!hit) continue;
    setPath(envTree, s.path, coerce(s, hit[1]));
    sources.set(s.key, { kind: 'env', name: hit[0] });
  }

  const flagTree: Tree = {};
  for (const [key, raw] of Object.entries(options.flags ?? {})) {
    if (raw === undefined) continue;
    setPath(
      flagTree,
      key.split('.'),
      coerce(
        settings.find((s) => s.key === key),
        raw,
      ),
    );
    sources.set(key, { kind: 'flag', key, flag: options.flagNames?.[key] ?? `--${key}` });
  }

  const input = merge(merge(tree, envTree), flagTree);
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) throw ConfigErrors.INVALID(formatIssues(parsed.error.issues, input, sources));
  return parsed.data;
}

/** The defaults alone (no file, no env). */
export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
