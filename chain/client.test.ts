import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainConfig, defaultConfig, RodeoError, silentLogger } from '../config/index.js';
import { type ChainClient, connectChain } from './client.js';
import { weightCommitHash } from './commit-hash.js';
import { backoffDelay } from './connection.js';
import { type Devnet, startDevnet } from './devnet/index.js';
import { isRetryable } from './errors.js';
import { createLocalSubnet } from './localnet.js';
import type { Signer } from './types.js';

const TAO = 1_000_000_000n;
const TEMPO = 5;

const chainConfig = (endpoint: string, over: Partial<ChainConfig> = {}): ChainConfig => ({
  ...defaultConfig().chain,
  endpoint,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<RodeoError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RodeoError)) throw new Error(`expected a RodeoError, got ${String(err)}`);
  return err;
}

describe('ChainClient against the devnet over WebSocket', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let owner: Signer;
  let validator: Signer;
  let miner: Signer;
  let netuid: number;

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, owner, validator, miner] = [
      '//Alice',
      '//Client//owner',
      '//Client//validator',
      '//Client//miner',
    ].map((uri) => keyring.addFromUri(uri)) as [Signer, Signer, Signer, Signer];
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(chainConfig(devnet.url), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, owner.address, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      servingRateLimit: 0,
      minAllowedWeights: 1,
    });
    await client.burnedRegister(alice, netuid, validator.address);
    await client.burnedRegister(alice, netuid, miner.address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);
    await devnet.produceBlocks(TEMPO + 2); // an epoch passes: the staked validator gets its permit
  });

  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  it('detects what the runtime offers from its metadata', () => {
    const f = client.features;
    expect(f.specName).toBe('node-subtensor');
    expect(f.hashCommits).toBe(true);
    expect(typeof f.registerNetworkTakesMechid).toBe('boolean');
    expect(['stakeThreshold', 'weightsMinStake']).toContain(f.stakeThresholdItem);
    expect(f.commitmentMaxFields).toBeGreaterThan(0);
  });

  it('reads the head and follows new heads', async () => {
    const before = await client.head();
    const seen: number[] = [];
    const unsubscribe = await client.subscribeHeads((h) => seen.push(h.number));
    await devnet.produceBlocks(1);
    const after = await client.head();
    unsubscribe();
    expect(after.number).toBe(before.number + 1);
    expect(after.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(after.hash).toBe(devnet.head().hash);
    // the subscription delivered the new head (maybe after the current one)
    await expect.poll(() => seen.includes(after.number), { timeout: 5000 }).toBe(true);
  });

  it('syncs the metagraph in a few storage round trips', async () => {
    const requests = client.rpcRequests;
    const graph = await client.metagraph(netuid);
    expect(client.rpcRequests - requests).toBe(3);
    expect(graph.netuid).toBe(netuid);
    expect(graph.block).toBe(devnet.head().number);
    const byHotkey = new Map(graph.neurons.map((n) => [n.hotkey, n]));
    expect([...byHotkey.keys()]).toEqual(
      expect.arrayContaining([owner.address, validator.address, miner.address]),
    );
    const v = byHotkey.get(validator.address)!;
    expect(v.coldkey).toBe(alice.address);
    expect(v.validatorPermit).toBe(true);
    expect(v.registeredAt).toBeGreaterThan(0);
    expect(v.stake).toBeGreaterThan(0n);
    expect(graph.neurons.map((n) => n.uid)).toEqual(graph.neurons.map((_, i) => i));
  });

  it('reads hyperparameters as set through sudo', async () => {
    const h = await client.hyperparams(netuid);
    expect(h).toMatchObject({
      netuid,
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
    });
    expect(h.subnetOwner).toBe(alice.address);
    expect(h.stakeThreshold).toBe(0n);
    await expect(client.hyperparams(999)).rejects.toMatchObject({ code: 'CHAIN_SUBNET_NOT_EXISTS' });
  });

  it('commits a submission hash and reads it back with its block', async () => {
    const hash = `0x${'12'.repeat(32)}`;
    const tx = await client.setCommitment(miner, netuid, [{ sha256: hash }]);
    expect(tx.events.some((e) => e.name === 'Commitment')).toBe(true);
    const mine = (await client.commitments(netuid)).find((c) => c.hotkey === miner.address)!;
    expect(mine.block).toBe(tx.blockNumber);
    expect(mine.fields).toEqual([{ kind: 'sha256', hex: hash }]);
  });

  it("finds a commitment's extrinsic index after the node pruned its block's state (the block body is kept)", async () => {
    const tx = await client.setCommitment(miner, netuid, [{ sha256: `0x${'34'.repeat(32)}` }]);
    await devnet.produceBlocks(300); // the devnet, like pruning nodes, keeps 256 blocks of state
    // a fresh client: no index cached from when the events could still be read
    const fresh = await connectChain(chainConfig(devnet.url), silentLogger);
    try {
      const mine = (await fresh.commitments(netuid)).find((c) => c.hotkey === miner.address)!;
      expect(mine.block).toBe(tx.blockNumber);
      expect(mine.extrinsicIndex).toBe(tx.extrinsicIndex);
    } finally {
      await fresh.close();
    }
  });

  it('commits an endpoint as Raw and decodes its text', async () => {
    await client.setCommitment(validator, netuid, [{ raw: 'https://10.0.0.9:8443' }]);
    const mine = (await client.commitments(netuid)).find((c) => c.hotkey === validator.address)!;
    expect(mine.fields[0]).toMatchObject({ kind: 'raw', text: 'https://10.0.0.9:8443' });
  });

  it('serves an axon and shows it in the metagraph; refuses loopback with advice', async () => {
    await client.serveAxon(miner, { netuid, ip: '10.1.2.3', port: 8091, version: 1000 });
    const axon = (await client.metagraph(netuid)).neurons.find((n) => n.hotkey === miner.address)!.axon;
    expect(axon).toMatchObject({ ip: '10.1.2.3', port: 8091, ipType: 4, version: 1000, protocol: 4 });
    const err = await failure(
      client.serveAxon(miner, { netuid, ip: '127.0.0.1', port: 8091, version: 1000 }),
    );
    expect(err.code).toBe('CHAIN_INVALID_IP_ADDRESS');
    expect(err.hint).toContain('public address');
  });

  it('sets weights and reads the rows back, normalized and raw', async () => {
    const graph = await client.metagraph(netuid);
    const minerUid = graph.neurons.find((n) => n.hotkey === miner.address)!.uid;
    const ownerUid = graph.neurons.find((n) => n.hotkey === owner.address)!.uid;
    const validatorUid = graph.neurons.find((n) => n.hotkey === validator.address)!.uid;
    const tx = await client.setWeights(validator, {
      netuid,
      uids: [ownerUid, minerUid],
      values: [65535, 21845],
      versionKey: 0,
    });
    expect(tx.events.some((e) => e.name === 'WeightsSet')).toBe(true);
    const [row] = await client.weights(netuid, validatorUid);
    expect(row!.hotkey).toBe(validator.address);
    expect(row!.weights.map((w) => [w.uid, w.value])).toEqual([
      [ownerUid, 65535],
      [minerUid, 21845],
    ]);
    expect(row!.weights[0]!.normalized).toBeCloseTo(0.75, 4);
    expect((await client.weights(netuid)).map((r) => r.uid)).toContain(validatorUid);
  });

  it('turns SettingWeightsTooFast into "wait N blocks" from LastUpdate and the rate limit', async () => {
    await client.sudoSetHyperparams(alice, netuid, { weightsSetRateLimit: 50 });
    try {
      const err = await failure(
        client.setWeights(validator, { netuid, uids: [0], values: [1], versionKey: 0 }),
      );
      expect(err.code).toBe('CHAIN_SETTING_WEIGHTS_TOO_FAST');
      expect(isRetryable(err)).toBe(true);
      expect(err.hint).toMatch(/^wait \d+ block\(s\): last update at block \d+, WeightsSetRateLimit 50/);
    } finally {
      await client.sudoSetHyperparams(alice, netuid, { weightsSetRateLimit: 0 });
    }
  });

  it('advises the version key the subnet wants', async () => {
    await client.sudoSetHyperparams(alice, netuid, { weightsVersionKey: 7 });
    try {
      const err = await failure(
        client.setWeights(validator, { netuid, uids: [0], values: [1], versionKey: 3 }),
      );
      expect(err.code).toBe('CHAIN_INCORRECT_WEIGHT_VERSION_KEY');
      expect(err.hint).toContain('set version_key >= 7');
    } finally {
      await client.sudoSetHyperparams(alice, netuid, { weightsVersionKey: 0 });
    }
  });

  it('commits weights with the blake2 hash of what it later reveals', async () => {
    await client.sudoSetHyperparams(alice, netuid, {
      commitRevealWeightsEnabled: true,
      revealPeriodEpochs: 1,
    });
    try {
      const input = { netuid, uids: [0], values: [65535], salt: [4, 2], versionKey: 0 };
      const commit = await client.commitWeights(validator, input);
      expect(commit.hash).toBe(weightCommitHash(validator.address, input));
      const early = await failure(client.revealWeights(validator, input));
      expect(early.code).toBe('CHAIN_REVEAL_TOO_EARLY');
      expect(isRetryable(early)).toBe(true);
      let revealed: Awaited<ReturnType<ChainClient['revealWeights']>> | undefined;
      for (let i = 0; i < 3 * (TEMPO + 1) && !revealed; i++) {
        await devnet.produceBlocks(1);
        revealed = await client.revealWeights(validator, input).catch((e: RodeoError) => {
          if (e.code !== 'CHAIN_REVEAL_TOO_EARLY') throw e;
          return undefined;
        });
      }
      expect(revealed?.events.some((e) => e.name === 'WeightsRevealed')).toBe(true);
    } finally {
      await client.sudoSetHyperparams(alice, netuid, { commitRevealWeightsEnabled: false });
    }
  });

  it('pays out with a remark in one batch and finds the remark again', async () => {
    const payee = new Keyring({ type: 'sr25519' }).addFromUri('//Client//payee');
    const start = (await client.head()).number;
    await client.sudoFund(alice, [owner.address], 50n * TAO);
    expect(await client.balance(owner.address)).toBe(50n * TAO);
    const remark = `rodeo-client-test-${start}`;
    const tx = await client.payout(owner, { dest: payee.address, amount: 3n * TAO, remark });
    expect(tx.events.map((e) => e.name)).toEqual(expect.arrayContaining(['Transfer', 'Remarked']));
    expect(await client.balance(payee.address)).toBe(3n * TAO);
    await devnet.produceBlocks(2);
    const found = await client.findRemark(remark, start);
    expect(found).toMatchObject({
      blockNumber: tx.blockNumber,
      blockHash: tx.blockHash,
      extrinsicIndex: tx.extrinsicIndex,
      signer: owner.address,
      transfers: [{ dest: payee.address, amount: 3n * TAO }],
    });
    expect(await client.findRemark(`${remark}-other`, start)).toBeUndefined();
  });

  it('rejects a transfer the signer cannot pay for at submit time', async () => {
    const broke = new Keyring({ type: 'sr25519' }).addFromUri('//Client//broke');
    const err = await failure(client.transfer(broke, alice.address, TAO));
    expect(err.code).toBe('CHAIN_TX_PAYMENT');
    expect(err.details).toMatchObject({ source: 'pool', retryable: false });
  });
});

