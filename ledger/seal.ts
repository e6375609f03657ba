import { stringToU8a, u8aToHex } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import type { SealData, Signer } from './types.js';

/** The UTF-8 bytes a seal signs. */
export function sealMessage(s: Pick<SealData, 'round' | 'fromSeq' | 'toSeq' | 'lastHash'>): string {
  return `rodeo-ledger-seal:v1:${s.round}:${s.fromSeq}:${s.toSeq}:${s.lastHash}`;
}

export function signSeal(range: Omit<SealData, 'signer' | 'signature'>, signer: Signer): SealData {
  const signature = u8aToHex(signer.sign(stringToU8a(sealMessage(range))));
  return { ...range, signer: signer.address, signature };
}

/** True when `signature` is a valid sr25519 signature of the seal message by `signer` (cryptoWaitReady first). */
export function sealSignatureValid(seal: SealData): boolean {
  try {
    const r = signatureVerify(stringToU8a(sealMessage(seal)), seal.signature, seal.signer);
    return r.isValid && r.crypto === 'sr25519';
  } catch {
    // A malformed address or signature is an invalid seal, not a crash.
    return false;
  }
}
