import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalManifest, manifestSha256 } from '../protocol/index.js';
import { ValidatorErrors } from './errors.js';
import { jsonBoundsViolation, MANIFEST_BOUNDS, parseManifest, receivedHash } from './manifest-parse.js';

const URL = 'http://miner.example:8080/v1/submission';
const bytes = (text: string) => Buffer.from(text, 'utf8');
const coldkey = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const manifest = {
  v: 1 as const,
  name: 'turbo-engine',
  image: `ghcr.io/alice/engine@sha256:${'a'.repeat(64)}`,
  sourceUrl: 'https://github.com/alice/engine',
  sourceCommit: 'b'.repeat(40),
  license: 'MIT' as const,
  endpoint: 'https://miner.example:8080',
  components: [],
};

/** The error parseManifest throws (it must throw a coded error, never return or throw anything else). */
function failure(input: Uint8Array): Error & { code: string } {
  try {
    parseManifest(input, URL);
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('parseManifest accepted the input');
}

describe('parseManifest', () => {
  it('returns a valid manifest as served, hashing exactly as the miner does', () => {
    const served = bytes(JSON.stringify(Object.fromEntries(Object.entries(manifest).reverse())));
    const parsed = parseManifest(served, URL);
    expect(canonicalManifest(parsed)).toBe(canonicalManifest(manifest));
    expect(manifestSha256(parsed)).toBe(manifestSha256(manifest));
  });

  it('fails by name, without a RangeError, on a manifest nested 200,000 levels deep', () => {
    const arrays = `{"v":1,"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const objects = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    // the scan itself: past the depth bound after 8 levels, whatever follows
    expect(jsonBoundsViolation(arrays, MANIFEST_BOUNDS)).toBe('nested deeper than 8 levels');
    expect(jsonBoundsViolation(objects, MANIFEST_BOUNDS)).toBe('nested deeper than 8 levels');
    // through parseManifest too it is a named failure (400 KB: the size bound may answer first)
    for (const text of [arrays, objects]) {
      const err = failure(bytes(text));
      expect(err.code).toMatch(/^VALIDATOR_MANIFEST_(BOUNDS|TOO_LARGE)$/);
    }
  });

  it('refuses, inside the 64 KiB limit, nesting that made canonical JSON overflow the stack', () => {
    // 30,000 levels fit in 64 KiB; canonicalManifest (safe-stable-stringify) recursed on them and threw
    const deep = bytes(`{"v":1,"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
    expect(deep.length).toBeLessThanOrEqual(MANIFEST_BOUNDS.bytes);
    expect(() => canonicalManifest(JSON.parse(deep.toString()))).toThrow(RangeError);
    const err = failure(deep);
    expect(ValidatorErrors.MANIFEST_BOUNDS.is(err)).toBe(true);
    expect(err.message).toContain(`nested deeper than 8 levels (received sha256 ${receivedHash(deep)}…)`);
  });

  it('bounds keys per object and items per array, and ignores brackets and commas inside strings', () => {
    const keys = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]));
    expect(failure(bytes(JSON.stringify({ ...manifest, ...keys }))).message).toMatch(
      /more than 64 keys in an object/,
    );
    const items = JSON.stringify({ ...manifest, components: Array.from({ length: 1025 }, () => 0) });
    expect(failure(bytes(items)).message).toMatch(/more than 1024 items in an array/);
    expect(jsonBoundsViolation(JSON.stringify({ s: '[[[[[[[[[[,,,,\\"{{{{{{{{{{' }), MANIFEST_BOUNDS)).toBe(
      undefined,
    );
    expect(jsonBoundsViolation('[[],[],{},{}]', MANIFEST_BOUNDS)).toBe(undefined);
    expect(jsonBoundsViolation(`[${'0,'.repeat(1023)}0]`, MANIFEST_BOUNDS)).toBe(undefined);
  });

  it('accepts the largest valid manifest that fits in 64 KiB: the bounds refuse nothing the schema allows', () => {
    const component = (i: number) => ({
      name: `c${i}`,
      version: '1',
      builderHotkey: hotkey,
      builderColdkey: coldkey,
      share: 0.001,
    });
    const components: ReturnType<typeof component>[] = [];
    const big = () =>
      JSON.stringify({ ...manifest, hotkey, description: 'd'.repeat(500), components }, null, 0);
    while (bytes(big()).length < MANIFEST_BOUNDS.bytes - 200) components.push(component(components.length));
    expect(components.length).toBeGreaterThan(300);
    expect(parseManifest(bytes(big()), URL).components).toHaveLength(components.length);
  });

  it('names what is wrong and keeps only a short hash of the bytes received', () => {
    const secretish = JSON.stringify({ ...manifest, image: 'internal-admin-token-XYZ' });
    const err = failure(bytes(secretish));
    expect(ValidatorErrors.MANIFEST_INVALID.is(err)).toBe(true);
    expect(err.message).toMatch(/not valid: image: expected an image pinned by digest/);
    const short = createHash('sha256').update(secretish).digest('hex').slice(0, 16);
    expect(err.message).toContain(`received sha256 ${short}…`);
    expect(err.message).not.toContain('XYZ');

    const notJson = failure(bytes('{"token": "internal-admin-token-XYZ"'));
    expect(ValidatorErrors.MANIFEST_NOT_JSON.is(notJson)).toBe(true);
    expect(notJson.message).not.toContain('XYZ');
    expect(failure(bytes('[1,2]')).message).toMatch(/did not return a JSON object: got an array/);
    expect(failure(bytes('"x"')).message).toMatch(/got string/);
    expect(ValidatorErrors.MANIFEST_TOO_LARGE.is(failure(new Uint8Array(MANIFEST_BOUNDS.bytes + 1)))).toBe(
      true,
    );
  });

  it('requires the manifest endpoint to be an origin, as validators refuse anything more', () => {
    for (const endpoint of ['https://m.example/v1', 'https://m.example?x=1', 'https://u@m.example']) {
      expect(failure(bytes(JSON.stringify({ ...manifest, endpoint }))).message).toMatch(
        /endpoint: expected an origin/,
      );
    }
    expect(
      parseManifest(bytes(JSON.stringify({ ...manifest, endpoint: 'http://[2001:db8::1]:80/' })), URL),
    ).toBeTruthy();
  });

  it('never throws anything but a named error on arbitrary bytes', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = '{}[]",:\\ 0a1e-.tn\u00e9\ud800';
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: next() % 200 }, () => alphabet[next() % alphabet.length]).join('');
      let code = 'accepted';
      try {
        parseManifest(bytes(text), URL);
      } catch (err) {
        code = (err as { code?: string }).code ?? `unnamed ${String(err)}`;
      }
      expect(code).toMatch(/^VALIDATOR_MANIFEST_/);
    }
  });
});