describe('connection failures', () => {
  it('backs off exponentially up to the ceiling', () => {
    const reconnect = { initialDelayMs: 500, maxDelayMs: 30_000, connectAttempts: 3 };
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(reconnect, n))).toEqual([
      500, 1000, 2000, 4000, 30_000, 30_000, 30_000,
    ]);
  });

  it('names an unreachable endpoint after the configured attempts', async () => {
    const devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    const url = devnet.url;
    await devnet.close();
    const config = chainConfig(url, {
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, connectAttempts: 2 },
    });
    const err = await failure(connectChain(config, silentLogger));
    expect(err.code).toBe('CHAIN_UNREACHABLE');
    expect(err.message).toContain(url);
  });

  it('reconnects with backoff once the endpoint is back', async () => {
    const first = await startDevnet({ port: 0, blockTimeMs: 0 });
    const config = chainConfig(first.url, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, connectAttempts: 1 },
    });
    const client = await connectChain(config, silentLogger);
    let second: Devnet | undefined;
    try {
      await first.close();
      expect((await failure(client.head())).code).toBe('CHAIN_DISCONNECTED');
      second = await startDevnet({ port: first.port, blockTimeMs: 0 });
      await second.produceBlocks(3);
      await expect
        .poll(
          () =>
            client.head().then(
              (h) => h.number,
              () => -1,
            ),
          { timeout: 10_000, interval: 50 },
        )
        .toBe(second.head().number);
    } finally {
      await client.close();
      await second?.close();
    }
  });

  it('a node that accepts a transaction but never includes it fails the call after chain.inclusionTimeoutMs', async () => {
    await cryptoWaitReady();
    const devnet = await startDevnet({ port: 0, blockTimeMs: 0 }); // blocks only on demand: none comes
    const client = await connectChain(chainConfig(devnet.url, { inclusionTimeoutMs: 1000 }), silentLogger);
    try {
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      const err = await failure(client.transfer(alice, alice.address, 1n));
      expect(err.code).toBe('CHAIN_TX_NOT_INCLUDED');
      expect(err.message).toContain('transfer_keep_alive');
      expect(err.message).toContain('within 1 s');
      expect(isRetryable(err)).toBe(false); // it may still land: sending it again could pay twice
    } finally {
      await client.close();
      await devnet.close();
    }
  });

  it('a dropped connection while a transaction waits for inclusion is a retryable CHAIN_DISCONNECTED', async () => {
    await cryptoWaitReady();
    const devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    const config = chainConfig(devnet.url, {
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, connectAttempts: 1 },
    });
    const client = await connectChain(config, silentLogger); // no onPooled: nothing builds the block
    try {
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      let pooled!: () => void;
      const inPool = new Promise<void>((resolve) => {
        pooled = resolve;
      });
      const watcher = await connectChain(config, silentLogger, { onPooled: async () => pooled() });
      const pending = failure(watcher.transfer(alice, alice.address, 1n));
      await inPool;
      await devnet.close();
      const err = await pending;
      expect(err.code).toBe('CHAIN_DISCONNECTED');
      expect(isRetryable(err)).toBe(true);
      expect(err.message).toContain('transfer_keep_alive');
      const read = await failure(client.metagraph(1));
      expect(read.code).toBe('CHAIN_DISCONNECTED');
      await watcher.close();
    } finally {
      await client.close();
    }
  });
});
