import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceTo,
  advanceToEpoch,
  batchError,
  createSubnet,
  type DevnetHarness,
  eventData,
  type Neuron,
  query,
  rejection,
  type SubnetFixture,
  send,
  sendAll,
  startHarness,
  sudo,
  sudoAll,
  TAO,
  tx,
} from './test-support.js';

let h: DevnetHarness;
let sn: SubnetFixture;
const TEMPO = 10;

beforeAll(async () => {
  h = await startHarness();
  sn = await createFixture();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function createFixture(): Promise<SubnetFixture> {
  const fixture = await createSubnet(h, { miners: 3 });
  await sudoAll(h, [tx(h, 'adminUtils.sudoSetTempo', fixture.netuid, TEMPO)]);
  await advanceToEpoch(h, fixture.netuid);
  return fixture;
}

const setWeights = (netuid: number, uids: number[], values: number[], versionKey = 0) =>
  tx(h, 'subtensorModule.setWeights', netuid, uids, values, versionKey);
const setHyper = (call: string, ...args: unknown[]) => sudoAll(h, [tx(h, `adminUtils.${call}`, ...args)]);
const minerUids = () => sn.miners.map((m) => m.uid);

describe('epoch and validator permits', () => {
  it('gives the staked validator a permit at the epoch and none to zero-stake neurons', async () => {
    const permits = await query<boolean[]>(h, 'subtensorModule.validatorPermit', sn.netuid);
    expect(permits[sn.validator.uid]).toBe(true);
    for (const uid of [sn.owner.uid, ...minerUids()]) expect(permits[uid]).toBe(false);
    expect(
      await query<bigint>(h, 'subtensorModule.totalHotkeyAlpha', sn.validator.hotkey.address, sn.netuid),
    ).toBe(1000n * TAO);
  });
});

describe('set_weights', () => {
  const v = () => sn.validator;
  const expectError = async (call: ReturnType<typeof setWeights>, who: Neuron['hotkey'], error: string) =>
    expect((await send(h, call, who)).error).toBe(error);

  it('fails each check in dispatch order with its named error', async () => {
    const { netuid } = sn;
    await setHyper('sudoSetCommitRevealWeightsEnabled', 0, false);
    await expectError(setWeights(0, [0], [1]), v().hotkey, 'subtensorModule.CanNotSetRootNetworkWeights');
    await expectError(setWeights(netuid, [1, 2], [1]), v().hotkey, 'subtensorModule.WeightVecNotEqualSize');
    await expectError(
      setWeights(netuid, [0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 1]),
      v().hotkey,
      'subtensorModule.UidsLengthExceedUidsInSubNet',
    );
    await expectError(setWeights(netuid, [2], [1]), h.ferdie, 'subtensorModule.HotKeyNotRegisteredInSubNet');
    await setHyper('sudoSetWeightsVersionKey', netuid, 5);
    await expectError(
      setWeights(netuid, [2], [1], 4),
      v().hotkey,
      'subtensorModule.IncorrectWeightVersionKey',
    );
    await setHyper('sudoSetWeightsVersionKey', netuid, 0);
    const miner = sn.miners[0] as Neuron;
    await expectError(
      setWeights(netuid, [2, 3], [1, 1]),
      miner.hotkey,
      'subtensorModule.NeuronNoValidatorPermit',
    );
    expect((await send(h, setWeights(netuid, [miner.uid], [7]), miner.hotkey)).error).toBeUndefined();
    await expectError(setWeights(netuid, [2, 2], [1, 1]), v().hotkey, 'subtensorModule.DuplicateUids');
    await expectError(
      setWeights(netuid, [2, 40], [1, 1]),
      v().hotkey,
      'subtensorModule.UidVecContainInvalidOne',
    );
    await setHyper('sudoSetMinAllowedWeights', netuid, 3);
    await expectError(setWeights(netuid, [2, 3], [1, 1]), v().hotkey, 'subtensorModule.WeightVecLengthIsLow');
    await setHyper('sudoSetMinAllowedWeights', netuid, 1);
  });

  it('stores the max-upscaled row, updates LastUpdate and rate-limits the next call', async () => {
    const { netuid } = sn;
    const [m1, m2, m3] = minerUids() as [number, number, number];
    const ok = await send(h, setWeights(netuid, [m1, m2, m3], [1000, 2000, 0]), sn.validator.hotkey);
    expect(ok.error).toBeUndefined();
    expect(eventData(ok, 'subtensorModule.WeightsSet')).toEqual([netuid, sn.validator.uid]);
    expect(await query(h, 'subtensorModule.weights', netuid, sn.validator.uid)).toEqual([
      [m1, 32768],
      [m2, 65535],
      [m3, 0],
    ]);
    const lastUpdate = await query<bigint[]>(h, 'subtensorModule.lastUpdate', netuid);
    expect(lastUpdate[sn.validator.uid]).toBe(BigInt(h.devnet.head().number));
    await setHyper('sudoSetWeightsSetRateLimit', netuid, 100);
    const tooFast = await send(h, setWeights(netuid, [m1], [1]), sn.validator.hotkey);
    expect(tooFast.error).toBe('subtensorModule.SettingWeightsTooFast');
    await setHyper('sudoSetWeightsSetRateLimit', netuid, 0);
  });

  it('rejects low-stake hotkeys in the pool (Custom error: 1) and in dispatch when nested', async () => {
    // A batch is Pays::Yes: the (normally empty) validator hotkey needs funds for it.
    await send(h, tx(h, 'balances.transferKeepAlive', sn.validator.hotkey.address, TAO), h.alice);
    await setHyper('sudoSetStakeThreshold', 10_000n * TAO);
    const call = setWeights(sn.netuid, minerUids(), [1, 1, 1]);
    expect(await rejection(call.signAndSend(sn.validator.hotkey, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 1',
    );
    const nested = await send(
      h,
      tx(h, 'utility.batch', [setWeights(sn.netuid, minerUids(), [1, 1, 1])]),
      sn.validator.hotkey,
    );
    expect(batchError(h, nested)).toBe('subtensorModule.NotEnoughStakeToSetWeights');
    await setHyper('sudoSetStakeThreshold', 0);
  });

  it('is refused with CommitRevealEnabled while commit-reveal is on (also for unknown subnets)', async () => {
    expect((await send(h, setWeights(99, [0], [1]), sn.validator.hotkey)).error).toBe(
      'subtensorModule.CommitRevealEnabled',
    );
  });
});

describe('commit-reveal v2', () => {
  const netuid = () => sn.netuid;
  const epochOf = (block: number) => Math.floor((block + netuid() + 1) / (TEMPO + 1));
  const firstBlockOfEpoch = (epoch: number) => epoch * (TEMPO + 1) - (netuid() + 1);
  const commitHash = (hotkey: string, uids: number[], values: number[], salt: number[], versionKey: number) =>
    blake2AsHex(
      h.api
        .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
          u8aToHex(decodeAddress(hotkey)),
          netuid(),
          uids,
          values,
          salt,
          versionKey,
        ])
        .toU8a(),
      256,
    );
  const reveal = (uids: number[], values: number[], salt: number[]) =>
    tx(h, 'subtensorModule.revealWeights', netuid(), uids, values, salt, 0);

  beforeAll(async () => {
    await setHyper('sudoSetCommitRevealWeightsEnabled', netuid(), true);
    await setHyper('sudoSetCommitRevealWeightsInterval', netuid(), 1);
  });

  it('accepts a reveal only in the epoch after the commit', async () => {
    const hotkey = sn.validator.hotkey;
    const [uids, values, salt] = [minerUids(), [10, 20, 30], [1, 2, 3, 4]];
    const hash = commitHash(hotkey.address, uids, values, salt, 0);
    const committed = await send(h, tx(h, 'subtensorModule.commitWeights', netuid(), hash), hotkey);
    expect(committed.error).toBeUndefined();
    expect(eventData(committed, 'subtensorModule.WeightsCommitted')).toEqual([
      u8aToHex(decodeAddress(hotkey.address)),
      netuid(),
      hash,
    ]);
    const commitBlock = h.devnet.head().number;
    const commits = await query<[string, bigint, bigint, bigint][]>(
      h,
      'subtensorModule.weightCommits',
      netuid(),
      hotkey.address,
    );
    expect(commits).toEqual([
      [
        hash,
        BigInt(commitBlock),
        BigInt(firstBlockOfEpoch(epochOf(commitBlock) + 1)),
        BigInt(firstBlockOfEpoch(epochOf(commitBlock) + 1) + TEMPO),
      ],
    ]);

    expect(await rejection(reveal(uids, values, salt).signAndSend(hotkey, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 17',
    );
    expect(await rejection(reveal(uids, values, [9]).signAndSend(hotkey, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 16',
    );
    const early = await send(h, tx(h, 'utility.batch', [reveal(uids, values, salt)]), hotkey);
    expect(batchError(h, early)).toBe('subtensorModule.RevealTooEarly');

    await advanceTo(h, firstBlockOfEpoch(epochOf(commitBlock) + 1) - 1);
    const revealed = await send(h, reveal(uids, values, salt), hotkey);
    expect(revealed.error).toBeUndefined();
    expect(revealed.names).toEqual(
      expect.arrayContaining(['subtensorModule.WeightsSet', 'subtensorModule.WeightsRevealed']),
    );
    expect(await query(h, 'subtensorModule.weights', netuid(), sn.validator.uid)).toEqual(
      uids.map((u, i) => [u, [21845, 43690, 65535][i]]),
    );
    expect(await query(h, 'subtensorModule.weightCommits', netuid(), hotkey.address)).toBeNull();
  });

  it('expires commits after the reveal epoch', async () => {
    const hotkey = sn.validator.hotkey;
    const hash = commitHash(hotkey.address, [2], [1], [5], 0);
    await send(h, tx(h, 'subtensorModule.commitWeights', netuid(), hash), hotkey);
    await advanceTo(h, firstBlockOfEpoch(epochOf(h.devnet.head().number) + 2));
    expect(await rejection(reveal([2], [1], [5]).signAndSend(hotkey, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 17',
    );
    const nested = await send(h, tx(h, 'utility.batch', [reveal([2], [1], [5])]), hotkey);
    expect(batchError(h, nested)).toBe('subtensorModule.ExpiredWeightCommit');
  });

  it('limits unrevealed commits to 10 and rate-limits commits', async () => {
    const hotkey = sn.validator.hotkey;
    await advanceTo(h, firstBlockOfEpoch(epochOf(h.devnet.head().number) + 1));
    const commits = Array.from({ length: 11 }, (_, i) =>
      tx(h, 'subtensorModule.commitWeights', netuid(), commitHash(hotkey.address, [2], [i + 1], [i], 0)),
    );
    const outcomes = await sendAll(
      h,
      commits.map((c) => [c, hotkey]),
    );
    expect(outcomes.slice(0, 10).map((o) => o.error)).toEqual(new Array(10).fill(undefined));
    expect(outcomes[10]?.error).toBe('subtensorModule.TooManyUnrevealedCommits');

    await setHyper('sudoSetWeightsSetRateLimit', netuid(), 50);
    const another = commitHash(hotkey.address, [3], [1], [1], 0);
    const tooFast = await send(h, tx(h, 'subtensorModule.commitWeights', netuid(), another), hotkey);
    expect(tooFast.error).toBe('subtensorModule.CommittingWeightsTooFast');
    await setHyper('sudoSetWeightsSetRateLimit', netuid(), 0);
  });

  it('refuses commits while commit-reveal is disabled', async () => {
    await setHyper('sudoSetCommitRevealWeightsEnabled', netuid(), false);
    const hash = commitHash(sn.validator.hotkey.address, [2], [1], [1], 0);
    const outcome = await send(
      h,
      tx(h, 'subtensorModule.commitWeights', netuid(), hash),
      sn.validator.hotkey,
    );
    expect(outcome.error).toBe('subtensorModule.CommitRevealDisabled');
  });
});

describe('epoch outputs', () => {
  it('turns the validator weights into incentive, dividends and emission', async () => {
    const { netuid } = sn;
    const [m1, m2] = minerUids() as [number, number];
    await send(h, setWeights(netuid, [m1, m2], [1, 3]), sn.validator.hotkey);
    const before = await query<bigint>(
      h,
      'subtensorModule.totalHotkeyAlpha',
      (sn.miners[1] as Neuron).hotkey.address,
      netuid,
    );
    await advanceToEpoch(h, netuid);
    const incentive = await query<number[]>(h, 'subtensorModule.incentive', netuid);
    expect(incentive[m2]).toBeGreaterThan(incentive[m1] as number);
    expect(incentive[m1]).toBeGreaterThan(0);
    const dividends = await query<number[]>(h, 'subtensorModule.dividends', netuid);
    expect(dividends[sn.validator.uid]).toBe(65535);
    const emission = await query<bigint[]>(h, 'subtensorModule.emission', netuid);
    expect(emission[m2]).toBeGreaterThan(0n);
    const after = await query<bigint>(
      h,
      'subtensorModule.totalHotkeyAlpha',
      (sn.miners[1] as Neuron).hotkey.address,
      netuid,
    );
    expect(after - before).toBe(emission[m2]);
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetTempo', netuid, TEMPO))).toBeUndefined();
  });
});
