import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { epistulaMessage, signEpistulaHeaders, verifyEpistulaSignature } from './epistula.js';

const body = '{"model":"x","messages":[{"role":"user","content":"hi"}]}';
let keyring: Keyring;
beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
});

function fieldsOf(h: Record<string, string>) {
  return {
    fields: {
      uuid: h['Epistula-Uuid']!,
      timestamp: h['Epistula-Timestamp']!,
      signedFor: h['Epistula-Signed-For']!,
    },
    signature: h['Epistula-Request-Signature']!,
  };
}

describe('verifyEpistulaSignature', () => {
  it('accepts a validator signature of the exact body, and nothing else', () => {
    const alice = keyring.addFromUri('//Alice');
    const miner = keyring.addFromUri('//Bob').address;
    const { fields, signature } = fieldsOf(signEpistulaHeaders(alice, body, miner));
    expect(verifyEpistulaSignature(body, fields, signature, alice.address)).toBe(true);
    expect(verifyEpistulaSignature(`${body} `, fields, signature, alice.address)).toBe(false);
    expect(
      verifyEpistulaSignature(body, { ...fields, signedFor: alice.address }, signature, alice.address),
    ).toBe(false);
    expect(verifyEpistulaSignature(body, fields, signature, miner)).toBe(false);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('00') ? '01' : '00'}`;
    expect(verifyEpistulaSignature(body, fields, flipped, alice.address)).toBe(false);
    expect(verifyEpistulaSignature(body, fields, signature.slice(2), alice.address)).toBe(false);
    expect(verifyEpistulaSignature(body, fields, 'not a signature', alice.address)).toBe(false);
    expect(verifyEpistulaSignature(body, fields, signature, 'not an address')).toBe(false);
  });

  it('still accepts an sr25519 signature of the <Bytes>-wrapped message (as signed by browser wallets)', () => {
    const alice = keyring.addFromUri('//Alice');
    const fields = { uuid: 'u-1', timestamp: String(Date.now()), signedFor: 'miner' };
    const message = Buffer.from(epistulaMessage(body, fields.uuid, fields.timestamp, fields.signedFor));
    const signature = u8aToHex(alice.sign(u8aWrapBytes(message)));
    expect(verifyEpistulaSignature(body, fields, signature, alice.address)).toBe(true);
  });

  it('refuses an ed25519 signature, even a valid one (validators sign with sr25519 hotkeys)', () => {
    const ed = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//Alice');
    const { fields, signature } = fieldsOf(signEpistulaHeaders(ed, body, 'miner'));
    expect(verifyEpistulaSignature(body, fields, signature, ed.address)).toBe(false);
  });
});
