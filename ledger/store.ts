import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { withCause } from '../config/index.js';
import { LedgerErrors as E } from './errors.js';
import type { StoredLine } from './format.js';
import { indexKey, pad, prefixRange, seqOfIndexKey } from './keys.js';
import type { LedgerHead, LedgerOrigin } from './types.js';

type Db = Level<string, string>;
const sub = (db: Db, name: string) =>
  db.sublevel<string, string>(name, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
export type Sublevel = ReturnType<typeof sub>;

/** The LevelDB database of a ledger and its sublevels (layout in keys.ts). */
export interface Store {
  dir: string;
  db: Db;
  rec: Sublevel;
  byRound: Sublevel;
  byType: Sublevel;
  meta: Sublevel;
}

export async function openStore(dir: string, create: boolean): Promise<Store> {
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
    rec: sub(db, 'rec'),
    byRound: sub(db, 'round'),
    byType: sub(db, 'type'),
    meta: sub(db, 'meta'),
  };
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
  const ops = [];
  for (const r of lines) {
    ops.push({ type: 'put' as const, sublevel: store.rec, key: pad(r.seq), value: r.line });
    ops.push({
      type: 'put' as const,
      sublevel: store.byRound,
      key: indexKey(pad(r.round), r.seq),
      value: String(Buffer.byteLength(r.line, 'utf8')),
    });
    ops.push({ type: 'put' as const, sublevel: store.byType, key: indexKey(r.type, r.seq), value: '' });
  }
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const head: LedgerHead = { hash: last.hash, round: last.round, seq: last.seq, type: last.type };
  ops.push({ type: 'put' as const, sublevel: store.meta, key: 'head', value: JSON.stringify(head) });
  if (opts.setOrigin) {
    const origin: LedgerOrigin = { prevHash: first.prevHash, seq: first.seq };
    ops.push({ type: 'put' as const, sublevel: store.meta, key: 'origin', value: JSON.stringify(origin) });
  }
  await store.db.batch(ops, { sync: opts.sync });
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
