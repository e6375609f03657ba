import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, RodeoError, silentLogger } from '../config/index.js';
import { calls } from './calls.js';
import { type ChainClient, connectChain } from './client.js';
import { type Devnet, startDevnet } from './devnet/index.js';
import { createLocalSubnet } from './localnet.js';
import { weightsRowMatches } from './timelocked.js';
import type { Signer } from './types.js';

const TAO = 1_000_000_000n;
const TEMPO = 10;

async function failure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RodeoError)) throw new Error(`expected a RodeoError, got ${String(err)}`);
  return `${err.code} ${err.message}`;
}

/**
 * Subnet mechanisms (subnets/mechanism.rs): a subnet with MechanismCountCurrent 2 keeps mechanism 1's weights
 * and LastUpdate at the storage index netuid + 4096; the client writes (set_mechanism_weights,
 * commit_timelocked_mechanism_weights) and reads (weights, metagraph) the mechanism it is given.
 */
describe('mechanisms on the devnet through ChainClient', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let validator: Signer;
  let miners: Signer[];
  let netuid: number;
  let uids: number[];
  let me: number;

  const sudo = (call: string, ...args: unknown[]) =>
    client.submit(alice, calls.sudo(client.view, [client.view.call('adminUtils', call, ...args)]));

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    validator = keyring.addFromUri('//Mech//validator');
    miners = [1, 2].map((i) => keyring.addFromUri(`//Mech//miner${i}`));
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Mech//owner').address, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      minAllowedWeights: 1,
      maxRegistrationsPerBlock: 10,
      targetRegistrationsPerInterval: 10,
      maxAllowedUids: 64,
    });
    for (const hotkey of [validator, ...miners]) await client.burnedRegister(alice, netuid, hotkey.address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);
    await devnet.produceBlocks(TEMPO + 2);
    const metagraph = await client.metagraph(netuid);
    const uid = (a: string) => metagraph.neurons.find((n) => n.hotkey === a)?.uid as number;
    uids = miners.map((m) => uid(m.address));
    me = uid(validator.address);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  it('refuses mechanism 1 until the subnet has two, and more than MaxMechanismCount', async () => {
    expect(
      await failure(
        client.setWeights(validator, { netuid, mecid: 1, uids, values: [65535, 1], versionKey: 0 }),
      ),
    ).toContain('MechanismDoesNotExist');
    expect(await failure(sudo('sudoSetMechanismCount', netuid, 3))).toContain('InvalidValue');
    await sudo('sudoSetMechanismCount', netuid, 2);
  });

  it('set_mechanism_weights lands at index netuid + 4096; weights and metagraph read each mechanism apart', async () => {
    await client.setWeights(validator, { netuid, uids, values: [65535, 30000], versionKey: 0 });
    const tx = await client.setWeights(validator, {
      netuid,
      mecid: 1,
      uids,
      values: [10000, 65535],
      versionKey: 0,
    });
    expect(weightsRowMatches((await client.weights(netuid, me, 1))[0], uids, [10000, 65535])).toBe(true);
    expect(weightsRowMatches((await client.weights(netuid, me, 0))[0], uids, [65535, 30000])).toBe(true);
    const main = (await client.metagraph(netuid)).neurons[me];
    const second = (await client.metagraph(netuid, 1)).neurons[me];
    expect(second?.lastUpdate).toBe(tx.blockNumber);
    expect(main?.lastUpdate).toBeLessThan(tx.blockNumber);
  });

  it('a timelocked commit for mechanism 1 is revealed into mechanism 1', async () => {
    await client.sudoSetHyperparams(alice, netuid, { commitRevealWeightsEnabled: true });
    const values = [65535, 12345];
    const tx = await client.commitTimelockedWeights(validator, {
      netuid,
      mecid: 1,
      uids,
      values,
      versionKey: 0,
    });
    expect(await client.timelockedCommits(netuid, validator.address, 1)).toHaveLength(1);
    expect(await client.timelockedCommits(netuid, validator.address, 0)).toHaveLength(0);
    let revealed = false;
    for (let i = 0; i < 4 * TEMPO && !revealed; i++) {
      await devnet.produceBlocks(1);
      revealed = weightsRowMatches((await client.weights(netuid, me, 1))[0], uids, values);
    }
    expect(revealed).toBe(true);
    expect((await client.head()).number).toBeGreaterThanOrEqual(tx.firstRevealBlock);
    expect(weightsRowMatches((await client.weights(netuid, me, 0))[0], uids, [65535, 30000])).toBe(true);
  });
});
