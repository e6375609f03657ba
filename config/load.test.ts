import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigErrors } from './errors.js';
import { defaultConfig, loadConfig } from './load.js';
import { maskSecrets } from './mask.js';
import type { RodeoError } from './rodeo-error.js';
import { listSettings } from './settings.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rodeo-config-'));

describe('loadConfig', () => {
  it('gives the defaults with no file, env or flags', () => {
    const c = loadConfig({ env: {}, cwd: tmp() });
    expect(c).toEqual(defaultConfig());
    // deadlines come per task category; no global first-token deadline unless one is forced
    expect(c.bench.ttftTimeoutMs).toBeUndefined();
    expect(c.bench.deadlines.research).toEqual({ firstTokenMs: 240_000, totalMs: 300_000 });
    expect(c.scoring.weights).toEqual({
      quality: 0.4,
      speed: 0.2,
      cost: 0.15,
      streaming: 0.15,
      multimodal: 0.1,
    });
  });

  it('layers flags over env over file over defaults', () => {
    const dir = tmp();
    const file = join(dir, 'rodeo.config.json');
    writeFileSync(file, JSON.stringify({ bench: { target: 'http://file:1', model: 'from-file', seed: 7 } }));
    const c = loadConfig({
      cwd: dir,
      env: { RODEO_BENCH_MODEL: 'from-env', RODEO_BENCH_TTFT_TIMEOUT_MS: '2500', RODEO_BENCH_SEED: '9' },
      flags: { 'bench.model': 'from-flag' },
    });
    expect(c.bench.target).toBe('http://file:1');
    expect(c.bench.model).toBe('from-flag');
    expect(c.bench.ttftTimeoutMs).toBe(2500);
    expect(c.bench.seed).toBe(9);
  });

  it('names the field, the value, its source and what is allowed', () => {
    const err = (() => {
      try {
        loadConfig({ env: { RODEO_BENCH_TTFT_TIMEOUT_MS: 'soon' }, cwd: tmp() });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(ConfigErrors.INVALID.is(err)).toBe(true);
    expect(err?.message).toContain('bench.ttftTimeoutMs = "soon" (from env RODEO_BENCH_TTFT_TIMEOUT_MS)');
    expect(err?.message).toContain('allowed: an integer > 0');
  });

  it('names the flag the user typed, then the setting it sets', () => {
    const fail = (options: Parameters<typeof loadConfig>[0]) => {
      try {
        loadConfig(options);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    const typed = fail({
      env: {},
      cwd: tmp(),
      flags: { 'bench.requestTimeoutMs': 'abc' },
      flagNames: { 'bench.requestTimeoutMs': '--timeout' },
    });
    expect(typed).toContain('--timeout "abc": not a number; allowed: an integer > 0');
    expect(typed).toContain('(setting bench.requestTimeoutMs)');
    expect(typed).not.toContain('received string');
    // without the name a caller typed, the flag is the setting's own
    expect(fail({ env: {}, cwd: tmp(), flags: { 'bench.requestTimeoutMs': 'abc' } })).toContain(
      '--bench.requestTimeoutMs "abc"',
    );
  });

  it('suggests the nearest setting for a typo in a file', () => {
    const dir = tmp();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ bench: { targt: 'http://x:1' } }));
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(
      /bench\.targt .*did you mean bench\.target\?/,
    );
  });

  it('rejects weights that do not sum to 1', () => {
    expect(() => loadConfig({ env: {}, cwd: tmp(), flags: { 'scoring.weights.quality': '0.5' } })).toThrow(
      /weights must sum to 1/,
    );
  });

  it('rejects unknown RODEO_ variables with a suggestion', () => {
    expect(() => loadConfig({ env: { RODEO_BENCH_TARGE: 'x' }, cwd: tmp() })).toThrow(
      /did you mean RODEO_BENCH_TARGET/,
    );
  });

  it('accepts the RODEO_ variables that are not settings (launcher and test switches)', () => {
    const env = { RODEO_FROM_SOURCE: '1', RODEO_CHROMIUM: '/usr/bin/chromium' };
    expect(loadConfig({ env, cwd: tmp() }).bench.target).toBe(
      loadConfig({ env: {}, cwd: tmp() }).bench.target,
    );
  });

  it('fails clearly on a file that is not JSON', () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ bench: ');
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(/is not valid JSON/);
  });

  it('never quotes a broken config file, which may hold a secret', () => {
    const dir = tmp();
    const file = join(dir, 'secret.json');
    writeFileSync(file, '{"chain": {"hotkeyUri": plantedsecretword alpha}}');
    let text = '';
    try {
      loadConfig({ file, env: {}, cwd: dir });
    } catch (err) {
      text = `${(err as RodeoError).describe()}\n${(err as Error).stack}\n${String((err as Error).cause)}`;
    }
    expect(text).toContain('is not valid JSON');
    expect(text).not.toContain('plantedsec');
  });

  it('masks secrets', () => {
    const c = loadConfig({ env: { RODEO_CHAIN_HOTKEY_URI: '//Alice' }, cwd: tmp() });
    expect(c.chain.hotkeyUri).toBe('//Alice');
    expect(maskSecrets(c).chain.hotkeyUri).toBe('***');
    expect(listSettings().find((s) => s.key === 'chain.hotkeyUri')?.secret).toBe(true);
  });
});
