import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { withCause } from '../config/index.js';
import { decodeStoredValue, encodeStoredValue, StoredValueError } from './codec.js';
import { LedgerErrors as E } from './errors.js';
import type { StoredLine } from './format.js';
import { indexKey, pad, prefixRange, seqOfIndexKey } from './keys.js';
import type { LedgerHead, LedgerOrigin } from './types.js';

type Db = Level<string, string>;
const sub = (db: Db, name: string) =>
  db.sublevel<string, string>(name, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
export type Sublevel = ReturnType<typeof sub>;
const recSub = (db: Db) =>
  db.sublevel<string, Buffer>('rec', { keyEncoding: 'utf8', valueEncoding: 'buffer' });
export type RecSublevel = ReturnType<typeof recSub>;

/** Record format written by appends (codec.ts): 2 (compact) unless a caller asks for the plain lines of 1. */
export type RecordFormat = 1 | 2;

/** The LevelDB database of a ledger and its sublevels (layout in keys.ts). */
export interface Store {
  dir: string;
  db: Db;
  /** Stored values (codec.ts): the JSON line (format 1) or its compact encoding (format 2). */
  rec: RecSublevel;
  byRound: Sublevel;
  byType: Sublevel;
  meta: Sublevel;
  /** The format new records are written in; every format is read. */
  format: RecordFormat;
}

export async function openStore(dir: string, create: boolean, format: RecordFormat): Promise<Store> {
  if (!create && !existsSync(join(dir, 'CURRENT'))) throw E.NOT_FOUND(dir);
  const db: Db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  try {
    await db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const locked = cause?.code === 'LEVEL_LOCKED';
    throw withCause(locked ? E.LOCKED(dir) : E.OPEN_FAILED(dir, cause?.message ?? String(err)), err);
  }
  return {
    dir,
    db,
    rec: recSub(db),
    byRound: sub(db, 'round'),
    byType: sub(db, 'type'),
    meta: sub(db, 'meta'),
    format,
  };
}

/** The JSON line of a stored value; LEDGER_CORRUPT_RECORD when the value cannot be decoded. */
export function lineOf(seq: number, value: Uint8Array): string {
  try {
    return decodeStoredValue(value);
  } catch (err) {
    if (err instanceof StoredValueError) throw withCause(E.CORRUPT_RECORD(seq, err.message), err);
    throw err;
  }
}

/** The line of record seq, or undefined when it is missing or cannot be decoded (for naming a record). */
export async function lineAt(store: Store, seq: number): Promise<string | undefined> {
  const value = await store.rec.get(pad(seq));
  if (value === undefined) return undefined;
  try {
    return decodeStoredValue(value);
  } catch {
    return undefined;
  }
}

export async function readJson<T>(s: Sublevel, key: string): Promise<T | undefined> {
  const v = await s.get(key);
  return v === undefined ? undefined : (JSON.parse(v) as T);
}

/** Reads the head and origin and checks that the head is the last stored record. */
export async function readHeadAndOrigin(
  store: Store,
): Promise<{ head: LedgerHead | undefined; origin: LedgerOrigin | undefined }> {
  const head = await readJson<LedgerHead>(store.meta, 'head');
  const origin = await readJson<LedgerOrigin>(store.meta, 'origin');
  const [lastKey] = await store.rec.keys({ reverse: true, limit: 1 }).all();
  const bad = (reason: string) => E.INCONSISTENT(store.dir, reason);
  if (head === undefined && lastKey !== undefined)
    throw bad('records are stored but there is no head pointer');
  if (head !== undefined && lastKey !== pad(head.seq))
    throw bad(`the head says seq ${head.seq} but the last stored record is ${lastKey ?? 'none'}`);
  if ((head === undefined) !== (origin === undefined)) throw bad('head and origin pointers disagree');
  return { head, origin };
}

/**
 * Writes records (already chained on `head`) in one atomic LevelDB batch together with their index entries
 * and the new head: after a crash either all of them are there or none.
 */
export async function commitLines(
  store: Store,
  lines: StoredLine[],
  opts: { setOrigin: boolean; sync: boolean },
): Promise<LedgerHead> {
  const batch = store.db.batch();
  for (const r of lines) {
    const value = encodeStoredValue(r.line, store.format);
    batch.put(pad(r.seq), value, { sublevel: store.rec });
    batch.put(indexKey(pad(r.round), r.seq), String(value.length), { sublevel: store.byRound });
    batch.put(indexKey(r.type, r.seq), '', { sublevel: store.byType });
  }
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const head: LedgerHead = { hash: last.hash, round: last.round, seq: last.seq, type: last.type };
  batch.put('head', JSON.stringify(head), { sublevel: store.meta });
  if (opts.setOrigin) {
    const origin: LedgerOrigin = { prevHash: first.prevHash, seq: first.seq };
    batch.put('origin', JSON.stringify(origin), { sublevel: store.meta });
  }
  await batch.write({ sync: opts.sync });
  return head;
}

/** First and last seq of a round, from the round index; undefined when the round has no records. */
export async function roundRange(
  store: Store,
  round: number,
): Promise<{ first: number; last: number } | undefined> {
  const range = prefixRange(pad(round));
  const [firstKey] = await store.byRound.keys({ ...range, limit: 1 }).all();
  if (firstKey === undefined) return undefined;
  const [lastKey] = await store.byRound.keys({ ...range, reverse: true, limit: 1 }).all();
  return { first: seqOfIndexKey(firstKey), last: seqOfIndexKey(lastKey!) };
}
