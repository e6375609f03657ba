import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, silentLogger } from '../config/index.js';
import { type ChainClient, connectChain } from './client.js';
import { type Devnet, startDevnet } from './devnet/index.js';
import { createLocalSubnet } from './localnet.js';
import { QUICKNET } from './timelock/index.js';
import { weightsRowMatches } from './timelocked.js';
import type { Signer } from './types.js';

const TAO = 1_000_000_000n;
const TEMPO = 10;

describe.each([
  ['legacy epochs (spec 393)', false],
  ['stateful epochs (spec 424+)', true],
])(
  'timelocked weight commits through ChainClient, revealed by the devnet runtime: %s',
  (_name, statefulEpochs) => {
    let devnet: Devnet;
    let client: ChainClient;
    let validator: Signer;
    let miners: Signer[];
    let netuid: number;

    beforeAll(async () => {
      await cryptoWaitReady();
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      const alice = keyring.addFromUri('//Alice');
      validator = keyring.addFromUri('//Timelock//validator');
      miners = [1, 2, 3].map((i) => keyring.addFromUri(`//Timelock//miner${i}`));
      devnet = await startDevnet({ port: 0, blockTimeMs: 0, statefulEpochs });
      client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger, {
        onPooled: () => devnet.produceBlocks(1),
      });
      netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Timelock//owner').address, {
        tempo: TEMPO,
        weightsSetRateLimit: 0,
        commitRevealWeightsEnabled: true,
        minAllowedWeights: 1,
        maxRegistrationsPerBlock: 10,
        targetRegistrationsPerInterval: 10,
      });
      for (const hotkey of [validator, ...miners]) await client.burnedRegister(alice, netuid, hotkey.address);
      await client.addStake(alice, validator.address, netuid, 100n * TAO);
      await devnet.produceBlocks(TEMPO + 2); // an epoch: the staked validator gets its permit
    }, 120_000);

    afterAll(async () => {
      await client?.close();
      await devnet?.close();
    });

    it('reads the drand state from the chain: the devnet beacon, not quicknet', async () => {
      expect(client.features.timelockedCommits).toBe(true);
      expect(client.features.statefulEpochs).toBe(statefulEpochs);
      const drand = await client.drandState();
      expect(drand.publicKey).not.toBe(`0x${QUICKNET.publicKey}`);
      expect(drand.publicKey).toMatch(/^0x[0-9a-f]{192}$/);
      expect(drand.period).toBe(12);
      expect(drand.blockTimeSeconds).toBe(12);
      expect(drand.lastStoredRound).toBeGreaterThan(0);
    });

    it('commits, and the chain reveals the same weights at the round it picked', async () => {
      const metagraph = await client.metagraph(netuid);
      const uid = (a: string) => metagraph.neurons.find((n) => n.hotkey === a)?.uid as number;
      const uids = miners.map((m) => uid(m.address));
      const values = [65535, 20000, 7];
      const me = uid(validator.address);
      const tx = await client.commitTimelockedWeights(validator, { netuid, uids, values, versionKey: 0 });
      expect(tx.events.map((e) => `${e.pallet}.${e.name}`)).toContain(
        'subtensorModule.TimelockedWeightsCommitted',
      );
      const pending = await client.timelockedCommits(netuid, validator.address);
      expect(pending).toEqual([
        expect.objectContaining({
          block: tx.blockNumber,
          revealRound: tx.revealRound,
          commitHash: tx.commitHash,
        }),
      ]);
      expect(weightsRowMatches((await client.weights(netuid, me))[0], uids, values)).toBe(false);

      let revealedAt: number | undefined;
      for (let i = 0; i < 4 * TEMPO && revealedAt === undefined; i++) {
        await devnet.produceBlocks(1);
        if (weightsRowMatches((await client.weights(netuid, me))[0], uids, values))
          revealedAt = (await client.head()).number;
      }
      expect(revealedAt).toBeDefined();
      // revealed in its reveal epoch, once the chosen round was on chain (the round was picked for targetBlock)
      expect(revealedAt as number).toBeGreaterThanOrEqual(tx.firstRevealBlock);
      expect(revealedAt as number).toBeLessThanOrEqual(tx.firstRevealBlock + TEMPO);
      expect((await client.drandState()).lastStoredRound).toBeGreaterThanOrEqual(tx.revealRound);
      expect(await client.timelockedCommits(netuid, validator.address)).toEqual([]);
    });
  },
);
