import { isRodeoError, type RodeoError } from '../config/index.js';
import { LedgerErrors as E } from './errors.js';
import { readLine, type StoredLine } from './format.js';
import { HashChainChecker, missing } from './hash-chain.js';
import { indexKey, pad, prefixRange, seqOfIndexKey } from './keys.js';
import { lineAt, lineOf, roundRange, type Store } from './store.js';
import type { LedgerHead, LedgerOrigin, VerifyResult } from './types.js';

/** Bytes of stored values a checked read takes from LevelDB at a time (replay reads the whole ledger). */
const READ_AHEAD = 1024 * 1024;

/** The first problem found, with the seq of the record it concerns. */
class Failure {
  constructor(
    readonly seq: number,
    readonly error: RodeoError,
  ) {}
}

/**
 * Walks the records up to `head` (appends made meanwhile are not looked at) and checks every hash, link,
 * seal and index entry. With `round`, checks that round only, trusting the stored hash of the record before it.
 */
export async function verifyStore(
  store: Store,
  head: LedgerHead | undefined,
  origin: LedgerOrigin | undefined,
  opts: { round?: number },
): Promise<VerifyResult> {
  if (head === undefined || origin === undefined) {
    if (opts.round !== undefined) throw E.ROUND_NOT_FOUND(opts.round);
    return { ok: true, records: 0, rounds: 0, unsealed: [], origin };
  }
  let checker = new HashChainChecker(origin);
  try {
    if (opts.round === undefined) await verifyAll(store, head, checker);
    else {
      const start = await roundStart(store, head, origin, opts.round);
      checker = new HashChainChecker({ seq: start.first, prevHash: start.prevHash });
      await verifyRound(store, checker, opts.round, start.first, start.last);
    }
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    const named = readLine((await lineAt(store, err.seq)) ?? '');
    return {
      ...summary(checker, origin),
      ok: false,
      firstError: {
        seq: err.seq,
        round: named?.round ?? null,
        type: named?.type ?? null,
        code: err.error.code,
        reason: err.error.message,
      },
    };
  }
  return summary(checker, origin);
}

/**
 * The stored lines of the whole chain (from its origin) or of one round, in seq order, each checked as it is
 * read (hash, link, round order, seals; not the indexes). Throws the first problem as a LEDGER_* error.
 */
export async function* checkedLines(
  store: Store,
  head: LedgerHead | undefined,
  origin: LedgerOrigin | undefined,
  opts: { round?: number },
): AsyncGenerator<StoredLine> {
  if (head === undefined || origin === undefined) {
    if (opts.round !== undefined) throw E.ROUND_NOT_FOUND(opts.round);
    return;
  }
  let range = { first: origin.seq, last: head.seq, prevHash: origin.prevHash };
  if (opts.round !== undefined) {
    try {
      range = await roundStart(store, head, origin, opts.round);
    } catch (err) {
      throw err instanceof Failure ? err.error : err;
    }
  }
  const checker = new HashChainChecker({ seq: range.first, prevHash: range.prevHash });
  // values are a few KB (format 2): read up to 1 MiB per trip to LevelDB, not its default 16 KiB (3 records)
  // (classic-level's option: the sublevel passes it on, its type does not name it)
  const options = { gte: pad(range.first), lte: pad(range.last), highWaterMarkBytes: READ_AHEAD };
  for await (const [key, value] of store.rec.iterator(options as { gte: string; lte: string })) {
    const seq = Number(key);
    yield checker.check(lineOf(seq, value), seq);
  }
  if (checker.expectedSeq !== range.last + 1)
    throw E.BROKEN_LINK(range.last, missing(checker.expectedSeq, range.last));
}

function summary(checker: HashChainChecker, origin: LedgerOrigin): VerifyResult {
  return {
    ok: true,
    records: checker.records,
    rounds: checker.rounds.length,
    unsealed: checker.unsealed(),
    origin,
  };
}

async function verifyAll(store: Store, head: LedgerHead, checker: HashChainChecker): Promise<void> {
  const typeSeqs = new Map<string, number[]>();
  await walk(store, checker, 0, head.seq, { lte: indexKey(pad(head.round), head.seq) }, (rec) => {
    const list = typeSeqs.get(rec.type);
    if (list === undefined) typeSeqs.set(rec.type, [rec.seq]);
    else list.push(rec.seq);
  });
  if (checker.lastHash !== head.hash)
    throw new Failure(
      head.seq,
      E.BROKEN_LINK(head.seq, `the head pointer says hash ${head.hash}, the record has ${checker.lastHash}`),
    );

  // Type index: for each type, its entries must be exactly the seqs of the records of that type, in order.
  const seen = new Map<string, number>();
  const missing = (seq: number, type: string) =>
    new Failure(seq, E.BAD_INDEX(seq, `missing from the type index (${type})`));
  for await (const key of store.byType.keys()) {
    const seq = seqOfIndexKey(key);
    if (seq > head.seq) continue;
    const type = key.slice(0, key.lastIndexOf('!'));
    const i = seen.get(type) ?? 0;
    const want = typeSeqs.get(type)?.[i];
    if (want !== undefined && want < seq) throw missing(want, type);
    if (want !== seq)
      throw new Failure(seq, E.BAD_INDEX(seq, `the type index lists it as ${type}, which it is not`));
    seen.set(type, i + 1);
  }
  for (const [type, list] of typeSeqs) {
    const want = list[seen.get(type) ?? 0];
    if (want !== undefined) throw missing(want, type);
  }
}

