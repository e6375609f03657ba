import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

/**
 * The record format new records are stored in (codec.ts, ledger/README.md "Stored values"): 1 stored each
 * record as its JSON line; 2 stores long lines compactly. Both are read. The line, and so every hash and seal,
 * is the same in both.
 */
export const RECORD_FORMAT = 2;

/** prevHash of the record seq 0. */
export const GENESIS_HASH = '0'.repeat(64);

export const TYPE_PATTERN = /^[a-z][a-z0-9._-]{0,63}$/;

/**
 * Canonical JSON: JSON.stringify's output with object keys sorted (UTF-16 code unit order) at every level,
 * no whitespace, undefined object members left out; NaN, Infinity, bigint, functions and cycles throw.
 */
export const canonicalJson = configure({
  deterministic: true,
  strict: true,
  bigint: false,
  circularValue: Error,
}) as (value: unknown) => string | undefined;

/** A record as stored: the JSON line plus the fields the store and the chain need. */
export interface StoredLine {
  seq: number;
  round: number;
  type: string;
  prevHash: string;
  hash: string;
  line: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The keys sort as at < data < hash < prevHash < round < seq < type, so every stored line ends with this
 * fixed-shape tail, and removing its `"hash":"<64 hex>",` member gives back the hashed bytes exactly.
 */
const HASH_MEMBER = ',"hash":"';
const HASH_MEMBER_LENGTH = '"hash":"'.length + 64 + '",'.length;
const TAIL =
  /^,"hash":"([0-9a-f]{64})","prevHash":"([0-9a-f]{64})","round":(0|[1-9]\d{0,15}),"seq":(0|[1-9]\d{0,15}),"type":"([a-z][a-z0-9._-]{0,63})"\}$/;

function tailOf(prevHash: string, round: number, seq: number, type: string): string {
  return `"prevHash":"${prevHash}","round":${round},"seq":${seq},"type":"${type}"}`;
}

/** Builds the stored line of a record; throws a TypeError when data is not JSON. */
export function encodeRecord(fields: {
  seq: number;
  round: number;
  type: string;
  at: number;
  data: unknown;
  prevHash: string;
}): StoredLine {
  const { seq, round, type, at, data, prevHash } = fields;
  if (data === undefined) throw new TypeError('data is undefined (use null for "no data")');
  const body = canonicalJson({ at, data, prevHash, round, seq, type });
  const tail = tailOf(prevHash, round, seq, type);
  if (body === undefined || !body.endsWith(tail)) throw new TypeError('data is not representable as JSON');
  const hash = sha256Hex(body);
  const cut = body.length - tail.length;
  return { seq, round, type, prevHash, hash, line: `${body.slice(0, cut)}"hash":"${hash}",${tail}` };
}

/** Reads the tail of a stored line and recomputes its hash; undefined when the line has no valid tail. */
export function readLine(line: string): (StoredLine & { computedHash: string }) | undefined {
  const at = line.lastIndexOf(HASH_MEMBER);
  if (at < 0) return undefined;
  const m = TAIL.exec(line.slice(at));
  if (m === null) return undefined;
  const round = Number(m[3]);
  const seq = Number(m[4]);
  if (!Number.isSafeInteger(round) || !Number.isSafeInteger(seq)) return undefined;
  const computedHash = createHash('sha256')
    .update(line.slice(0, at + 1), 'utf8')
    .update(line.slice(at + 1 + HASH_MEMBER_LENGTH), 'utf8')
    .digest('hex');
  return { seq, round, type: m[5]!, prevHash: m[2]!, hash: m[1]!, line, computedHash };
}
