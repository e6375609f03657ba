import { createHash } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSha256 } from '../protocol/index.js';
import { decideEligibility } from './eligibility.js';
import { ValidatorErrors } from './errors.js';
import type { Resolve } from './miner-connector.js';
import type { NeuronRecord, SubmissionRecord } from './record-types.js';
import { fetchReveal } from './reveal.js';

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

/** A miner on 127.0.0.1 serving `body` at /v1/submission (404 elsewhere), counting every request it gets. */
interface Miner {
  base: string;
  port: number;
  requests: number;
}
const servers: Server[] = [];
async function miner(body: string | undefined): Promise<Miner> {
  const m = { base: '', port: 0, requests: 0 };
  const handler: RequestListener = (req, res) => {
    m.requests++;
    if (req.url === '/v1/submission' && body !== undefined) res.end(body);
    else res.writeHead(404).end();
  };
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  m.port = (server.address() as AddressInfo).port;
  m.base = `http://127.0.0.1:${m.port}`;
  return m;
}
afterAll(() =>
  Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
);

const invalidBody = JSON.stringify({ ...manifest, image: 'internal-admin-token-XYZ' });
let ok: Miner;
let reordered: Miner;
let invalid: Miner;
let huge: Miner;
let missing: Miner;
let array: Miner;
let deep: Miner;
beforeAll(async () => {
  ok = await miner(JSON.stringify(manifest));
  reordered = await miner(JSON.stringify(Object.fromEntries(Object.entries(manifest).reverse())));
  invalid = await miner(invalidBody);
  huge = await miner(JSON.stringify({ ...manifest, pad: 'x'.repeat(100_000) }));
  missing = await miner(undefined);
  array = await miner('[1,2]');
  deep = await miner(`{"v":1,"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
});

const reveal = (m: Miner, allowPrivate = true) => fetchReveal(m.base, { allowPrivate, timeoutMs: 2000 });

describe('fetchReveal', () => {
  it('hashes the canonical manifest exactly as the miner commits it, whatever the key order served', async () => {
    const a = await reveal(ok);
    const b = await reveal(reordered);
    expect(a.ok).toBe(true);
    expect(a.hash).toBe(manifestSha256(manifest));
    expect(a.manifest).toEqual(manifest);
    expect(b.hash).toBe(a.hash);
  });

  it('names what is wrong: schema, size, status, shape, private address', async () => {
    expect((await reveal(invalid)).error).toMatch(/not valid: image: expected an image pinned by digest/);
    expect((await reveal(huge)).error).toMatch(/more than 65536 bytes/);
    expect((await reveal(missing)).error).toMatch(/HTTP 404/);
    expect((await reveal(array)).error).toMatch(/not return a JSON object/);
    expect((await reveal(ok, false)).error).toMatch(/endpoint refused: 127\.0\.0\.1 resolves to .*loopback/);
  });

  it('stores no invalid manifest: only the reason, with a short hash of what was received', async () => {
    const got = await reveal(invalid);
    const short = createHash('sha256').update(invalidBody).digest('hex').slice(0, 16);
    expect(got).toEqual({
      ok: false,
      manifest: undefined,
      hash: undefined,
      code: ValidatorErrors.MANIFEST_INVALID.code,
      error: expect.stringContaining(`(received sha256 ${short}…)`),
    });
    expect(JSON.stringify(got)).not.toContain('XYZ');
    // the reason the miner is ineligible is that error
    const entry = decideEligibility([neuron], [submission(invalid.base, got)], new Map())[0]!;
    expect(entry).toMatchObject({ eligible: false, reason: `reveal failed: ${got.error}` });
  });

  it('fails a manifest nested 30,000 deep by name (it made canonical JSON overflow the stack)', async () => {
    const got = await reveal(deep);
    expect(got).toMatchObject({ ok: false, manifest: undefined, code: ValidatorErrors.MANIFEST_BOUNDS.code });
    expect(got.error).toMatch(/nested deeper than 8 levels/);
  });

  it('refuses an endpoint that is more than an origin, before any request, and says so at eligibility', async () => {
    const before = ok.requests;
    for (const [suffix, part] of [
      ['/v1', /carries a path/],
      ['/?x=1', /carries a query/],
      ['#a', /carries a fragment/],
    ] as const) {
      const got = await fetchReveal(`${ok.base}${suffix}`, { allowPrivate: true, timeoutMs: 2000 });
      expect(got).toMatchObject({
        ok: false,
        manifest: undefined,
        code: ValidatorErrors.ENDPOINT_NOT_ORIGIN.code,
      });
      expect(got.error).toMatch(part);
      const entry = decideEligibility([neuron], [submission(`${ok.base}${suffix}`, got)], new Map())[0]!;
      expect(entry.reason).toMatch(/^reveal failed: miner endpoint .* an endpoint is an origin only/);
    }
    const creds = await fetchReveal(ok.base.replace('//', '//u:p@'), { allowPrivate: true, timeoutMs: 2000 });
    expect(creds.error).toMatch(/carries credentials/);
    expect(ok.requests).toBe(before);
  });

  it('a name server that never answers fails the reveal at its deadline, by name', async () => {
    const silent: Resolve = () => new Promise(() => {});
    const t0 = performance.now();
    const got = await fetchReveal('http://miner.silent.test:8080', {
      allowPrivate: false,
      timeoutMs: 300,
      resolve: silent,
    });
    expect(got).toMatchObject({ ok: false, code: ValidatorErrors.MANIFEST_UNREACHABLE.code });
    expect(got.error).toContain('resolving miner.silent.test took over 300 ms');
    // it resolved at the deadline, not never (a hang would time the test out)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('DNS rebinding: a name that answers a public address, then 127.0.0.1, never reaches 127.0.0.1', async () => {
    const target = await miner(JSON.stringify(manifest));
    // the test's resolver answers differently per lookup, as a rebinding attacker's DNS server does
    const answers = ['93.184.215.14', '127.0.0.1'];
    const asked: string[] = [];
    const rebinding: Resolve = async (host) => {
      asked.push(host);
      return [{ address: answers[Math.min(asked.length - 1, answers.length - 1)]!, family: 4 }];
    };
    const endpoint = `http://miner.rebind.test:${target.port}`;
    const got = await fetchReveal(endpoint, { allowPrivate: false, timeoutMs: 2000, resolve: rebinding });
    expect(got).toMatchObject({
      ok: false,
      manifest: undefined,
      code: ValidatorErrors.ENDPOINT_ADDRESS_REFUSED.code,
    });
    expect(got.error).toMatch(/miner\.rebind\.test resolves to 127\.0\.0\.1, a loopback address/);
    // both lookups happened: the first (public) passed the early check, the connection's own was refused
    expect(asked).toEqual(['miner.rebind.test', 'miner.rebind.test']);
    expect(target.requests).toBe(0);

    // control: the same resolver with private addresses allowed does lead the connection to 127.0.0.1,
    // so the 0 above is the connector refusing, not a name that failed to resolve
    asked.length = 0;
    const allowed = await fetchReveal(endpoint, { allowPrivate: true, timeoutMs: 2000, resolve: rebinding });
    expect(allowed.ok).toBe(true);
    expect(target.requests).toBe(1);
  });
});

const neuron: NeuronRecord = {
  uid: 1,
  hotkey: 'h1',
  coldkey: 'c1',
  stake: '0',
  validatorPermit: false,
  lastUpdate: 0,
  registeredAt: 0,
  axon: undefined,
};

function submission(endpoint: string, got: SubmissionRecord['reveal']): SubmissionRecord {
  return {
    hotkey: 'h1',
    uid: 1,
    commitBlock: 1,
    commitIndex: 0,
    committedHash: manifestSha256(manifest),
    endpoint,
    reveal: got,
  };
}
