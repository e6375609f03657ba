import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRodeoError } from '../config/index.js';
import { LICENSES, ManifestSchema, manifestSha256 } from '../protocol/index.js';
import { ValidatorErrors } from './errors.js';
import { MANIFEST_BOUNDS, parseManifest } from './manifest-parse.js';
import { canonicalSha256, fetchReveal } from './reveal.js';

const URL = 'http://miner.example:8080/v1/submission';
const MANIFEST_CODES = new Set(
  [
    ValidatorErrors.MANIFEST_TOO_LARGE,
    ValidatorErrors.MANIFEST_BOUNDS,
    ValidatorErrors.MANIFEST_NOT_JSON,
    ValidatorErrors.MANIFEST_INVALID,
  ].map((e) => e.code),
);
const enc = new TextEncoder();
const KEYS = [
  '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
];

/** Schema-valid manifests (shares of at most 1/8 each, so any 8 of them add up to at most 1). */
const validManifest = fc.record(
  {
    v: fc.constant(1 as const),
    name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    image: fc
      .tuple(fc.stringMatching(/^[a-z0-9./:-]{1,40}$/), fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([repo, digest]) => `${repo}@sha256:${digest}`),
    sourceUrl: fc.constantFrom('https://github.com/alice/engine', 'http://git.example/x?y=1'),
    sourceCommit: fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^[0-9a-f]{64}$/)),
    license: fc.constantFrom(...LICENSES),
    endpoint: fc.constantFrom('https://miner.example:8080', 'http://1.2.3.4:8000/', 'https://m.example'),
    hotkey: fc.constantFrom(...KEYS),
    description: fc.string({ minLength: 100, maxLength: 500 }),
    components: fc.uniqueArray(
      fc.record(
        {
          name: fc.string({ minLength: 1, maxLength: 20 }),
          version: fc.string({ minLength: 1, maxLength: 10 }),
          builderHotkey: fc.constantFrom(...KEYS),
          builderColdkey: fc.constantFrom(...KEYS),
          share: fc.double({ min: 0.001, max: 0.125, noNaN: true }),
        },
        { requiredKeys: ['name', 'builderHotkey', 'builderColdkey', 'share'] },
      ),
      { maxLength: 8, selector: (c) => c.name },
    ),
  },
  {
    requiredKeys: ['v', 'name', 'image', 'sourceUrl', 'sourceCommit', 'license', 'endpoint', 'components'],
  },
);

/** JSON text nested `depth` levels (arrays and objects), as a value of the manifest or as the whole text. */
const deepText = fc
  .record({ depth: fc.integer({ min: 1, max: 5000 }), object: fc.boolean(), inField: fc.boolean() })
  .map(({ depth, object, inField }) => {
    const inner = object
      ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
      : `${'['.repeat(depth)}${']'.repeat(depth)}`;
    return inField ? `{"v":1,"components":${inner}}` : inner;
  });

/** A valid manifest with one field replaced, removed, or an extra one added: any JSON value there. */
const mutated = fc
  .tuple(
    validManifest,
    fc.constantFrom(
      'v',
      'name',
      'image',
      'sourceUrl',
      'sourceCommit',
      'license',
      'endpoint',
      'hotkey',
      'components',
      'extra',
    ),
    fc.option(fc.jsonValue({ maxDepth: 4 })),
  )
  .map(([m, key, value]) => {
    const copy: Record<string, unknown> = { ...m };
    if (value === null) delete copy[key];
    else copy[key] = value;
    return copy;
  });

