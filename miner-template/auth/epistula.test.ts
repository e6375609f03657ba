import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/index.js';
import { defaultConfig } from '../../config/index.js';
import { normalizeTask } from '../../datasets/index.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../../localnet/scripted-upstream.js';
import { signEpistulaHeaders } from '../../protocol/index.js';
import { createMinerApp } from '../app.js';
import { MinerErrors } from '../errors.js';
import { type RunningMiner, serveMiner } from '../serve.js';
import { minerConfig } from '../testing/config.js';
import { verifyEpistula } from './epistula.js';
import { NonceCache } from './nonce-cache.js';
import { ownHotkey } from './own-hotkey.js';

let validator: KeyringPair;
let stranger: KeyringPair;
let minerKey: KeyringPair;

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  validator = keyring.addFromUri('//Alice');
  stranger = keyring.addFromUri('//Eve');
  minerKey = keyring.addFromUri('//Bob');
});

const lower = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
const body = Buffer.from('{"model":"x","messages":[{"role":"user","content":"hi"}]}');

function verify(
  headers: Record<string, string>,
  options: { now?: number; body?: Buffer; nonces?: NonceCache } = {},
) {
  return verifyEpistula(lower(headers), options.body ?? body, {
    now: options.now ?? Date.now(),
    maxSkewMs: 8000,
    signedFor: minerKey.address,
    isAllowed: (hk) => hk === validator.address,
    nonces: options.nonces ?? new NonceCache(16_000),
  });
}

