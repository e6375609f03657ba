import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { startDevnet } from './devnet/index.js';
import { connectChain, createLocalSubnet, revealStanding, type Signer } from './index.js';

const TAO = 1_000_000_000n;

/** A devnet with one subnet and a staked validator, and a client that seals a block per transaction. */
async function setup(statefulEpochs: boolean, tempo: number) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice') as Signer;
  const validator = keyring.addFromUri('//Epochs//validator') as Signer;
  const devnet = await startDevnet({ port: 0, blockTimeMs: 0, statefulEpochs });
  const client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
    onPooled: () => devnet.produceBlocks(1),
  });
  const netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Epochs//owner').address, {
    tempo,
    weightsSetRateLimit: 0,
    commitRevealWeightsEnabled: true,
    revealPeriodEpochs: 1,
    minAllowedWeights: 1,
  });
  await client.burnedRegister(alice, netuid, validator.address);
  await client.addStake(alice, validator.address, netuid, 100n * TAO);
  return { devnet, client, alice, validator, netuid };
}

describe('epoch schedule on the legacy grid (spec 393 metadata)', () => {
  const TEMPO = 9;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup(false, TEMPO);
  }, 60_000);
  afterAll(async () => {
    await s?.client.close();
    await s?.devnet.close();
  });

  it('is detected from the metadata and follows (block + netuid + 1) % (tempo + 1) == tempo', async () => {
    expect(s.client.features.statefulEpochs).toBe(false);
    const schedule = await s.client.epochSchedule(s.netuid);
    expect(schedule.kind).toBe('legacy');
    const fires = (b: number) => (b + s.netuid + 1) % (TEMPO + 1) === TEMPO;
    expect(fires(schedule.lastEpochBlock)).toBe(true);
    expect(schedule.lastEpochBlock).toBeLessThanOrEqual(schedule.head);
    expect(schedule.nextEpochBlock).toBe(schedule.lastEpochBlock + TEMPO + 1);
    expect(schedule.epoch).toBe(Math.floor((schedule.head + s.netuid + 1) / (TEMPO + 1)));
  });

  it("reads a hash commit's epoch from its block and tells early from open (custom error 17 before the window)", async () => {
    const input = { netuid: s.netuid, uids: [0], values: [65535], salt: [1, 2], versionKey: 0n };
    await s.client.commitWeights(s.validator, input);
    const { schedule, commits } = await s.client.weightCommits(s.netuid, s.validator.address);
    const commit = commits[0];
    expect(commit?.epoch).toBe(Math.floor((commit!.block + s.netuid + 1) / (TEMPO + 1)));
    expect(commit?.revealEpoch).toBe(commit!.epoch + 1);
    expect(revealStanding(schedule, commit!)).toBe('early');
    // custom error 17 before the window, then a reveal that lands once the standing says open
    await expect(s.client.revealWeights(s.validator, input)).rejects.toMatchObject({
      code: 'CHAIN_REVEAL_TOO_EARLY',
    });
    for (let i = 0; i < 3 * TEMPO; i++) {
      const now = await s.client.weightCommits(s.netuid, s.validator.address);
      if (revealStanding(now.schedule, commit!) === 'open') break;
      await s.devnet.produceBlocks(1);
    }
    await s.client.revealWeights(s.validator, input);
    expect((await s.client.weightCommits(s.netuid, s.validator.address)).commits).toEqual([]);
  });
});

describe('epoch schedule of the stateful scheduler (spec 424+)', () => {
  const TEMPO = 15;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup(true, TEMPO);
  }, 60_000);
  afterAll(async () => {
    await s?.client.close();
    await s?.devnet.close();
  });

  it('reads LastEpochBlock and SubnetEpochIndex; the next epoch is tempo blocks after the last', async () => {
    expect(s.client.features.statefulEpochs).toBe(true);
    const schedule = await s.client.epochSchedule(s.netuid);
    expect(schedule.kind).toBe('stateful');
    expect(schedule.nextEpochBlock).toBe(schedule.lastEpochBlock + TEMPO);
    await s.devnet.produceBlocks((schedule.nextEpochBlock ?? 0) - schedule.head);
    const after = await s.client.epochSchedule(s.netuid);
    expect(after.lastEpochBlock).toBe(schedule.nextEpochBlock);
    expect(after.epoch).toBe(schedule.epoch + 1);
  });

  it('follows an owner-triggered early epoch: PendingEpochAt is the next epoch, and rounds start at it', async () => {
    await s.client.sudoSetHyperparams(s.alice, s.netuid, { commitRevealWeightsEnabled: false });
    await s.client.sudoSetAdminFreezeWindow(s.alice, 3);
    const before = await s.client.epochSchedule(s.netuid);
    const trigger = s.client.view.call('subtensorModule', 'triggerEpoch', s.netuid);
    const tx = await s.client.submit(s.alice, trigger);
    const at = tx.blockNumber + 3;
    const pending = await s.client.epochSchedule(s.netuid);
    expect(pending.pendingEpochAt).toBe(at);
    expect(pending.nextEpochBlock).toBe(at);
    expect(at).toBeLessThan(before.nextEpochBlock ?? 0);
    await s.devnet.produceBlocks(at - pending.head);
    const fired = await s.client.epochSchedule(s.netuid);
    // the block a validator's round starts at under this scheduler
    expect(fired.lastEpochBlock).toBe(at);
    expect(fired.epoch).toBe(pending.epoch + 1);
    expect(fired.pendingEpochAt).toBeUndefined();
    expect(fired.nextEpochBlock).toBe(at + TEMPO);
  });
});
