import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceTo,
  batchError,
  type DevnetHarness,
  eventData,
  query,
  send,
  startHarness,
  sudo,
  TAO,
  tx,
} from './test-support.js';

let h: DevnetHarness;
let netuid: number;
beforeAll(async () => {
  h = await startHarness();
  await sudo(h, tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 0));
  const added = await send(
    h,
    tx(h, 'subtensorModule.registerNetwork', h.keyring.addFromUri('//adm').address),
    h.alice,
  );
  netuid = eventData(added, 'subtensorModule.NetworkAdded')?.[0] as number;
});
afterAll(async () => {
  await h?.close();
});

const free = async (address: string) =>
  (await query<{ data: { free: bigint } }>(h, 'system.account', address)).data.free;

describe('sudo', () => {
  it('runs calls as root for the key holder, free of charge, and reports inner errors in Sudid', async () => {
    const before = await free(h.alice.address);
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetTempo', netuid, 20))).toBeUndefined();
    expect(await query(h, 'subtensorModule.tempo', netuid)).toBe(20);
    expect(await free(h.alice.address)).toBe(before);
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetTempo', 99, 20))).toBe('adminUtils.SubnetDoesNotExist');
  });

  it('refuses RequireSudo when another account reaches sudo through a batch', async () => {
    const outcome = await send(
      h,
      tx(h, 'utility.batch', [tx(h, 'sudo.sudo', tx(h, 'system.remark', 'x'))]),
      h.bob,
    );
    expect(batchError(h, outcome)).toBe('sudo.RequireSudo');
  });
});

describe('AdminUtils origins and checks', () => {
  it('refuses signed origins for root-only setters and non-owners for owner setters', async () => {
    expect((await send(h, tx(h, 'adminUtils.sudoSetTempo', netuid, 30), h.bob)).error).toBe('BadOrigin');
    expect((await send(h, tx(h, 'adminUtils.sudoSetMinAllowedWeights', netuid, 2), h.bob)).error).toBe(
      'BadOrigin',
    );
    const owner = await send(h, tx(h, 'adminUtils.sudoSetMinAllowedWeights', netuid, 2), h.alice);
    expect(owner.error).toBeUndefined();
    expect(eventData(owner, 'subtensorModule.MinAllowedWeightSet')).toEqual([netuid, 2]);
  });

  it('validates values with the runtime error names', async () => {
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetActivityCutoff', netuid, 10))).toBe(
      'subtensorModule.ActivityCutoffTooLow',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMaxAllowedValidators', netuid, 1000))).toBe(
      'adminUtils.MaxValidatorsLargerThanMaxUIds',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMinBurn', netuid, 2n * TAO))).toBe(
      'adminUtils.ValueNotInBounds',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetCommitRevealWeightsInterval', netuid, 101))).toBe(
      'subtensorModule.RevealPeriodTooLarge',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetCommitRevealWeightsInterval', netuid, 3))).toBeUndefined();
    expect(await query(h, 'subtensorModule.revealPeriodEpochs', netuid)).toBe(3n);
  });

  it('blocks admin changes during the freeze window before an epoch', async () => {
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 10))).toBeUndefined();
    const tempo = await query<number>(h, 'subtensorModule.tempo', netuid);
    // The sudo below runs in head + 1: pick a head after which fewer than 10 blocks remain to the epoch.
    let block = h.devnet.head().number + 1;
    while (tempo - ((block + 1 + netuid + 1) % (tempo + 1)) >= 10) block++;
    await advanceTo(h, block);
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMinAllowedWeights', netuid, 3))).toBe(
      'subtensorModule.AdminActionProhibitedDuringWeightsWindow',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetWeightsSetRateLimit', netuid, 3))).toBeUndefined();
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 0))).toBeUndefined();
  });
});

describe('utility batches', () => {
  const transfer = (amount: bigint) => tx(h, 'balances.transferKeepAlive', h.dave.address, amount);

  it('batch_all is atomic', async () => {
    const before = await free(h.dave.address);
    const outcome = await send(
      h,
      tx(h, 'utility.batchAll', [transfer(TAO), transfer(10n ** 18n)]),
      h.charlie,
    );
    expect(outcome.error).toBe('arithmetic.Underflow');
    expect(await free(h.dave.address)).toBe(before);
  });

  it('batch stops at the first failure and keeps what ran before it', async () => {
    const before = await free(h.dave.address);
    const outcome = await send(
      h,
      tx(h, 'utility.batch', [transfer(TAO), transfer(10n ** 18n), transfer(TAO)]),
      h.charlie,
    );
    expect(outcome.error).toBeUndefined();
    expect(eventData(outcome, 'utility.BatchInterrupted')?.[0]).toBe(1);
    expect(outcome.names.filter((n) => n === 'utility.ItemCompleted')).toHaveLength(1);
    expect(await free(h.dave.address)).toBe(before + TAO);
  });

  it('force_batch runs every call and reports the failures', async () => {
    const before = await free(h.dave.address);
    const outcome = await send(
      h,
      tx(h, 'utility.forceBatch', [transfer(TAO), transfer(10n ** 18n), transfer(TAO)]),
      h.charlie,
    );
    expect(outcome.names).toEqual(
      expect.arrayContaining(['utility.ItemFailed', 'utility.BatchCompletedWithErrors']),
    );
    expect(outcome.names.filter((n) => n === 'utility.ItemCompleted')).toHaveLength(2);
    expect(await free(h.dave.address)).toBe(before + 2n * TAO);
  });
});
