import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchError,
  type DevnetHarness,
  eventData,
  query,
  rejection,
  send,
  sendAll,
  startHarness,
  sudo,
  sudoAll,
  TAO,
  tx,
} from './test-support.js';

let h: DevnetHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const pub = (address: string) => u8aToHex(decodeAddress(address));
const free = async (address: string) =>
  (await query<{ data: { free: bigint } }>(h, 'system.account', address)).data.free;
const hotkey = (name: string) => h.keyring.addFromUri(`//reg//${name}`);
const register = (netuid: number, name: string) =>
  tx(h, 'subtensorModule.burnedRegister', netuid, hotkey(name).address);

let netuid: number;

describe('register_network', () => {
  it('creates a subnet owned by the caller with the owner hotkey at uid 0 and locks the cost', async () => {
    const before = await free(h.alice.address);
    const xt = tx(h, 'subtensorModule.registerNetwork', hotkey('owner').address);
    const fee = (await xt.paymentInfo(h.alice)).partialFee.toBigInt();
    const outcome = await send(h, xt, h.alice);
    expect(outcome.error).toBeUndefined();
    netuid = eventData(outcome, 'subtensorModule.NetworkAdded')?.[0] as number;
    expect(eventData(outcome, 'subtensorModule.NetworkAdded')).toEqual([1, 1]);
    expect(await free(h.alice.address)).toBe(before - 1000n * TAO - fee);
    expect(await query(h, 'subtensorModule.subnetOwner', netuid)).toBe(pub(h.alice.address));
    expect(await query(h, 'subtensorModule.keys', netuid, 0)).toBe(pub(hotkey('owner').address));
    expect(await query(h, 'subtensorModule.subnetworkN', netuid)).toBe(1);
    expect(await query(h, 'subtensorModule.tempo', netuid)).toBe(360);
    expect(await query(h, 'subtensorModule.maxAllowedUids', netuid)).toBe(256);
    expect(await query(h, 'subtensorModule.commitRevealWeightsEnabled', netuid)).toBe(true);
    expect(await query(h, 'subtensorModule.networksAdded', 0)).toBe(true);
  });

  it('rate-limits network registration: 1010 Custom error 6 in the pool, NetworkTxRateLimitExceeded nested', async () => {
    const again = tx(h, 'subtensorModule.registerNetwork', hotkey('owner2').address);
    expect(await rejection(again.signAndSend(h.bob, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 6',
    );
    const nested = await send(
      h,
      tx(h, 'utility.batch', [tx(h, 'subtensorModule.registerNetwork', hotkey('owner2').address)]),
      h.bob,
    );
    expect(batchError(h, nested)).toBe('subtensorModule.NetworkTxRateLimitExceeded');
    await sudoAll(h, [tx(h, 'adminUtils.sudoSetNetworkRateLimit', 0)]);
    const second = await send(h, tx(h, 'subtensorModule.registerNetwork', hotkey('owner2').address), h.bob);
    expect(eventData(second, 'subtensorModule.NetworkAdded')).toEqual([2, 1]);
    expect(await query<bigint>(h, 'subtensorModule.subnetLocked', 2)).toBeGreaterThan(1000n * TAO);
  });
});

describe('burned_register', () => {
  it('charges the burn to the coldkey and hands out the next uid', async () => {
    const burn = await query<bigint>(h, 'subtensorModule.burn', netuid);
    const xt = register(netuid, 'a');
    const fee = (await xt.paymentInfo(h.charlie)).partialFee.toBigInt();
    const before = await free(h.charlie.address);
    const outcome = await send(h, xt, h.charlie);
    expect(eventData(outcome, 'subtensorModule.NeuronRegistered')).toEqual([
      netuid,
      1,
      pub(hotkey('a').address),
    ]);
    expect(await free(h.charlie.address)).toBe(before - burn - fee);
    expect(await query(h, 'subtensorModule.uids', netuid, hotkey('a').address)).toBe(1);
    expect(await query(h, 'subtensorModule.owner', hotkey('a').address)).toBe(pub(h.charlie.address));
    expect((await send(h, register(netuid, 'a'), h.charlie)).error).toBe(
      'subtensorModule.HotKeyAlreadyRegisteredInSubNet',
    );
  });

  it('enforces MaxRegistrationsPerBlock, the interval limit and the other registration errors', async () => {
    const [first, second] = await sendAll(h, [
      [register(netuid, 'b'), h.dave],
      [register(netuid, 'c'), h.eve],
    ]);
    expect(first?.error).toBeUndefined();
    expect(second?.error).toBe('subtensorModule.TooManyRegistrationsThisBlock');
    // TargetRegistrationsPerInterval is 1 on a new subnet: three registrations fill the interval.
    expect(await query(h, 'subtensorModule.registrationsThisInterval', netuid)).toBe(2);
    await send(h, register(netuid, 'c'), h.eve);
    expect(await rejection(register(netuid, 'd').signAndSend(h.ferdie, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 6',
    );
    expect((await send(h, register(0, 'd'), h.ferdie)).error).toBe(
      'subtensorModule.RegistrationNotPermittedOnRootSubnet',
    );
    expect((await send(h, register(77, 'd'), h.ferdie)).error).toBe('subtensorModule.SubnetNotExists');
    expect((await send(h, register(2, 'a'), h.ferdie)).error).toBe('subtensorModule.NonAssociatedColdKey');
    const poor = h.keyring.addFromUri('//reg//poor');
    await send(h, tx(h, 'balances.transferKeepAlive', poor.address, TAO / 20n), h.alice);
    expect((await send(h, register(2, 'poor'), poor)).error).toBe('subtensorModule.NotEnoughBalanceToStake');
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetNetworkRegistrationAllowed', 2, false))).toBeUndefined();
    expect((await send(h, register(2, 'e'), h.ferdie)).error).toBe(
      'subtensorModule.SubNetRegistrationDisabled',
    );
  });

  it('replaces the oldest zero-emission neuron when the subnet is full, never the owner hotkey', async () => {
    await sudoAll(h, [
      tx(h, 'adminUtils.sudoSetTargetRegistrationsPerInterval', netuid, 50),
      tx(h, 'adminUtils.sudoSetMaxRegistrationsPerBlock', netuid, 50),
      tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 0),
    ]);
    const n = await query<number>(h, 'subtensorModule.subnetworkN', netuid);
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMinAllowedUids', netuid, n - 1))).toBeUndefined();
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMaxAllowedUids', netuid, n - 1))).toBe(
      'adminUtils.MaxAllowedUIdsLessThanCurrentUIds',
    );
    expect(await sudo(h, tx(h, 'adminUtils.sudoSetMaxAllowedUids', netuid, n))).toBeUndefined();
    const oldest = await query<string>(h, 'subtensorModule.keys', netuid, 1);
    const outcome = await send(h, register(netuid, 'newcomer'), h.ferdie);
    expect(eventData(outcome, 'subtensorModule.NeuronRegistered')).toEqual([
      netuid,
      1,
      pub(hotkey('newcomer').address),
    ]);
    expect(await query(h, 'subtensorModule.subnetworkN', netuid)).toBe(n);
    expect(await query(h, 'subtensorModule.uids', netuid, oldest)).toBeNull();
    expect(await query(h, 'subtensorModule.keys', netuid, 0)).toBe(pub(hotkey('owner').address));
    expect(await query(h, 'subtensorModule.blockAtRegistration', netuid, 1)).toBe(
      BigInt(h.devnet.head().number),
    );
  });
});

describe('add_stake and start_call', () => {
  it('needs start_call by the subnet owner before stake can be added', async () => {
    const stake = () => tx(h, 'subtensorModule.addStake', hotkey('a').address, netuid, 10n * TAO);
    expect((await send(h, stake(), h.charlie)).error).toBe('subtensorModule.SubtokenDisabled');
    expect((await send(h, tx(h, 'subtensorModule.startCall', netuid), h.bob)).error).toBe('BadOrigin');
    const started = await send(h, tx(h, 'subtensorModule.startCall', netuid), h.alice);
    expect(eventData(started, 'subtensorModule.FirstEmissionBlockNumberSet')).toEqual([
      netuid,
      BigInt(h.devnet.head().number + 1),
    ]);
    expect((await send(h, tx(h, 'subtensorModule.startCall', netuid), h.alice)).error).toBe(
      'subtensorModule.FirstEmissionBlockNumberAlreadySet',
    );
    const before = await free(h.charlie.address);
    const outcome = await send(h, stake(), h.charlie);
    expect(eventData(outcome, 'subtensorModule.StakeAdded')).toEqual([
      pub(h.charlie.address),
      pub(hotkey('a').address),
      10n * TAO,
      10n * TAO,
      netuid,
      0n,
    ]);
    expect(before - (await free(h.charlie.address))).toBeGreaterThan(10n * TAO);
    expect(await query(h, 'subtensorModule.totalHotkeyAlpha', hotkey('a').address, netuid)).toBe(10n * TAO);
    expect(await query(h, 'subtensorModule.stakingHotkeys', h.charlie.address)).toContain(
      pub(hotkey('a').address),
    );
  });

  it('rejects small amounts, unknown hotkeys and missing funds', async () => {
    const stake = (who: string, amount: bigint) => tx(h, 'subtensorModule.addStake', who, netuid, amount);
    expect((await send(h, stake(hotkey('a').address, 1_000_000n), h.charlie)).error).toBe(
      'subtensorModule.AmountTooLow',
    );
    expect((await send(h, stake(hotkey('nobody').address, TAO), h.charlie)).error).toBe(
      'subtensorModule.HotKeyAccountNotExists',
    );
    expect((await send(h, stake(hotkey('a').address, 10n ** 18n), h.charlie)).error).toBe(
      'subtensorModule.NotEnoughBalanceToStake',
    );
  });
});
