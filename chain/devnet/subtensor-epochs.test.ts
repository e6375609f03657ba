import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceTo,
  createSubnet,
  type DevnetHarness,
  eventData,
  query,
  rejection,
  type SubnetFixture,
  send,
  startHarness,
  sudo,
  sudoAll,
  tx,
} from './test-support.js';

/** The stateful epoch scheduler of spec 424+ (subtensor main: coinbase/run_coinbase.rs, subnets/weights.rs). */
let h: DevnetHarness;
let sn: SubnetFixture;
const TEMPO = 10;

beforeAll(async () => {
  h = await startHarness({ statefulEpochs: true });
  sn = await createSubnet(h, { miners: 2 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const q = <T>(item: string, ...args: unknown[]) => query<T>(h, `subtensorModule.${item}`, ...args);
const setHyper = (call: string, ...args: unknown[]) => sudoAll(h, [tx(h, `adminUtils.${call}`, ...args)]);
const head = () => h.devnet.head().number;

/** Produces blocks until SubnetEpochIndex moves; returns the block the epoch fired at. */
async function nextEpoch(netuid: number): Promise<number> {
  const index = await q<bigint>('subnetEpochIndex', netuid);
  for (let i = 0; i < 200; i++) {
    await h.devnet.produceBlocks(1);
    if ((await q<bigint>('subnetEpochIndex', netuid)) !== index) return head();
  }
  throw new Error('no epoch in 200 blocks');
}

describe('stateful epoch scheduler', () => {
  it('serves LastEpochBlock, PendingEpochAt and SubnetEpochIndex; a default devnet does not', async () => {
    expect(h.api.query.subtensorModule?.lastEpochBlock).toBeDefined();
    expect(h.api.tx.subtensorModule?.triggerEpoch).toBeDefined();
    const legacy = await startHarness();
    try {
      expect(legacy.api.query.subtensorModule?.lastEpochBlock).toBeUndefined();
      expect(legacy.api.query.subtensorModule?.subnetEpochIndex).toBeUndefined();
      expect(legacy.api.tx.subtensorModule?.triggerEpoch).toBeUndefined();
    } finally {
      await legacy.close();
    }
  });

  it('fires every tempo blocks from LastEpochBlock (sudo_set_tempo resets the cycle), counting epochs', async () => {
    await setHyper('sudoSetTempo', sn.netuid, TEMPO);
    const reset = head();
    expect(await q<bigint>('lastEpochBlock', sn.netuid)).toBe(BigInt(reset));
    const index = await q<bigint>('subnetEpochIndex', sn.netuid);
    const first = await nextEpoch(sn.netuid);
    expect(first).toBe(reset + TEMPO);
    const second = await nextEpoch(sn.netuid);
    expect(second).toBe(first + TEMPO);
    expect(await q<bigint>('subnetEpochIndex', sn.netuid)).toBe(index + 2n);
    expect(await q<bigint>('lastEpochBlock', sn.netuid)).toBe(BigInt(second));
    // the epoch itself ran: the staked validator holds a permit
    expect((await q<boolean[]>('validatorPermit', sn.netuid))[sn.validator.uid]).toBe(true);
  });

  describe('hash commit-reveal by epoch index', () => {
    const commitHash = (salt: number[]) =>
      blake2AsHex(
        h.api
          .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
            u8aToHex(decodeAddress(sn.validator.hotkey.address)),
            sn.netuid,
            [1],
            [65535],
            salt,
            0,
          ])
          .toU8a(),
        256,
      );
    const reveal = (salt: number[]) =>
      tx(h, 'subtensorModule.revealWeights', sn.netuid, [1], [65535], salt, 0);

    beforeAll(async () => {
      await setHyper('sudoSetCommitRevealWeightsEnabled', sn.netuid, true);
      await setHyper('sudoSetCommitRevealWeightsInterval', sn.netuid, 1);
    });

    it('stores (hash, commit epoch, commit block, 0) and reveals only in epoch commit + RevealPeriodEpochs', async () => {
      const hotkey = sn.validator.hotkey;
      const salt = [4, 5, 6];
      const committed = await send(
        h,
        tx(h, 'subtensorModule.commitWeights', sn.netuid, commitHash(salt)),
        hotkey,
      );
      expect(committed.error).toBeUndefined();
      const epoch = await q<bigint>('subnetEpochIndex', sn.netuid);
      expect(await q<unknown>('weightCommits', sn.netuid, hotkey.address)).toEqual([
        [commitHash(salt), epoch, BigInt(head()), 0n],
      ]);
      // too early: the pool refuses with custom error 17
      expect(await rejection(reveal(salt).signAndSend(hotkey, { nonce: -1 }))).toBe(
        '1010: Invalid Transaction: Custom error: 17',
      );
      // the block before the next epoch: a transaction validated there looks ahead to the firing epoch
      const last = Number(await q<bigint>('lastEpochBlock', sn.netuid));
      await advanceTo(h, last + TEMPO - 1);
      const revealed = await send(h, reveal(salt), hotkey);
      expect(revealed.error).toBeUndefined();
      expect(revealed.names).toContain('subtensorModule.WeightsRevealed');
      expect(await q<bigint>('subnetEpochIndex', sn.netuid)).toBe(epoch + 1n);
    });

    it('refuses a reveal after its epoch with the same custom error 17 (expired)', async () => {
      const hotkey = sn.validator.hotkey;
      await setHyper('sudoSetWeightsSetRateLimit', sn.netuid, 0);
      const salt = [7];
      const committed = await send(
        h,
        tx(h, 'subtensorModule.commitWeights', sn.netuid, commitHash(salt)),
        hotkey,
      );
      expect(committed.error).toBeUndefined();
      await nextEpoch(sn.netuid);
      await nextEpoch(sn.netuid);
      expect(await rejection(reveal(salt).signAndSend(hotkey, { nonce: -1 }))).toBe(
        '1010: Invalid Transaction: Custom error: 17',
      );
    });

    it('refuses trigger_epoch while commit-reveal is on', async () => {
      const outcome = await send(h, tx(h, 'subtensorModule.triggerEpoch', sn.netuid), h.alice);
      expect(outcome.error).toBe('subtensorModule.DynamicTempoBlockedByCommitReveal');
    });
  });

  describe('owner-triggered epoch (PendingEpochAt)', () => {
    const WINDOW = 3;
    beforeAll(async () => {
      await setHyper('sudoSetCommitRevealWeightsEnabled', sn.netuid, false);
      await sudoAll(h, [tx(h, 'adminUtils.sudoSetAdminFreezeWindow', WINDOW)]);
      await setHyper('sudoSetTempo', sn.netuid, 30);
    });
    afterAll(async () => {
      await sudoAll(h, [tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 0)]);
    });

    it('fires AdminFreezeWindow blocks after the trigger, freezes admin calls until then, and restarts the cycle', async () => {
      expect((await send(h, tx(h, 'subtensorModule.triggerEpoch', sn.netuid), h.bob)).error).toBe(
        'BadOrigin',
      );
      const triggered = await send(h, tx(h, 'subtensorModule.triggerEpoch', sn.netuid), h.alice);
      expect(triggered.error).toBeUndefined();
      const at = head() + WINDOW;
      expect(eventData(triggered, 'subtensorModule.EpochTriggered')?.[2]).toBe(BigInt(at));
      expect(await q<bigint>('pendingEpochAt', sn.netuid)).toBe(BigInt(at));
      expect((await send(h, tx(h, 'subtensorModule.triggerEpoch', sn.netuid), h.alice)).error).toBe(
        'subtensorModule.EpochTriggerAlreadyPending',
      );
      expect(await sudo(h, tx(h, 'adminUtils.sudoSetMinAllowedWeights', sn.netuid, 1))).toBe(
        'subtensorModule.AdminActionProhibitedDuringWeightsWindow',
      );
      expect(await nextEpoch(sn.netuid)).toBe(at);
      expect(await q<bigint>('pendingEpochAt', sn.netuid)).toBe(0n);
      expect(await q<bigint>('lastEpochBlock', sn.netuid)).toBe(BigInt(at));
      // the next automatic epoch counts from the triggered one
      expect(await nextEpoch(sn.netuid)).toBe(at + 30);
    });

    it('refuses a trigger when the automatic epoch is nearer than the window', async () => {
      const last = Number(await q<bigint>('lastEpochBlock', sn.netuid));
      await advanceTo(h, last + 30 - WINDOW);
      const outcome = await send(h, tx(h, 'subtensorModule.triggerEpoch', sn.netuid), h.alice);
      expect(outcome.error).toBe('subtensorModule.AutoEpochAlreadyImminent');
    });
  });
});
