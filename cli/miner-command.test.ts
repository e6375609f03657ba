import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain } from '../chain/index.js';
import { defaultConfig, silentLogger } from '../config/index.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../localnet/index.js';
import { signEpistulaHeaders } from '../protocol/index.js';

const BIN = resolve(import.meta.dirname, '../bin/rodeo.mjs');
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_') && k !== 'CHUTES_API_KEY'),
  );

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream({ answer: () => ({ events: [{ content: 'from the cli miner' }] }) });
});
afterAll(() => upstream?.close());

/** Starts `rodeo miner serve` and resolves with its URL once it logs that it listens. */
async function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'miner', 'serve', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr!.on('data', (b: Buffer) => {
      log += b.toString();
      const m = /"url":"(http:\/\/[^"]+)".*miner listening/.exec(log);
      if (m) ok(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`miner exited with ${code}: ${log}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}

describe('rodeo miner serve', () => {
  it('serves the upstream with the key from CHUTES_API_KEY and stops cleanly on SIGTERM', async () => {
    const { child, url } = await serve(['--upstream', upstream.url, '--model', 'm-from-flag'], {
      CHUTES_API_KEY: 'chutes-key',
    });
    try {
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused' });
      const completion = await client.chat.completions.create({
        model: 'x',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(completion.choices[0]!.message.content).toBe('from the cli miner');
      const seen = upstream.requests.at(-1)!;
      expect(seen.headers.authorization).toBe('Bearer chutes-key');
      expect(seen.body.model).toBe('m-from-flag');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('reads the key from the variable named by --api-key-env', async () => {
    const { child, url } = await serve(['--upstream', upstream.url, '--api-key-env', 'MY_PROVIDER_KEY'], {
      MY_PROVIDER_KEY: 'other-key',
    });
    try {
      await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer other-key');
    } finally {
      await stop(child);
    }
  });
});

describe('rodeo miner serve with Epistula auth', () => {
  const keyring = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

  it('takes its hotkey from the wallet it serves with and refuses requests signed for another miner', async () => {
    await cryptoWaitReady();
    const validator = keyring().addFromUri('//Alice');
    const mine = keyring().addFromUri('//Bob').address;
    const other = keyring().addFromUri('//Eve').address;
    const { child, url } = await serve(['--upstream', upstream.url], {
      RODEO_CHAIN_HOTKEY_URI: '//Bob',
      RODEO_MINER_AUTH_ENABLED: 'true',
      RODEO_MINER_AUTH_VALIDATOR_HOTKEYS: validator.address,
    });
    try {
      const body = JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
      const post = (signedFor: string) =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signEpistulaHeaders(validator, body, signedFor) },
          body,
        });
      const relayed = await post(other);
      expect(relayed.status).toBe(403);
      expect(((await relayed.json()) as { error: { code: string } }).error.code).toBe(
        'MINER_AUTH_WRONG_RECIPIENT',
      );
      expect((await post(mine)).status).toBe(200);
    } finally {
      await stop(child);
    }
  });

  it('will not serve with auth on when it cannot tell its own hotkey', async () => {
    const failed = await promisify(execFile)(
      process.execPath,
      [BIN, 'miner', 'serve', '--host', '127.0.0.1', '--port', '0', '--upstream', upstream.url],
      {
        env: {
          ...cleanEnv(),
          RODEO_CHAIN_WALLET_PATH: resolve(import.meta.dirname, 'no-such-wallets'),
          RODEO_MINER_AUTH_ENABLED: 'true',
          RODEO_MINER_AUTH_VALIDATOR_HOTKEYS: keyring().addFromUri('//Alice').address,
        },
        timeout: 60_000,
      },
    ).catch((e: { stderr: string; code: number }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('MINER_AUTH_NO_HOTKEY');
  });
});

describe('rodeo miner manifest', () => {
  it('prints the canonical manifest and its sha256, and names missing settings', async () => {
    const run = promisify(execFile);
    const image = `ghcr.io/a/b@sha256:${'cd'.repeat(32)}`;
    const args = [
      BIN,
      'miner',
      'manifest',
      '--name',
      'impl',
      '--image',
      image,
      '--source-url',
      'https://github.com/a/b',
    ];
    const commit = ['--source-commit', 'e'.repeat(40), '--endpoint', 'https://m.example:8080'];
    const { stdout } = await run(process.execPath, [...args, ...commit], { env: cleanEnv() });
    const [text, hashLine] = stdout.trim().split('\n');
    expect(JSON.parse(text!)).toMatchObject({ name: 'impl', image, license: 'MIT', v: 1 });
    expect(hashLine).toBe(`sha256 ${createHash('sha256').update(text!).digest('hex')}`);
    const failed = await run(process.execPath, args, { env: cleanEnv() }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('miner.submission.sourceCommit: missing');
  });
});

describe('rodeo miner commit and serve-axon (devnet)', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let netuid: number;
  let minerAddress: string;
  const MINER_URI = '//Rodeo//cli-miner';

  beforeAll(async () => {
    await cryptoWaitReady();
    devnet = await startDevnet({ host: '127.0.0.1', port: 0, blockTimeMs: 50 });
    client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    minerAddress = keyring.addFromUri(MINER_URI).address;
    await client.sudoSetNetworkRateLimit(alice, 0);
    ({ netuid } = await client.registerNetwork(alice, keyring.addFromUri('//Rodeo//cli-owner').address));
    await client.sudoSetHyperparams(alice, netuid, { servingRateLimit: 0 });
    await client.burnedRegister(alice, netuid, minerAddress);
  });
  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  const run = promisify(execFile);
  const chainArgs = () => ['--chain', devnet.url, '--netuid', String(netuid)];
  const env = () => ({ ...cleanEnv(), RODEO_CHAIN_HOTKEY_URI: MINER_URI });

  it('commits sha256 of the canonical manifest (and the endpoint) as the miner hotkey', async () => {
    const manifest = [
      ...['--name', 'impl', '--image', `ghcr.io/a/b@sha256:${'cd'.repeat(32)}`],
      ...['--source-url', 'https://github.com/a/b', '--source-commit', 'e'.repeat(40)],
      ...['--endpoint', 'http://10.0.0.5:8080', '--hotkey', minerAddress],
    ];
    const printed = await run(process.execPath, [BIN, 'miner', 'manifest', ...manifest], { env: env() });
    const sha256 = printed.stdout.trim().split('\n')[1]!.slice('sha256 '.length);
    const committed = await run(
      process.execPath,
      [BIN, 'miner', 'commit', ...manifest, ...chainArgs(), '--with-endpoint'],
      { env: env() },
    );
    expect(JSON.parse(committed.stdout)).toMatchObject({ sha256 });
    const mine = (await client.commitments(netuid)).find((c) => c.hotkey === minerAddress)!;
    expect(mine.fields[0]).toEqual({ kind: 'sha256', hex: `0x${sha256}` });
    expect(mine.fields[1]).toMatchObject({ kind: 'raw', text: 'http://10.0.0.5:8080' });

    const other = await run(
      process.execPath,
      [
        BIN,
        'miner',
        'commit',
        ...manifest.slice(0, -1),
        '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
        ...chainArgs(),
      ],
      { env: env() },
    ).catch((e: { stderr: string }) => e);
    expect((other as { stderr: string }).stderr).toContain('MINER_HOTKEY_MISMATCH');
  }, 120_000);

  it('publishes the axon IP and port', async () => {
    const { stdout } = await run(
      process.execPath,
      [BIN, 'miner', 'serve-axon', '--ip', '10.0.0.5', '--port', '8091', ...chainArgs()],
      { env: env() },
    );
    expect(JSON.parse(stdout)).toMatchObject({ ip: '10.0.0.5', port: 8091 });
    const neuron = (await client.metagraph(netuid)).neurons.find((n) => n.hotkey === minerAddress)!;
    expect(neuron.axon).toMatchObject({ ip: '10.0.0.5', port: 8091, ipType: 4, protocol: 4 });
  }, 60_000);
});