/** The seq range of a round and the hash its first record must link to. */
async function roundStart(
  store: Store,
  head: LedgerHead,
  origin: LedgerOrigin,
  round: number,
): Promise<{ first: number; last: number; prevHash: string }> {
  const range = await roundRange(store, round);
  if (range === undefined || range.first > head.seq) throw E.ROUND_NOT_FOUND(round);
  const last = Math.min(range.last, head.seq);
  if (range.first === origin.seq) return { first: range.first, last, prevHash: origin.prevHash };
  const before = readLine((await lineAt(store, range.first - 1)) ?? '');
  if (before === undefined)
    throw new Failure(
      range.first,
      E.BROKEN_LINK(range.first, `record ${range.first - 1} before the round is missing or unreadable`),
    );
  if (before.round >= round)
    throw new Failure(
      before.seq,
      E.BAD_INDEX(before.seq, `record of round ${before.round} is not in the round index`),
    );
  return { first: range.first, last, prevHash: before.hash };
}

async function verifyRound(
  store: Store,
  checker: HashChainChecker,
  round: number,
  first: number,
  last: number,
): Promise<void> {
  const typeKeys: { seq: number; key: string }[] = [];
  await walk(store, checker, first, last, prefixRange(pad(round), first, last), (rec) => {
    if (rec.round !== round)
      throw new Failure(
        rec.seq,
        E.BAD_INDEX(rec.seq, `filed under round ${round}, the record says round ${rec.round}`),
      );
    typeKeys.push({ seq: rec.seq, key: indexKey(rec.type, rec.seq) });
  });
  const after = readLine((await lineAt(store, last + 1)) ?? '');
  if (after?.round === round)
    throw new Failure(
      after.seq,
      E.BAD_INDEX(after.seq, `record of round ${round} is not in the round index`),
    );
  for (let i = 0; i < typeKeys.length; i += 1000) {
    const chunk = typeKeys.slice(i, i + 1000);
    const values = await store.byType.getMany(chunk.map((t) => t.key));
    const j = values.indexOf(undefined as unknown as string);
    if (j >= 0) throw new Failure(chunk[j]!.seq, E.BAD_INDEX(chunk[j]!.seq, 'missing from the type index'));
  }
}

/**
 * Checks records lo..hi in seq order, each against the next round-index entry of `indexRange`: an entry per
 * record, with the record's round and byte length, and no entry without a record.
 */
async function walk(
  store: Store,
  checker: HashChainChecker,
  lo: number,
  hi: number,
  indexRange: { gte?: string; lte?: string },
  onRecord: (rec: StoredLine) => void,
): Promise<void> {
  const index = store.byRound.iterator(indexRange);
  try {
    for await (const [key, value] of store.rec.iterator({ gte: pad(lo), lte: pad(hi) })) {
      const seq = Number(key);
      let rec: StoredLine;
      try {
        rec = checker.check(lineOf(seq, value), seq);
      } catch (err) {
        if (isRodeoError(err)) throw new Failure(seq, err);
        throw err;
      }
      const entry = await index.next();
      const entrySeq = entry === undefined ? Number.POSITIVE_INFINITY : seqOfIndexKey(entry[0]);
      if (entrySeq > seq) throw new Failure(seq, E.BAD_INDEX(seq, 'missing from the round index'));
      if (entrySeq < seq)
        throw new Failure(
          entrySeq,
          E.BAD_INDEX(entrySeq, 'the round index lists a record that is not stored'),
        );
      const entryRound = Number(entry![0].slice(0, entry![0].indexOf('!')));
      if (entryRound !== rec.round)
        throw new Failure(
          seq,
          E.BAD_INDEX(seq, `filed under round ${entryRound}, the record says round ${rec.round}`),
        );
      const bytes = value.length;
      if (entry![1] !== String(bytes))
        throw new Failure(
          seq,
          E.BAD_INDEX(seq, `the round index says ${entry![1]} bytes, the record has ${bytes}`),
        );
      onRecord(rec);
    }
    const extra = await index.next();
    if (extra !== undefined) {
      const seq = seqOfIndexKey(extra[0]);
      throw new Failure(seq, E.BAD_INDEX(seq, 'the round index lists a record that is not stored'));
    }
  } finally {
    await index.close();
  }
  if (checker.expectedSeq !== hi + 1)
    throw new Failure(hi, E.BROKEN_LINK(hi, missing(checker.expectedSeq, hi)));
}