const rejection = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('Epistula signatures', () => {
  it('accepts a fresh signature of the exact body by an allowed validator', async () => {
    expect(await verify(signEpistulaHeaders(validator, body, minerKey.address))).toBe(validator.address);
  });

  it('rejects stale, tampered, foreign, misaddressed, unsigned and replayed requests', async () => {
    const now = Date.now();
    const stale = signEpistulaHeaders(validator, body, minerKey.address, { now: now - 9000 });
    expect(MinerErrors.AUTH_STALE.is(await rejection(verify(stale, { now })))).toBe(true);
    const future = signEpistulaHeaders(validator, body, minerKey.address, { now: now + 9000 });
    expect(MinerErrors.AUTH_STALE.is(await rejection(verify(future, { now })))).toBe(true);

    const signed = signEpistulaHeaders(validator, body, minerKey.address);
    const tampered = Buffer.from(body.toString().replace('hi', 'ho'));
    expect(MinerErrors.AUTH_BAD_SIGNATURE.is(await rejection(verify(signed, { body: tampered })))).toBe(true);
    const forged = {
      ...signEpistulaHeaders(stranger, body, minerKey.address),
      'Epistula-Signed-By': validator.address,
    };
    expect(MinerErrors.AUTH_BAD_SIGNATURE.is(await rejection(verify(forged)))).toBe(true);

    const foreign = signEpistulaHeaders(stranger, body, minerKey.address);
    expect(MinerErrors.AUTH_NOT_ALLOWED.is(await rejection(verify(foreign)))).toBe(true);
    const elsewhere = signEpistulaHeaders(validator, body, stranger.address);
    expect(MinerErrors.AUTH_WRONG_RECIPIENT.is(await rejection(verify(elsewhere)))).toBe(true);
    const { 'Epistula-Request-Signature': _, ...unsigned } = signEpistulaHeaders(
      validator,
      body,
      minerKey.address,
    );
    expect(MinerErrors.AUTH_MISSING.is(await rejection(verify(unsigned)))).toBe(true);
    const { 'Epistula-Signed-For': __, ...forNobody } = signEpistulaHeaders(
      validator,
      body,
      minerKey.address,
    );
    expect(MinerErrors.AUTH_MISSING.is(await rejection(verify(forNobody)))).toBe(true);
    const forNone = signEpistulaHeaders(validator, body, '');
    expect(MinerErrors.AUTH_MISSING.is(await rejection(verify(forNone)))).toBe(true);

    const nonces = new NonceCache(16_000);
    const once = signEpistulaHeaders(validator, body, minerKey.address);
    await verify(once, { nonces });
    expect(MinerErrors.AUTH_REPLAY.is(await rejection(verify(once, { nonces })))).toBe(true);
  });

  it('forgets nonces after their TTL and stays bounded', () => {
    const cache = new NonceCache(100, 3);
    expect(cache.claim('a', 0)).toBe(true);
    expect(cache.claim('a', 50)).toBe(false);
    expect(cache.claim('a', 101)).toBe(true);
    for (const n of ['b', 'c', 'd', 'e']) cache.claim(n, 102);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});

describe('miner with auth enabled', () => {
  let upstream: ScriptedUpstream;
  let miner: RunningMiner;
  beforeAll(async () => {
    upstream = await startScriptedUpstream({ answer: () => ({ events: [{ content: 'signed hello' }] }) });
    miner = await serveMiner(
      minerConfig({
        host: '127.0.0.1',
        port: 0,
        upstream: { baseUrl: upstream.url },
        auth: { enabled: true, hotkey: minerKey.address, validatorHotkeys: [validator.address] },
      }),
      { isValidator: (hk) => hk === stranger.address },
    );
  });
  afterAll(async () => {
    await miner?.close();
    await upstream?.close();
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${miner.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('serves signed requests from configured and provider-approved validators, 401s the rest', async () => {
    const ok = await post(signEpistulaHeaders(validator, body, minerKey.address));
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content,
    ).toBe('signed hello');
    expect((await post(signEpistulaHeaders(stranger, body, minerKey.address))).status).toBe(200);

    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    const replayed = signEpistulaHeaders(validator, body, minerKey.address);
    expect((await post(replayed)).status).toBe(200);
    expect((await post(replayed)).status).toBe(401);
    const health = await fetch(`${miner.url}/health`);
    expect(health.status).toBe(200);
  });

  it('accepts streams from the bench runner when it signs each body as a validator does', async () => {
    const task = normalizeTask({
      id: 'auth',
      category: 'chat',
      input: { messages: [{ role: 'user', content: 'hi' }] },
    });
    const target = { id: 'm', url: miner.url, model: 'janus' };
    const config = { ...defaultConfig().bench, concurrency: { global: 2, perTarget: 1 } };
    const signed = await runBench({
      tasks: [task],
      targets: [{ ...target, sign: (b: string) => signEpistulaHeaders(validator, b, minerKey.address) }],
      config,
    });
    expect(signed.get('m')![0]!.error).toBeUndefined();
    expect(signed.get('m')![0]!.content).toBe('signed hello');
    const unsigned = await runBench({ tasks: [task], targets: [target], config });
    expect(unsigned.get('m')![0]!.error?.code).toBe('BENCH_HTTP_STATUS');
    expect(unsigned.get('m')![0]!.error?.message).toMatch(/401/);
  });
});

describe("a miner's own hotkey", () => {
  let upstream: ScriptedUpstream;
  const running: RunningMiner[] = [];
  beforeAll(async () => {
    upstream = await startScriptedUpstream({
      answer: () => ({ events: [{ content: 'for the right miner' }] }),
    });
  });
  afterAll(async () => {
    await Promise.all(running.map((m) => m.close()));
    await upstream?.close();
  });

  /** A miner with auth on and no miner.auth.hotkey: the default setting. */
  const serve = async (over: { submissionHotkey?: string; walletHotkey?: string }) => {
    const miner = await serveMiner(
      minerConfig({
        host: '127.0.0.1',
        port: 0,
        upstream: { baseUrl: upstream.url },
        auth: { enabled: true, validatorHotkeys: [validator.address] },
        ...(over.submissionHotkey ? { submission: { hotkey: over.submissionHotkey } } : {}),
      }),
      over.walletHotkey ? { hotkey: over.walletHotkey } : {},
    );
    running.push(miner);
    return miner;
  };
  const post = async (miner: RunningMiner, headers: Record<string, string>) => {
    const res = await fetch(`${miner.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; type: string } } };
  };

  it('refuses, by default, a validator request relayed from another miner (signed for another hotkey)', async () => {
    for (const miner of [
      await serve({ walletHotkey: minerKey.address }),
      await serve({ submissionHotkey: minerKey.address }),
    ]) {
      // a copycat (stranger) received a request the validator signed for it and relays it here
      const relayed = await post(miner, signEpistulaHeaders(validator, body, stranger.address));
      expect(relayed.status).toBe(403);
      expect(relayed.body.error).toMatchObject({
        code: 'MINER_AUTH_WRONG_RECIPIENT',
        type: 'permission_error',
      });
      const { 'Epistula-Signed-For': _, ...forNobody } = signEpistulaHeaders(
        validator,
        body,
        minerKey.address,
      );
      const unaddressed = await post(miner, forNobody);
      expect(unaddressed.status).toBe(401);
      expect(unaddressed.body.error?.code).toBe('MINER_AUTH_MISSING');
      expect((await post(miner, signEpistulaHeaders(validator, body, minerKey.address))).status).toBe(200);
    }
  });

  it('will not start with auth on and no hotkey of its own, or with two hotkeys', () => {
    const config = (submission?: string, configured?: string) =>
      minerConfig({
        upstream: { baseUrl: upstream.url },
        auth: {
          enabled: true,
          validatorHotkeys: [validator.address],
          ...(configured ? { hotkey: configured } : {}),
        },
        ...(submission ? { submission: { hotkey: submission } } : {}),
      });
    expect(() => createMinerApp(config())).toThrow(/this miner's hotkey is unknown/);
    expect(() => createMinerApp(config(), { hotkey: minerKey.address })).not.toThrow();
    expect(() => createMinerApp(config(stranger.address), { hotkey: minerKey.address })).toThrow(
      /the wallet hotkey is .* but miner.submission.hotkey is/,
    );
    expect(() => createMinerApp(config(undefined, stranger.address), { hotkey: minerKey.address })).toThrow(
      /miner.auth.hotkey is .* but the wallet hotkey is/,
    );
    // auth off: no hotkey needed
    expect(() => createMinerApp(minerConfig({ upstream: { baseUrl: upstream.url } }))).not.toThrow();
  });

  it('takes miner.auth.hotkey, then the wallet, then miner.submission.hotkey', () => {
    expect(ownHotkey({ submission: 'S' })).toEqual({ hotkey: 'S', from: 'miner.submission.hotkey' });
    expect(ownHotkey({ wallet: 'W', submission: 'W' })).toEqual({ hotkey: 'W', from: 'the wallet hotkey' });
    expect(ownHotkey({ configured: 'C', wallet: 'C' })).toEqual({ hotkey: 'C', from: 'miner.auth.hotkey' });
    expect(ownHotkey({})).toBeUndefined();
    expect(() => ownHotkey({ configured: 'C', submission: 'S' })).toThrow(
      /miner.auth.hotkey is C but miner.submission.hotkey is S/,
    );
  });
});
