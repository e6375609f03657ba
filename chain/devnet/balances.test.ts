import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevnetHarness, send, startHarness } from './test-support.js';

const TAO = 1_000_000_000n;
const ED = 500n;

let h: DevnetHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const free = async (who: string) => (await h.api.query.system.account(who)).data.free.toBigInt();

/** A fresh account funded by Alice with `amount`. */
async function funded(name: string, amount: bigint): Promise<KeyringPair> {
  const pair = h.keyring.addFromUri(`//${name}`);
  const outcome = await send(h, h.api.tx.balances.transferAllowDeath(pair.address, amount), h.alice);
  expect(outcome.error).toBeUndefined();
  return pair;
}

describe('balances and fees', () => {
  it('transfers with keep-alive and charges the quoted inclusion fee', async () => {
    const tx = h.api.tx.balances.transferKeepAlive(h.bob.address, 2n * TAO);
    const quote = await tx.paymentInfo(h.alice);
    const [aliceBefore, bobBefore] = [await free(h.alice.address), await free(h.bob.address)];
    const outcome = await send(h, tx, h.alice);
    expect(outcome.error).toBeUndefined();
    expect(outcome.names).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const fee = quote.partialFee.toBigInt();
    expect(fee).toBeGreaterThan(0n);
    expect(await free(h.bob.address)).toBe(bobBefore + 2n * TAO);
    expect(await free(h.alice.address)).toBe(aliceBefore - 2n * TAO - fee);
    const paid = outcome.events.find((e) => h.api.events.transactionPayment.TransactionFeePaid.is(e.event));
    expect(paid?.event.data[1]?.toString()).toBe(fee.toString());
  });

  it('enforces the existential deposit and the keep-alive rule with token errors', async () => {
    const newcomer = h.keyring.addFromUri('//Newcomer');
    const tooSmall = await send(h, h.api.tx.balances.transferKeepAlive(newcomer.address, ED - 1n), h.alice);
    expect(tooSmall.error).toBe('token.BelowMinimum');
    expect(await free(newcomer.address)).toBe(0n);

    const sender = await funded('KeepAlive', 10n * TAO);
    const fee = (
      await h.api.tx.balances.transferKeepAlive(h.bob.address, 1n).paymentInfo(sender)
    ).partialFee.toBigInt();
    const leaveDust = 10n * TAO - fee - (ED - 1n);
    const kept = await send(h, h.api.tx.balances.transferKeepAlive(h.bob.address, leaveDust), sender);
    expect(kept.error).toBe('token.FundsUnavailable');

    const fee2 = (
      await h.api.tx.balances.transferAllowDeath(h.bob.address, 1n).paymentInfo(sender)
    ).partialFee.toBigInt();
    const rest = await free(sender.address);
    const died = await send(
      h,
      h.api.tx.balances.transferAllowDeath(h.bob.address, rest - fee2 - 10n),
      sender,
    );
    expect(died.error).toBeUndefined();
    expect(died.names).toContain('balances.DustLost');
    expect(died.names).toContain('system.KilledAccount');
    expect((await h.api.query.system.account(sender.address)).providers.toNumber()).toBe(0);
  });

  it('emits System.Remarked with the blake2 hash of the remark', async () => {
    const outcome = await send(h, h.api.tx.system.remarkWithEvent('payout round 7'), h.alice);
    const remarked = outcome.events.find((e) => h.api.events.system.Remarked.is(e.event));
    expect(remarked?.event.data[1]?.toHex()).toBe(blake2AsHex('payout round 7', 256));
  });
});

