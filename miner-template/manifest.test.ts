import { createHash } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalManifest, manifestSha256 } from '../protocol/index.js';
import { MinerErrors } from './errors.js';
import { buildManifest } from './manifest.js';
import { minerConfig } from './testing/config.js';

let alice: string;
let bob: string;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice').address;
  bob = keyring.addFromUri('//Bob').address;
});

const submission = () => ({
  name: 'turbo-reasoner-v2',
  image: `ghcr.io/alice/janus-turbo:2.0.1@sha256:${'0f'.repeat(32)}`,
  sourceUrl: 'https://github.com/alice/janus-turbo',
  sourceCommit: '8269626ddbf0deba415a90ec778e96d0e4188df7',
  endpoint: 'https://alice.example:8080',
  hotkey: alice,
  components: [
    { name: 'search-node', version: '1.2.0', builderHotkey: bob, builderColdkey: alice, share: 0.5 },
  ],
});

describe('submission manifest', () => {
  it('is canonical JSON (sorted keys, no spaces) whose sha256 is the commitment', () => {
    const manifest = buildManifest(minerConfig({ submission: submission() }).submission);
    const text = canonicalManifest(manifest);
    expect(text.startsWith('{"components":[{"builderColdkey":')).toBe(true);
    expect(text).not.toMatch(/\s/);
    expect(manifestSha256(manifest)).toBe(createHash('sha256').update(text).digest('hex'));
    // Key order in the input does not change the hash.
    const reordered = Object.fromEntries(Object.entries(manifest).reverse()) as typeof manifest;
    expect(manifestSha256(reordered)).toBe(manifestSha256(manifest));
    expect(manifest.license).toBe('MIT');
  });

  it('lists every problem with the setting to fix', () => {
    const bad = {
      ...submission(),
      image: 'ghcr.io/alice/janus-turbo:latest',
      sourceCommit: undefined,
      license: 'Proprietary',
      components: [
        { name: 'a', builderHotkey: 'not-an-address', builderColdkey: alice, share: 0.7 },
        { name: 'b', builderHotkey: bob, builderColdkey: alice, share: 0.6 },
      ],
    };
    const err = (() => {
      try {
        buildManifest(minerConfig({ submission: bad }).submission);
      } catch (e) {
        return e;
      }
    })();
    expect(MinerErrors.MANIFEST_INVALID.is(err)).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain('miner.submission.image: expected an image pinned by digest');
    expect(message).toContain('miner.submission.sourceCommit: missing');
    expect(message).toContain('miner.submission.license');
    expect(message).toContain('miner.submission.components.0.builderHotkey: expected an SS58 address');
    expect(message).toContain('component shares add up to more than 1');
  });
});
