import { Keyring } from '@polkadot/keyring';
import { stringToU8a } from '@polkadot/util';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from './fixtures/temp.js';
import { LedgerErrors, openLedger, type Signer, sealMessage } from './index.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

let alice: Signer;
let bob: Signer;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('ledger seals', () => {
  it('closes a round with a seal an sr25519 verifier accepts, and the whole chain verifies', async () => {
    const ledger = await openLedger(await dirs.make());
    await ledger.append('snapshot', 7, { n: 1 });
    await ledger.appendBatch([
      { type: 'measurement', round: 7, data: { i: 0 } },
      { type: 'measurement', round: 7, data: { i: 1 } },
    ]);
    const last = ledger.head()!;
    const seal = await ledger.seal(7, alice);
    expect(seal.type).toBe('seal');
    expect(seal.seq).toBe(3);
    expect(seal.data).toMatchObject({ round: 7, fromSeq: 0, toSeq: 2, count: 3, lastHash: last.hash });
    expect(seal.data.signer).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    expect(sealMessage(seal.data)).toBe(`rodeo-ledger-seal:v1:7:0:2:${last.hash}`);
    const check = signatureVerify(stringToU8a(sealMessage(seal.data)), seal.data.signature, seal.data.signer);
    expect(check).toMatchObject({ isValid: true, crypto: 'sr25519' });

    await ledger.append('snapshot', 8, { n: 2 });
    await ledger.seal(8, bob);
    await ledger.append('snapshot', 9, { n: 3 });
    expect(await ledger.verify()).toMatchObject({ ok: true, records: 7, rounds: 3, unsealed: [9] });
    expect(await ledger.verify({ round: 8 })).toMatchObject({
      ok: true,
      records: 2,
      rounds: 1,
      unsealed: [],
    });
    const info = await ledger.info();
    expect(info.rounds.map((r) => r.sealed)).toEqual([true, true, false]);
    await ledger.close();
  });

  it('refuses records after a seal, a second seal, sealing another round and an empty ledger', async () => {
    const ledger = await openLedger(await dirs.make());
    expect(await codeOf(ledger.seal(1, alice))).toBe(LedgerErrors.NOTHING_TO_SEAL.code);
    await ledger.append('a', 1, {});
    expect(await codeOf(ledger.seal(2, alice))).toBe(LedgerErrors.NOTHING_TO_SEAL.code);
    await ledger.seal(1, alice);
    expect(await codeOf(ledger.seal(1, alice))).toBe(LedgerErrors.ROUND_SEALED.code);
    expect(await codeOf(ledger.append('a', 1, {}))).toBe(LedgerErrors.ROUND_SEALED.code);
    expect((await ledger.append('a', 2, {})).seq).toBe(2);
    await ledger.close();
  });

  it('refuses a signer whose signature does not match its address', async () => {
    const ledger = await openLedger(await dirs.make());
    await ledger.append('a', 1, {});
    const impostor: Signer = { address: alice.address, sign: (m) => bob.sign(m) };
    expect(await codeOf(ledger.seal(1, impostor))).toBe(LedgerErrors.NOTHING_TO_SEAL.code);
    expect(ledger.head()?.type).toBe('a');
    await ledger.close();
  });

  it('reports rounds left without a seal', async () => {
    const ledger = await openLedger(await dirs.make());
    await ledger.append('a', 1, {});
    await ledger.append('a', 2, {});
    await ledger.seal(2, alice);
    const r = await ledger.verify();
    expect(r).toMatchObject({ ok: true, unsealed: [1] });
    expect((r as { firstError?: unknown }).firstError).toBeUndefined();
    await ledger.close();
  });
});
