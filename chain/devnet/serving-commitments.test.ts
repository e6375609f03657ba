import { u8aToHex } from '@polkadot/util';
import { decodeAddress, sha256AsU8a } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceTo,
  batchError,
  createSubnet,
  type DevnetHarness,
  eventData,
  query,
  rejection,
  type SubnetFixture,
  send,
  startHarness,
  sudoAll,
  TAO,
  tx,
} from './test-support.js';

let h: DevnetHarness;
let sn: SubnetFixture;
beforeAll(async () => {
  h = await startHarness();
  sn = await createSubnet(h, { miners: 2 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const ipv4 = (ip: string) => ip.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
const serve = (netuid: number, ip: bigint, port: number, ipType = 4) =>
  tx(h, 'subtensorModule.serveAxon', netuid, 1_002_003, ip, port, ipType, 4, 0, 0);

describe('serve_axon', () => {
  it('rejects bad addresses in the pool with the SubtensorTransactionExtension codes', async () => {
    const miner = sn.miners[0]?.hotkey;
    if (!miner) throw new Error('fixture has no miner');
    const submit = (xt: ReturnType<typeof serve>, who = miner) =>
      rejection(xt.signAndSend(who, { nonce: -1 }));
    expect(await submit(serve(sn.netuid, ipv4('127.0.0.1'), 8091))).toBe(
      '1010: Invalid Transaction: Custom error: 11',
    );
    expect(await submit(serve(sn.netuid, 1n, 8091, 6))).toBe('1010: Invalid Transaction: Custom error: 11');
    expect(await submit(serve(sn.netuid, ipv4('10.0.0.5'), 0))).toBe(
      '1010: Invalid Transaction: Custom error: 13',
    );
    expect(await submit(serve(sn.netuid, ipv4('10.0.0.5'), 8091, 5))).toBe(
      '1010: Invalid Transaction: Custom error: 255',
    );
    expect(await submit(serve(sn.netuid, ipv4('10.0.0.5'), 8091), h.ferdie)).toBe(
      '1010: Invalid Transaction: Custom error: 10',
    );
  });

  it('stores the axon, emits AxonServed and applies ServingRateLimit', async () => {
    const miner = sn.miners[0]?.hotkey;
    if (!miner) throw new Error('fixture has no miner');
    const outcome = await send(h, serve(sn.netuid, ipv4('10.0.0.5'), 8091), miner);
    expect(outcome.error).toBeUndefined();
    expect(eventData(outcome, 'subtensorModule.AxonServed')).toEqual([
      sn.netuid,
      u8aToHex(decodeAddress(miner.address)),
    ]);
    expect(await query(h, 'subtensorModule.axons', sn.netuid, miner.address)).toEqual({
      block: BigInt(h.devnet.head().number),
      version: 1_002_003,
      ip: ipv4('10.0.0.5'),
      port: 8091,
      ipType: 4,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    });
    expect(await rejection(serve(sn.netuid, ipv4('10.0.0.6'), 8091).signAndSend(miner, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Custom error: 12',
    );
  });

  it('fails with the named pallet error when nested in a batch', async () => {
    const validator = sn.validator.hotkey;
    await send(h, tx(h, 'balances.transferKeepAlive', validator.address, TAO), h.alice);
    const nested = await send(
      h,
      tx(h, 'utility.batch', [serve(sn.netuid, ipv4('127.0.0.1'), 8091)]),
      validator,
    );
    expect(batchError(h, nested)).toBe('subtensorModule.InvalidIpAddress');
    const port = await send(h, tx(h, 'utility.batch', [serve(sn.netuid, ipv4('10.1.1.1'), 0)]), validator);
    expect(batchError(h, port)).toBe('subtensorModule.InvalidPort');
  });
});

describe('commitments', () => {
  const commit = (fields: unknown[], netuid = sn.netuid) =>
    tx(h, 'commitments.setCommitment', netuid, { fields });

  it('stores a Sha256 submission hash and a Raw endpoint with the block', async () => {
    const miner = sn.miners[1]?.hotkey;
    if (!miner) throw new Error('fixture has no miner');
    const digest = u8aToHex(sha256AsU8a('submission manifest'));
    const endpoint = u8aToHex(new TextEncoder().encode('https://m1.example/v1'));
    const outcome = await send(h, commit([{ Sha256: digest }, { Raw21: endpoint }]), miner);
    expect(outcome.error).toBeUndefined();
    expect(eventData(outcome, 'commitments.Commitment')).toEqual([
      sn.netuid,
      u8aToHex(decodeAddress(miner.address)),
    ]);
    expect(await query(h, 'commitments.commitmentOf', sn.netuid, miner.address)).toEqual({
      deposit: 0n,
      block: h.devnet.head().number,
      info: { fields: [{ Sha256: digest }, { Raw21: endpoint }] },
    });
  });

  it('only lets registered hotkeys commit and enforces the per-epoch space limit', async () => {
    expect((await send(h, commit([{ Raw1: '0x01' }]), h.ferdie)).error).toBe(
      'commitments.AccountNotAllowedCommit',
    );
    const miner = sn.miners[1]?.hotkey;
    if (!miner) throw new Error('fixture has no miner');
    await sudoAll(h, [tx(h, 'commitments.setMaxSpace', 250)]);
    const used = await query<{ usedSpace: bigint }>(h, 'commitments.usedSpaceOf', sn.netuid, miner.address);
    expect(used.usedSpace).toBe(100n);
    expect((await send(h, commit([{ Raw1: '0x01' }]), miner)).error).toBeUndefined();
    expect((await send(h, commit([{ Raw1: '0x02' }]), miner)).error).toBe('commitments.SpaceLimitExceeded');
    // The space is per epoch: `(block + netuid + 1) / (tempo + 1)` turns over, the next commit fits again.
    const tempo = await query<number>(h, 'subtensorModule.tempo', sn.netuid);
    let next = h.devnet.head().number + 1;
    while ((next + sn.netuid + 1) % (tempo + 1) !== 0) next++;
    await advanceTo(h, next - 1);
    expect((await send(h, commit([{ Raw1: '0x03' }]), miner)).error).toBeUndefined();
  });

  it('refuses more than MaxFields fields before dispatch (the runtime cannot decode them)', async () => {
    const miner = sn.miners[1]?.hotkey;
    if (!miner) throw new Error('fixture has no miner');
    const four = commit([{ Raw1: '0x01' }, { Raw1: '0x02' }, { Raw1: '0x03' }, { Raw1: '0x04' }]);
    expect(await rejection(four.signAndSend(miner, { nonce: -1 }))).toMatch(/^1002: Verification Error/);
  });
});