/** Bytes a miner may serve: arbitrary, JSON, deep, wide, large, invalid UTF-8, near-valid manifests. */
const served = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  fc.json().map((t) => enc.encode(t)),
  fc.jsonValue().map((v) => enc.encode(JSON.stringify(v))),
  deepText.map((t) => enc.encode(t)),
  mutated.map((m) => enc.encode(JSON.stringify(m))),
  validManifest.map((m) => enc.encode(JSON.stringify(m))),
  fc
    .record({ n: fc.integer({ min: 1000, max: 5000 }), array: fc.boolean() })
    .map(({ n, array }) =>
      enc.encode(
        array
          ? `{"v":1,"components":[${Array(n).fill('1').join(',')}]}`
          : `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`,
      ),
    ),
  fc.integer({ min: MANIFEST_BOUNDS.bytes - 2, max: MANIFEST_BOUNDS.bytes + 2 }).map((n) => {
    const text = `{"v":1,"pad":"${'x'.repeat(Math.max(0, n - 15))}"}`;
    return enc.encode(text);
  }),
  fc.tuple(validManifest, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat()).map(([m, junk, at]) => {
    const bytes = enc.encode(JSON.stringify(m));
    const i = at % (bytes.length + 1);
    return Uint8Array.from([...bytes.subarray(0, i), ...junk, ...bytes.subarray(i)]);
  }),
);

/** parseManifest's outcome: the manifest, or the coded error it threw (anything else fails the test). */
function outcome(bytes: Uint8Array): { manifest: unknown } | { code: string } {
  try {
    return { manifest: parseManifest(bytes, URL) };
  } catch (err) {
    expect(isRodeoError(err)).toBe(true);
    expect(MANIFEST_CODES).toContain((err as { code: string }).code);
    return { code: (err as { code: string }).code };
  }
}

describe('parseManifest (property)', () => {
  it('any bytes: a schema-valid manifest that hashes, or a VALIDATOR_MANIFEST_* error; never anything else', () => {
    fc.assert(
      fc.property(served, (bytes) => {
        const got = outcome(bytes);
        if ('manifest' in got) {
          expect(ManifestSchema.safeParse(got.manifest).success).toBe(true);
          expect(canonicalSha256(got.manifest)).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every schema-valid manifest, in any key order and layout, is accepted and hashes as the miner hashed it', () => {
    fc.assert(
      fc.property(validManifest, fc.boolean(), fc.constantFrom(0, 2, '\t'), (m, reverse, indent) => {
        const shuffled = reverse ? Object.fromEntries(Object.entries(m).reverse()) : m;
        const got = outcome(enc.encode(JSON.stringify(shuffled, null, indent)));
        expect('manifest' in got).toBe(true);
        if ('manifest' in got) expect(canonicalSha256(got.manifest)).toBe(manifestSha256(m));
      }),
      { numRuns: 200 },
    );
  });

  it('a hand-made manifest nested 200,000 deep is refused by name', () => {
    for (const text of [
      `{"v":1,"components":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`,
    ]) {
      const got = outcome(enc.encode(text));
      expect('code' in got && got.code).toMatch(/^VALIDATOR_MANIFEST_(BOUNDS|TOO_LARGE)$/);
    }
  });
});

describe('fetchReveal over HTTP (property)', () => {
  let server: Server;
  let base = '';
  let body: Uint8Array = new Uint8Array();
  let status = 200;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('any bytes served with 200: never rejects; ok only with a valid manifest and its hash, else a VALIDATOR_MANIFEST_* code', async () => {
    await fc.assert(
      fc.asyncProperty(served, async (bytes) => {
        body = bytes;
        status = 200;
        const got = await fetchReveal(base, { allowPrivate: true, timeoutMs: 2000 });
        if (got.ok) {
          expect(ManifestSchema.safeParse(got.manifest).success).toBe(true);
          expect(got.hash).toBe(canonicalSha256(got.manifest));
        } else {
          expect(got.manifest).toBeUndefined();
          expect(MANIFEST_CODES).toContain(got.code);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a non-200 reveal fails with a named code', async () => {
    body = enc.encode('{}');
    status = 404;
    const got = await fetchReveal(base, { allowPrivate: true, timeoutMs: 2000 });
    expect(got.ok).toBe(false);
    expect(got.code).toMatch(/^VALIDATOR_/);
  });
});
