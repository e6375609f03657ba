import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, calls, connectChain, createLocalSubnet } from '../chain/index.js';
import { defaultConfig, silentLogger } from '../config/index.js';

const BIN = resolve(import.meta.dirname, '../bin/rodeo.mjs');
const TEMPO = 5;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_')));

async function rodeo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('rodeo metagraph / rodeo weights against the devnet', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let netuid: number;
  let owner: string;
  let miner: string;

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    const ownerHot = keyring.addFromUri('//Cli//owner');
    owner = ownerHot.address;
    miner = keyring.addFromUri('//Cli//miner').address;
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, owner, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
    });
    await client.burnedRegister(alice, netuid, miner);
    await client.addStake(alice, owner, netuid, 10_000_000_000n);
    await client.serveAxon(keyring.addFromUri('//Cli//miner'), {
      netuid,
      ip: '10.0.0.5',
      port: 8091,
      version: 1000,
    });
    await devnet.produceBlocks(TEMPO + 2);
    await client.setWeights(ownerHot, { netuid, uids: [0, 1], values: [65535, 21845], versionKey: 0 });
  });
  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  it('metagraph --json prints every neuron with its fields', async () => {
    const out = await rodeo(['metagraph', '--netuid', String(netuid), '--chain', devnet.url, '--json']);
    expect(out.code).toBe(0);
    const graph = JSON.parse(out.stdout);
    expect(graph.netuid).toBe(netuid);
    expect(graph.neurons.map((n: { hotkey: string }) => n.hotkey)).toEqual([owner, miner]);
    expect(graph.neurons[0]).toMatchObject({ uid: 0, validatorPermit: true });
    expect(graph.neurons[1].axon).toMatchObject({ ip: '10.0.0.5', port: 8091 });
    expect(typeof graph.neurons[0].stake).toBe('string');
  });

  it('metagraph prints a table', async () => {
    const out = await rodeo(['metagraph', '--netuid', String(netuid), '--chain', devnet.url]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`netuid ${netuid}`);
    expect(out.stdout).toContain('10.0.0.5:8091');
    expect(out.stdout).toContain(owner.slice(0, 8));
  });

  it('weights prints the rows normalized and raw', async () => {
    const json = JSON.parse(
      (await rodeo(['weights', '--netuid', String(netuid), '--chain', devnet.url, '--json'])).stdout,
    );
    expect(json).toEqual([
      {
        uid: 0,
        hotkey: owner,
        weights: [
          { uid: 0, value: 65535, normalized: 0.75 },
          { uid: 1, value: 21845, normalized: 0.25 },
        ],
      },
    ]);
    const table = await rodeo(['weights', '--netuid', String(netuid), '--uid', '0', '--chain', devnet.url]);
    expect(table.stdout).toMatch(/0\.750000 .*65535/);
    expect(table.stdout).toMatch(/0\.250000 .*21845/);
    const none = JSON.parse(
      (await rodeo(['weights', '--netuid', String(netuid), '--uid', '1', '--chain', devnet.url, '--json']))
        .stdout,
    );
    expect(none).toEqual([]);
  });

  it('weights --mechanism reads that mechanism (storage index netuid + id × 4096)', {
    timeout: 120_000,
  }, async () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    await client.submit(
      alice,
      calls.sudo(client.view, [
        client.view.call('adminUtils', 'sudoSetMaxAllowedUids', netuid, 64),
        client.view.call('adminUtils', 'sudoSetMechanismCount', netuid, 2),
      ]),
    );
    await client.setWeights(keyring.addFromUri('//Cli//owner'), {
      netuid,
      mecid: 1,
      uids: [1],
      values: [65535],
      versionKey: 0,
    });
    const second = JSON.parse(
      (
        await rodeo([
          'weights',
          '--netuid',
          String(netuid),
          '--mechanism',
          '1',
          '--chain',
          devnet.url,
          '--json',
        ])
      ).stdout,
    );
    expect(second).toEqual([{ uid: 0, hotkey: owner, weights: [{ uid: 1, value: 65535, normalized: 1 }] }]);
    expect((await client.weights(netuid, 0))[0]?.weights.map((w) => w.value)).toEqual([65535, 21845]);
    const bad = await rodeo([
      'weights',
      '--netuid',
      String(netuid),
      '--mechanism',
      '16',
      '--chain',
      devnet.url,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('a mechanism id is an integer 0..15');
  });

  it('names what is missing or wrong', async () => {
    const noNetuid = await rodeo(['metagraph', '--chain', devnet.url]);
    expect(noNetuid.code).toBe(1);
    expect(noNetuid.stderr).toContain('CHAIN_NO_NETUID');
    const unknown = await rodeo(['metagraph', '--netuid', '999', '--chain', devnet.url]);
    expect(unknown.stderr).toContain('CHAIN_SUBNET_NOT_EXISTS');
    const badUid = await rodeo(['weights', '--netuid', '1', '--uid', 'x', '--chain', devnet.url]);
    expect(badUid.code).not.toBe(0);
    expect(badUid.stderr).toContain('a uid is an integer');
  });
});
