import { createCipheriv, createDecipheriv, randomBytes as nodeRandomBytes } from 'node:crypto';
import { MAX_TIMELOCKED_COMMIT_BYTES } from './constants.js';
import { TimelockErrors as E } from './errors.js';
import {
  AES_GCM_SUITE_BYTES,
  parsePublicKey,
  parseRound,
  parseSignature,
  parseTle,
  serializeTle,
  type TleCiphertext,
} from './format.js';
import { type IbeCiphertext, ibeDecrypt, ibeEncrypt, identityPoint } from './ibe.js';
import { encodeWeightsPayload } from './payload.js';
import type { WeightsPayload } from './types.js';

export interface EncryptOptions {
  /** Source of randomness (the AES key, the IBE sigma, the nonce); defaults to node:crypto. Tests pass a seeded one. */
  randomBytes?: (n: number) => Uint8Array;
}

const AES_TAG = 16;
const AES_NONCE = 12;

/**
 * tle's `tle::<TinyBLS381, AESGCMStreamCipherProvider>` followed by `serialize_compressed`: a fresh 32-byte
 * key encrypts `plaintext` with AES-256-GCM (no AAD), and that key is IBE-encrypted to the drand round.
 */
export function timelockEncrypt(
  plaintext: Uint8Array,
  round: number | bigint,
  drandPublicKey: Uint8Array | string,
  options: EncryptOptions = {},
): Uint8Array {
  const rand = options.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)));
  const pPub = parsePublicKey(drandPublicKey);
  const id = identityPoint(parseRound(round));
  const key = rand(32);
  let header: IbeCiphertext | undefined;
  for (let tries = 0; header === undefined && tries < 8; tries++)
    header = ibeEncrypt(pPub, id, key, rand(32));
  if (header === undefined) throw new Error('timelock: the random source keeps yielding r = 0; it is broken');
  const nonce = rand(AES_NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const ct: TleCiphertext = {
    header,
    aesCiphertext: new Uint8Array(body),
    nonce,
    cipherSuite: AES_GCM_SUITE_BYTES,
  };
  return serializeTle(ct);
}

/**
 * What the runtime does with a commit once the round's pulse is on chain (tle's `tld`): parse the
 * ciphertext, recover the AES key with the round signature, open the body. Throws MALFORMED_CIPHERTEXT,
 * BAD_SIGNATURE, WRONG_ROUND_KEY (another round's signature, or an altered header) or BODY_AUTH_FAILED.
 * As in tle, `cipher_suite` is carried but not checked.
 */
export function decryptWithSignature(
  ciphertext: Uint8Array,
  roundSignature: Uint8Array | string,
): Uint8Array {
  const ct = parseTle(ciphertext);
  const key = ibeDecrypt(parseSignature(roundSignature), ct.header);
  if (ct.nonce.length !== AES_NONCE) throw E.BODY_AUTH_FAILED(`nonce is ${ct.nonce.length} bytes, not 12`);
  if (ct.aesCiphertext.length < AES_TAG) throw E.BODY_AUTH_FAILED('body shorter than its 16-byte tag');
  const data = ct.aesCiphertext.subarray(0, ct.aesCiphertext.length - AES_TAG);
  const tag = ct.aesCiphertext.subarray(ct.aesCiphertext.length - AES_TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ct.nonce);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch (err) {
    throw E.BODY_AUTH_FAILED((err as Error).message);
  }
}

/**
 * The bytes to submit as `commit` to `commit_timelocked_weights` (or `commit_crv3_weights`) together with
 * `revealRound`: the SCALE `WeightsTlockPayload` timelock-encrypted to that quicknet round.
 */
export function encryptWeightsPayload(
  payload: WeightsPayload,
  revealRound: number | bigint,
  drandPublicKey: Uint8Array | string,
  options: EncryptOptions = {},
): Uint8Array {
  const ct = timelockEncrypt(encodeWeightsPayload(payload), revealRound, drandPublicKey, options);
  if (ct.length > MAX_TIMELOCKED_COMMIT_BYTES)
    throw E.PAYLOAD_TOO_LARGE(ct.length, MAX_TIMELOCKED_COMMIT_BYTES);
  return ct;
}
