import { createHash, randomBytes } from 'node:crypto';

/**
 * A validator's round-secret hash chain. From a random 32-byte secret x, with H(v) = sha256(STEP || v):
 * r_k = H^(N-k)(x) for k = 1..N and the anchor is H^N(x). Round k uses r_k, so H^k(r_k) is the anchor and
 * H(r_k) = r_(k-1): revealing r_k proves it belongs to the committed chain without telling r_(k+1). Rounds use
 * k = 1..N-1 only: r_N would be x itself, which is never revealed.
 */
const STEP = Buffer.from('rodeo/seed-chain/v1\0', 'utf8');
const SEED = Buffer.from('rodeo/round-seed/v1\0', 'utf8');

/** `rodeo-seed:v1:<N>:<anchor hex>`: the Raw commitment that publishes a chain's anchor. */
export const SEED_COMMITMENT_PREFIX = 'rodeo-seed:v1:';
const COMMITMENT_PATTERN = /^rodeo-seed:v1:(\d{1,9}):([0-9a-f]{64})$/;

const HEX32 = /^[0-9a-f]{64}$/;

export const isHex32 = (s: unknown): s is string => typeof s === 'string' && HEX32.test(s);

/** One step down the chain: H(v). */
export function chainStep(value: Buffer): Buffer {
  return createHash('sha256').update(STEP).update(value).digest();
}

/** H^times(value). */
export function hashTimes(value: Buffer, times: number): Buffer {
  let v = value;
  for (let i = 0; i < times; i++) v = chainStep(v);
  return v;
}

/** A new random chain secret x (32 bytes). */
export function newChainSecret(): Buffer {
  return randomBytes(32);
}

/** The anchor H^N(x), hex. */
export function chainAnchor(x: Buffer, length: number): string {
  return hashTimes(x, length).toString('hex');
}

/** r_k = H^(N-k)(x), hex (1 <= k < N). */
export function roundSecret(x: Buffer, length: number, index: number): string {
  if (!Number.isInteger(index) || index < 1 || index >= length)
    throw new RangeError(`seed chain index ${index} outside 1..${length - 1}`);
  return hashTimes(x, length - index).toString('hex');
}

/** Whether r_k hashes k times to the anchor. */
export function secretMatchesAnchor(secret: string, index: number, anchor: string): boolean {
  if (!isHex32(secret) || !isHex32(anchor) || !Number.isInteger(index) || index < 1) return false;
  return hashTimes(Buffer.from(secret, 'hex'), index).toString('hex') === anchor;
}

/** Whether r_k is the preimage of r_(k-1) (the previous round's revealed secret of the same chain). */
export function secretFollows(secret: string, previous: string): boolean {
  return isHex32(secret) && chainStep(Buffer.from(secret, 'hex')).toString('hex') === previous;
}

/** A round's seed: H(domain || round block hash || r_k), hex. */
export function roundSeed(blockHash: string, secret: string): string {
  const block = Buffer.from(blockHash.replace(/^0x/, ''), 'hex');
  return createHash('sha256').update(SEED).update(block).update(Buffer.from(secret, 'hex')).digest('hex');
}

export function seedCommitmentText(length: number, anchor: string): string {
  return `${SEED_COMMITMENT_PREFIX}${length}:${anchor}`;
}

/** The chain a commitment text announces, or undefined when it is not a seed commitment. */
export function parseSeedCommitment(
  text: string | undefined,
): { length: number; anchor: string } | undefined {
  const m = text === undefined ? null : COMMITMENT_PATTERN.exec(text);
  if (!m) return undefined;
  return { length: Number(m[1]), anchor: m[2]! };
}
