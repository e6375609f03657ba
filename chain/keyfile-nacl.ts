import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The encrypted key file of Bittensor wallets (btwallet, and the Python bittensor before it):
 *
 *   "$NACL" | nonce (24 bytes) | secretbox(JSON key file)   (secretbox = Poly1305 tag (16) | XSalsa20 ciphertext)
 *
 * with the secretbox key derived from the password by argon2i (version 0x13), libsodium's "sensitive" limits
 * (8 passes over 512 MiB, one lane) and one fixed salt that every wallet shares. The file stores no parameters:
 * these are the format.
 */
export const NACL_PREFIX = '$NACL';
export const NACL_SALT = Uint8Array.from([
  0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1,
]);
export const NACL_OPSLIMIT = 8;
export const NACL_MEMLIMIT = 536_870_912;
export const NACL_NONCE_BYTES = 24;
export const NACL_TAG_BYTES = 16;

const PREFIX_BYTES = new TextEncoder().encode(NACL_PREFIX);

export const isNaclEncrypted = (data: Uint8Array): boolean =>
  data.length >= PREFIX_BYTES.length && PREFIX_BYTES.every((b, i) => data[i] === b);

/** The older encryptions btwallet still reads: Ansible Vault and a Fernet token ("legacy"). */
export function olderEncryption(data: Uint8Array): string | undefined {
  const head = new TextDecoder().decode(data.subarray(0, 16));
  if (head.startsWith('$ANSIBLE_VAULT')) return 'Ansible Vault';
  if (head.startsWith('gAAAAA')) return 'legacy (Fernet)';
  return undefined;
}

/** A sealed key file is a few hundred bytes of JSON; far more is not a key file (and would be derived and opened in full). */
export const NACL_MAX_FILE_BYTES = 64 * 1024;

/** What is wrong with the layout of a $NACL file before any key is derived, or undefined when it may open. */
export function naclLayoutProblem(data: Uint8Array): string | undefined {
  const least = PREFIX_BYTES.length + NACL_NONCE_BYTES + NACL_TAG_BYTES;
  if (data.length < least)
    return `${data.length} bytes, shorter than the ${least} of the prefix, nonce and authentication tag (truncated?)`;
  if (data.length > NACL_MAX_FILE_BYTES)
    return `${data.length} bytes, larger than the ${NACL_MAX_FILE_BYTES} any key file needs (not a coldkey?)`;
  return undefined;
}

export type NaclOpen = { ok: true; plaintext: Uint8Array } | { ok: false };

/**
 * Runs argon2i and the secretbox in a worker thread: the derivation takes 512 MiB that WebAssembly memory never
 * gives back, so it is released with the worker; the event loop stays free meanwhile (about 10-20 s).
 * libsodium (libsodium-wrappers-sumo) is the library btwallet itself uses through sodiumoxide.
 */
function inWorker(job: {
  mode: 'open' | 'seal';
  password: Uint8Array;
  data: Uint8Array;
}): Promise<Uint8Array | null> {
  const sodium = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      ...job,
      sodium,
      salt: NACL_SALT,
      ops: NACL_OPSLIMIT,
      mem: NACL_MEMLIMIT,
      nonceBytes: NACL_NONCE_BYTES,
    },
  });
  return new Promise<Uint8Array | null>((resolve, reject) => {
    worker.once('message', (m: { bytes: Uint8Array | null }) => resolve(m.bytes));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the key derivation worker exited (code ${code})`)));
  }).finally(() => void worker.terminate());
}

// CommonJS, evaluated in the worker; its messages carry bytes or null (authentication failed), never the password
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const s = require(w.sodium);
s.ready.then(() => {
  const key = s.crypto_pwhash(s.crypto_secretbox_KEYBYTES, w.password, w.salt, w.ops, w.mem, s.crypto_pwhash_ALG_ARGON2I13);
  let bytes = null;
  try {
    if (w.mode === 'seal') {
      const nonce = s.randombytes_buf(w.nonceBytes);
      const box = s.crypto_secretbox_easy(w.data, nonce, key);
      bytes = new Uint8Array(nonce.length + box.length);
      bytes.set(nonce, 0);
      bytes.set(box, nonce.length);
    } else {
      bytes = s.crypto_secretbox_open_easy(w.data.subarray(w.nonceBytes), w.data.subarray(0, w.nonceBytes), key);
    }
  } catch {
    bytes = null;
  } finally {
    s.memzero(key);
    w.password.fill(0);
  }
  parentPort.postMessage({ bytes });
});
`;

/** Opens a $NACL file's bytes (prefix included). `{ ok: false }`: the password is wrong or the bytes were altered. */
export async function openNacl(data: Uint8Array, password: string): Promise<NaclOpen> {
  const secret = new TextEncoder().encode(password);
  try {
    const plaintext = await inWorker({
      mode: 'open',
      password: secret,
      data: data.slice(PREFIX_BYTES.length),
    });
    return plaintext ? { ok: true, plaintext } : { ok: false };
  } finally {
    secret.fill(0);
  }
}

/** Encrypts a key file's JSON as btwallet does ($NACL, a fresh random nonce): for tests and tooling. */
export async function sealNacl(plaintext: Uint8Array, password: string): Promise<Uint8Array> {
  const sealed = await inWorker({
    mode: 'seal',
    password: new TextEncoder().encode(password),
    data: plaintext,
  });
  if (!sealed) throw new Error('secretbox sealing failed');
  const out = new Uint8Array(PREFIX_BYTES.length + sealed.length);
  out.set(PREFIX_BYTES, 0);
  out.set(sealed, PREFIX_BYTES.length);
  return out;
}
