import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DevnetHarness,
  eventData,
  query,
  rejection,
  send,
  startHarness,
  TAO,
  tx,
} from './test-support.js';

const ED = 500n;

let h: DevnetHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface AccountInfo {
  nonce: number;
  providers: number;
  data: { free: bigint };
}
const account = (who: string) => query<AccountInfo>(h, 'system.account', who);
const free = async (who: string) => (await account(who)).data.free;

/** A fresh account funded by Alice with `amount`. */
async function funded(name: string, amount: bigint): Promise<KeyringPair> {
  const pair = h.keyring.addFromUri(`//${name}`);
  const outcome = await send(h, tx(h, 'balances.transferAllowDeath', pair.address, amount), h.alice);
  expect(outcome.error).toBeUndefined();
  return pair;
}

describe('balances and fees', () => {
  it('transfers with keep-alive and charges the quoted inclusion fee', async () => {
    const xt = tx(h, 'balances.transferKeepAlive', h.bob.address, 2n * TAO);
    const quote = await xt.paymentInfo(h.alice);
    const [aliceBefore, bobBefore] = [await free(h.alice.address), await free(h.bob.address)];
    const outcome = await send(h, xt, h.alice);
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
    expect(eventData(outcome, 'transactionPayment.TransactionFeePaid')?.[1]).toBe(fee);
  });

  it('enforces the existential deposit and the keep-alive rule with token errors', async () => {
    const newcomer = h.keyring.addFromUri('//Newcomer');
    const tooSmall = await send(h, tx(h, 'balances.transferKeepAlive', newcomer.address, ED - 1n), h.alice);
    expect(tooSmall.error).toBe('token.BelowMinimum');
    expect(await free(newcomer.address)).toBe(0n);

    const sender = await funded('KeepAlive', 10n * TAO);
    const fee = (
      await tx(h, 'balances.transferKeepAlive', h.bob.address, 1n).paymentInfo(sender)
    ).partialFee.toBigInt();
    const leaveDust = 10n * TAO - fee - (ED - 1n);
    const kept = await send(h, tx(h, 'balances.transferKeepAlive', h.bob.address, leaveDust), sender);
    expect(kept.error).toBe('token.NotExpendable');
    const tooMuch = await send(h, tx(h, 'balances.transferAllowDeath', h.bob.address, 1000n * TAO), sender);
    expect(tooMuch.error).toBe('token.FundsUnavailable');

    const fee2 = (
      await tx(h, 'balances.transferAllowDeath', h.bob.address, 1n).paymentInfo(sender)
    ).partialFee.toBigInt();
    const rest = await free(sender.address);
    const died = await send(
      h,
      tx(h, 'balances.transferAllowDeath', h.bob.address, rest - fee2 - 10n),
      sender,
    );
    expect(died.error).toBeUndefined();
    expect(died.names).toContain('balances.DustLost');
    expect(died.names).toContain('system.KilledAccount');
    expect((await account(sender.address)).providers).toBe(0);
  });

  it('emits System.Remarked with the blake2 hash of the remark', async () => {
    const outcome = await send(h, tx(h, 'system.remarkWithEvent', 'payout round 7'), h.alice);
    expect(eventData(outcome, 'system.Remarked')?.[1]).toBe(blake2AsHex('payout round 7', 256));
  });
});

describe('transaction validity (1010 / 1011 errors)', () => {
  it('rejects a tampered signature', async () => {
    const xt = await tx(h, 'balances.transferKeepAlive', h.bob.address, 1n).signAsync(h.alice, { nonce: -1 });
    const bytes = xt.toU8a();
    const signatureAt =
      1 + bytes.findIndex((_: number, i: number) => i > 0 && bytes[i - 1] === 0x84) + 33 + 1;
    bytes[signatureAt] = (bytes[signatureAt] ?? 0) ^ 0xff;
    expect(await rejection(h.api.rpc.author.submitExtrinsic(u8aToHex(bytes)))).toBe(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );
  });

  it('rejects a signature over another genesis hash as a bad signature', async () => {
    const xt = tx(h, 'balances.transferKeepAlive', h.bob.address, 1n);
    const options = { nonce: -1, genesisHash: `0x${'11'.repeat(32)}`, era: 0 };
    await xt.signAsync(h.alice, options as Parameters<typeof xt.signAsync>[1]);
    expect(await rejection(xt.send())).toBe('1010: Invalid Transaction: Transaction has a bad signature');
  });

  it('rejects a stale nonce', async () => {
    await send(h, tx(h, 'system.remark', 'bump'), h.alice);
    const xt = tx(h, 'system.remark', 'stale');
    await xt.signAsync(h.alice, { nonce: 0 });
    expect(await rejection(xt.send())).toBe('1010: Invalid Transaction: Transaction is outdated');
  });

  it('rejects a mortal era whose birth block is not known', async () => {
    const head = await h.api.rpc.chain.getHeader();
    const era = h.api.createType('ExtrinsicEra', { current: head.number.toNumber() + 1000, period: 64 });
    const xt = tx(h, 'system.remark', 'ancient');
    await xt.signAsync(h.alice, { nonce: -1, era, blockHash: head.hash });
    expect(await rejection(xt.send())).toBe(
      '1010: Invalid Transaction: Transaction has an ancient birth block',
    );
  });

  it('rejects a Pays::Yes call from an account that cannot pay', async () => {
    const poor = h.keyring.addFromUri('//Pauper');
    const error = await tx(h, 'system.remark', 'hi')
      .signAndSend(poor, { nonce: -1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 1010,
      data: 'Inability to pay some fees (e.g. account balance too low)',
    });
  });

  it('rejects a non-sudo signer of Sudo.sudo at submit time (SudoTransactionExtension)', async () => {
    const call = tx(h, 'sudo.sudo', tx(h, 'system.remark', 'x'));
    expect(await rejection(call.signAndSend(h.bob, { nonce: -1 }))).toBe(
      '1010: Invalid Transaction: Invalid signing address',
    );
  });

  it('rejects unsigned transactions with 1011 and duplicates with 1013', async () => {
    const unsigned = tx(h, 'system.remark', 'unsigned').toHex();
    expect(await rejection(h.api.rpc.author.submitExtrinsic(unsigned))).toBe(
      '1011: Unknown Transaction Validity: NoUnsignedValidator',
    );
    const xt = await tx(h, 'system.remark', 'twice').signAsync(h.alice, { nonce: -1 });
    await h.api.rpc.author.submitExtrinsic(xt.toHex());
    expect(await rejection(h.api.rpc.author.submitExtrinsic(xt.toHex()))).toMatch(
      /^1013: Transaction Already Imported/,
    );
    await h.devnet.produceBlocks(1);
  });

  it('keeps a future nonce in the pool until the gap is filled', async () => {
    const nonce = (await h.api.rpc.system.accountNextIndex(h.charlie.address)).toNumber();
    const later = await tx(h, 'system.remark', 'second').signAsync(h.charlie, { nonce: nonce + 1 });
    await h.api.rpc.author.submitExtrinsic(later.toHex());
    await h.devnet.produceBlocks(1);
    expect((await h.api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex())).toContain(
      later.hash.toHex(),
    );
    const first = await tx(h, 'system.remark', 'first').signAsync(h.charlie, { nonce });
    await h.api.rpc.author.submitExtrinsic(first.toHex());
    await h.devnet.produceBlocks(1);
    expect((await account(h.charlie.address)).nonce).toBe(nonce + 2);
    expect((await h.api.rpc.author.pendingExtrinsics()).length).toBe(0);
  });
});