describe('transaction validity (1010 / 1011 errors)', () => {
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: Error) => e.message,
    );

  it('rejects a tampered signature', async () => {
    const tx = await h.api.tx.balances.transferKeepAlive(h.bob.address, 1n).signAsync(h.alice, { nonce: -1 });
    const bytes = tx.toU8a();
    const signatureAt = 1 + bytes.findIndex((_, i) => i > 0 && bytes[i - 1] === 0x84) + 33 + 1;
    bytes[signatureAt] = (bytes[signatureAt] ?? 0) ^ 0xff;
    expect(await rejection(h.api.rpc.author.submitExtrinsic(u8aToHex(bytes)))).toBe(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );
  });

  it('rejects a signature over another genesis hash as a bad signature', async () => {
    const tx = h.api.tx.balances.transferKeepAlive(h.bob.address, 1n);
    await tx.signAsync(h.alice, { nonce: -1, genesisHash: `0x${'11'.repeat(32)}` as `0x${string}`, era: 0 });
    expect(await rejection(tx.send())).toBe('1010: Invalid Transaction: Transaction has a bad signature');
  });

  it('rejects a stale nonce', async () => {
    await send(h, h.api.tx.system.remark('bump'), h.alice);
    const tx = h.api.tx.system.remark('stale');
    await tx.signAsync(h.alice, { nonce: 0 });
    expect(await rejection(tx.send())).toBe('1010: Invalid Transaction: Transaction is outdated');
  });

  it('rejects a mortal era whose birth block is not known', async () => {
    const head = await h.api.rpc.chain.getHeader();
    const era = h.api.createType('ExtrinsicEra', { current: head.number.toNumber() + 1000, period: 64 });
    const tx = h.api.tx.system.remark('ancient');
    await tx.signAsync(h.alice, { nonce: -1, era, blockHash: head.hash });
    expect(await rejection(tx.send())).toBe(
      '1010: Invalid Transaction: Transaction has an ancient birth block',
    );
  });

  it('rejects a Pays::Yes call from an account that cannot pay', async () => {
    const poor = h.keyring.addFromUri('//Pauper');
    const error = await h.api.tx.system
      .remark('hi')
      .signAndSend(poor, { nonce: -1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 1010,
      data: 'Inability to pay some fees (e.g. account balance too low)',
    });
  });

  it('rejects a non-sudo signer of Sudo.sudo at submit time (SudoTransactionExtension)', async () => {
    const call = h.api.tx.sudo.sudo(h.api.tx.system.remark('x'));
    expect(await rejection(call.signAndSend(h.bob, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Invalid signing address',
    );
  });

  it('rejects unsigned transactions with 1011 and duplicates with 1013', async () => {
    const unsigned = h.api.tx.system.remark('unsigned').toHex();
    expect(await rejection(h.api.rpc.author.submitExtrinsic(unsigned))).toBe(
      '1011: Unknown Transaction Validity: NoUnsignedValidator',
    );
    const tx = await h.api.tx.system.remark('twice').signAsync(h.alice, { nonce: -1 });
    await h.api.rpc.author.submitExtrinsic(tx.toHex());
    expect(await rejection(h.api.rpc.author.submitExtrinsic(tx.toHex()))).toMatch(
      /^1013: Transaction Already Imported/,
    );
    await h.devnet.produceBlocks(1);
  });

  it('keeps a future nonce in the pool until the gap is filled', async () => {
    const nonce = (await h.api.rpc.system.accountNextIndex(h.charlie.address)).toNumber();
    const later = await h.api.tx.system.remark('second').signAsync(h.charlie, { nonce: nonce + 1 });
    await h.api.rpc.author.submitExtrinsic(later.toHex());
    await h.devnet.produceBlocks(1);
    expect((await h.api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex())).toContain(
      later.hash.toHex(),
    );
    const first = await h.api.tx.system.remark('first').signAsync(h.charlie, { nonce });
    await h.api.rpc.author.submitExtrinsic(first.toHex());
    await h.devnet.produceBlocks(1);
    expect((await h.api.query.system.account(h.charlie.address)).nonce.toNumber()).toBe(nonce + 2);
    expect((await h.api.rpc.author.pendingExtrinsics()).length).toBe(0);
  });
});
