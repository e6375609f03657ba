import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { type Logger, silentLogger, withCause } from '../config/index.js';
import { LedgerErrors as E } from './errors.js';
import {
  encodeRecord,
  GENESIS_HASH,
  RECORD_FORMAT,
  readLine,
  type StoredLine,
  TYPE_PATTERN,
} from './format.js';
import { pad, prefixRange, seqOfIndexKey } from './keys.js';
import { readNdjson, writeNdjson } from './ndjson.js';
import { sealSignatureValid, signSeal } from './seal.js';
import {
  commitLines,
  lineAt,
  lineOf,
  openStore,
  type RecordFormat,
  readHeadAndOrigin,
  roundRange,
  type Store,
} from './store.js';
import type {
  AppendListener,
  ImportResult,
  LedgerHead,
  LedgerInfo,
  LedgerOrigin,
  LedgerRecord,
  RecordInput,
  RecordQuery,
  RoundSummary,
  SealData,
  Signer,
  VerifyResult,
} from './types.js';
import { checkedLines, verifyStore } from './verify.js';

export interface OpenLedgerOptions {
  logger?: Logger;
  /** Create the ledger when the directory holds none (default true); false for tools that only read. */
  create?: boolean;
  /**
   * The record format appends write (ledger/README.md, "Stored values"): 2, the compact one, unless 1 (plain
   * JSON lines) is asked for, as the benchmark does to compare them. Records of either format are read.
   */
  recordFormat?: RecordFormat;
}

/** Opens (or creates) the ledger in `dir`. Only one process can hold it open (LEDGER_LOCKED). */
export async function openLedger(dir: string, opts: OpenLedgerOptions = {}): Promise<Ledger> {
  const store = await openStore(dir, opts.create ?? true, opts.recordFormat ?? RECORD_FORMAT);
  try {
    await cryptoWaitReady();
    const { head, origin } = await readHeadAndOrigin(store);
    const logger = opts.logger ?? silentLogger;
    logger.debug({ dir, head }, 'ledger opened');
    return new Ledger(store, head, origin, logger);
  } catch (err) {
    await store.db.close();
    throw err;
  }
}

/** Imports an NDJSON export into the empty (or new) ledger in `dir`; see Ledger.importNdjson. */
export async function importNdjson(
  input: Readable,
  dir: string,
  opts: { logger?: Logger; source?: string } = {},
): Promise<ImportResult> {
  const ledger = await openLedger(dir, { logger: opts.logger });
  try {
    return await ledger.importNdjson(input, opts.source);
  } finally {
    await ledger.close();
  }
}

const BATCH_FETCH = 256;

/** An append-only, hash-chained record log over LevelDB. Writes are serialized; reads run alongside. */
export class Ledger {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly appendListeners = new Set<AppendListener>();
  private notified: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private headState: LedgerHead | undefined,
    private originState: LedgerOrigin | undefined,
    private readonly logger: Logger,
  ) {}

  get dir(): string {
    return this.store.dir;
  }

  /** The last record, or undefined when the ledger is empty. */
  head(): LedgerHead | undefined {
    return this.headState && { ...this.headState };
  }

  origin(): LedgerOrigin | undefined {
    return this.originState && { ...this.originState };
  }

  /**
   * Calls `listener` with every record this process appends or seals, in order; an append or seal resolves
   * only after its listeners have settled (a read model that follows the ledger is never behind it).
   * Returns the function that removes the listener.
   */
  onAppend(listener: AppendListener): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Runs the listeners over `records` after those of earlier writes (writes finish in order, listeners too). */
  private notify(records: LedgerRecord[]): Promise<void> {
    if (this.appendListeners.size === 0) return Promise.resolve();
    const run = this.notified.then(async () => {
      for (const record of records) for (const listener of this.appendListeners) await listener(record);
    });
    this.notified = run.catch(() => {});
    return run;
  }

  async append<D>(type: string, round: number, data: D): Promise<LedgerRecord<D>> {
    const [rec] = await this.appendBatch([{ type, round, data }]);
    return rec!;
  }

  /** Appends records in one atomic write: after a crash, all of them are stored or none. */
  async appendBatch<D>(inputs: RecordInput<D>[]): Promise<LedgerRecord<D>[]> {
    const records = await this.serial(async () => {
      if (inputs.length === 0) return [];
      const at = Date.now();
      const lines: StoredLine[] = [];
      let prev = this.headState;
      for (const input of inputs) {
        const line = this.encode(input, at, prev, false);
        lines.push(line);
        prev = line;
      }
      await this.commit(lines, false);
      return lines.map((l, i) => toRecord(l, at, inputs[i]!.data));
    });
    await this.notify(records);
    return records;
  }

  /**
   * Closes the head round with a `seal` record signed by `signer` over
   * `rodeo-ledger-seal:v1:<round>:<fromSeq>:<toSeq>:<lastHash>` (written with fsync).
   */
  async seal(round: number, signer: Signer): Promise<LedgerRecord<SealData>> {
    const record = await this.serial(async () => {
      const head = this.headState;
      if (head === undefined || head.round !== round)
        throw E.NOTHING_TO_SEAL(round, head ? `the head is in round ${head.round}` : 'the ledger is empty');
      if (head.type === 'seal') throw E.ROUND_SEALED(round, head.seq);
      const fromSeq = (await roundRange(this.store, round))!.first;
      const range = { round, fromSeq, toSeq: head.seq, count: head.seq - fromSeq + 1, lastHash: head.hash };
      const data = signSeal(range, signer);
      if (!sealSignatureValid(data))
        throw E.NOTHING_TO_SEAL(
          round,
          `the signer's signature does not verify for ${signer.address} (sr25519 expected)`,
        );
      const at = Date.now();
      const line = this.encode({ type: 'seal', round, data }, at, head, true);
      await this.commit([line], true);
      this.logger.info({ round, fromSeq, toSeq: head.seq, signer: signer.address }, 'ledger round sealed');
      return toRecord(line, at, data);
    });
    await this.notify([record]);
    return record;
  }

  /** Records in seq order; filters combine (a round and a type use the type index within the round). */
  async *records<D = unknown>(query: RecordQuery = {}): AsyncGenerator<LedgerRecord<D>> {
    for await (const { seq, line } of this.lines(query)) yield parseRecord<D>(seq, line);
  }

  /**
   * Records of the whole chain or of one round, in seq order, each checked as it is read (hash, link, round
   * order, seals): one pass for a replay. Throws LEDGER_CORRUPT_RECORD, _BROKEN_LINK or _BAD_SEAL at the first
   * bad record. A round's first record is checked against the stored hash before it, as verify({ round }) does.
   */
  async *checkedRecords<D = unknown>(opts: { round?: number } = {}): AsyncGenerator<LedgerRecord<D>> {
    for await (const l of checkedLines(this.store, this.headState, this.originState, opts))
      yield parseRecord<D>(l.seq, l.line);
  }

  /** checkedRecords with each record's stored line (replay hands a worker thread the line, not a copy of the record). */
  async *checkedRecordLines<D = unknown>(
    opts: { round?: number } = {},
  ): AsyncGenerator<{ record: LedgerRecord<D>; line: string }> {
    for await (const l of checkedLines(this.store, this.headState, this.originState, opts))
      yield { record: parseRecord<D>(l.seq, l.line), line: l.line };
  }

  /** The last record of a type (within a round), or undefined. */
  async lastRecord<D = unknown>(type: string, round?: number): Promise<LedgerRecord<D> | undefined> {
    const range = await this.seqRange({ type, round });
    if (range === undefined) return undefined;
    const [key] = await this.store.byType
      .keys({ ...prefixRange(type, range.lo, range.hi), reverse: true, limit: 1 })
      .all();
    if (key === undefined) return undefined;
    for await (const { seq, line } of this.fetch([seqOfIndexKey(key)])) return parseRecord<D>(seq, line);
    return undefined;
  }

  /** Round numbers present, ascending. */
  async rounds(): Promise<number[]> {
    const out: number[] = [];
    const it = this.store.byRound.keys();
    try {
      for (let key = await it.next(); key !== undefined; key = await it.next()) {
        const round = Number(key.slice(0, key.indexOf('!')));
        out.push(round);
        it.seek(`${pad(round)}"`); // '"' sorts right after '!': skips the rest of this round
      }
    } finally {
      await it.close();
    }
    return out;
  }

  /** Seq range, record count, stored bytes and seal status of a round; undefined when it has no records. */
  async roundSummary(round: number): Promise<RoundSummary | undefined> {
    let records = 0;
    let bytes = 0;
    let fromSeq = -1;
    let toSeq = -1;
    for await (const [key, value] of this.store.byRound.iterator(prefixRange(pad(round)))) {
      toSeq = seqOfIndexKey(key);
      if (fromSeq < 0) fromSeq = toSeq;
      records++;
      bytes += Number(value);
    }
    if (records === 0) return undefined;
    const last = readLine((await lineAt(this.store, toSeq)) ?? '');
    return { round, fromSeq, toSeq, records, bytes, sealed: last?.type === 'seal' };
  }

  /** Bytes of the stored records of a round (0 when it has none). */
  async countBytes(round: number): Promise<number> {
    return (await this.roundSummary(round))?.bytes ?? 0;
  }

  async info(): Promise<LedgerInfo> {
    const rounds: RoundSummary[] = [];
    for (const round of await this.rounds()) rounds.push((await this.roundSummary(round))!);
    const head = this.head();
    const origin = this.origin();
    return {
      dir: this.dir,
      records: head && origin ? head.seq - origin.seq + 1 : 0,
      bytes: rounds.reduce((sum, r) => sum + r.bytes, 0),
      diskBytes: await directoryBytes(this.dir),
      head,
      origin,
      rounds,
    };
  }

  /** Checks every hash, link, seal and index entry (or one round's); names the first bad record. */
  verify(opts: { round?: number } = {}): Promise<VerifyResult> {
    return verifyStore(this.store, this.headState, this.originState, opts);
  }

  /** Writes the records (of one round) as NDJSON, each line exactly as stored. Leaves `out` open. */
  async exportNdjson(
    out: Writable,
    opts: { round?: number } = {},
  ): Promise<{ records: number; bytes: number }> {
    if (opts.round !== undefined && (await roundRange(this.store, opts.round)) === undefined)
      throw E.ROUND_NOT_FOUND(opts.round);
    return writeNdjson(out, this.lines(opts));
  }

  /**
   * Imports an NDJSON export into this ledger, which must be empty. Every line is checked as it is read;
   * the first line's seq and prevHash become the origin (a partial chain). On a bad line nothing stays.
   */
  importNdjson(input: Readable, source = 'input'): Promise<ImportResult> {
    return this.serial(async () => {
      if (this.headState !== undefined) throw E.IMPORT_NOT_EMPTY(this.dir, this.headState.seq);
      try {
        const read = await readNdjson(input, source, (lines) => this.commit(lines, false));
        this.logger.info({ dir: this.dir, source, ...read }, 'ledger imported');
        return { records: read.records, rounds: read.rounds, head: this.head(), origin: this.origin() };
      } catch (err) {
        await this.discardAll();
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.store.db.close();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private encode(input: RecordInput, at: number, prev: LedgerHead | undefined, sealing: boolean): StoredLine {
    const { type, round, data } = input;
    const what = `a ${JSON.stringify(type)} record for round ${round}`;
    if (typeof type !== 'string' || !TYPE_PATTERN.test(type)) throw E.INVALID_RECORD(what, 'bad type name');
    if (type === 'seal' && !sealing) throw E.INVALID_RECORD(what, 'seal records are written by seal()');
    if (!Number.isSafeInteger(round) || round < 0)
      throw E.INVALID_RECORD(what, 'the round is not an integer >= 0');
    if (prev !== undefined && round < prev.round)
      throw E.INVALID_RECORD(what, `round ${round} is behind the head round ${prev.round}`);
    if (prev !== undefined && round === prev.round && prev.type === 'seal')
      throw E.ROUND_SEALED(round, prev.seq);
    const seq = prev === undefined ? 0 : prev.seq + 1;
    const prevHash = prev === undefined ? GENESIS_HASH : prev.hash;
    try {
      return encodeRecord({ seq, round, type, at, data, prevHash });
    } catch (err) {
      throw withCause(E.INVALID_RECORD(what, `data is not JSON: ${(err as Error).message}`), err);
    }
  }

  private async commit(lines: StoredLine[], sync: boolean): Promise<void> {
    const setOrigin = this.headState === undefined;
    this.headState = await commitLines(this.store, lines, { setOrigin, sync });
    if (setOrigin) this.originState = { prevHash: lines[0]!.prevHash, seq: lines[0]!.seq };
  }

  /** Empties the ledger (a failed import); head and origin go first, so a crash midway is detected on open. */
  private async discardAll(): Promise<void> {
    await this.store.meta.batch([
      { type: 'del', key: 'head' },
      { type: 'del', key: 'origin' },
    ]);
    await this.store.db.clear();
    this.headState = undefined;
    this.originState = undefined;
  }

  /** The seq bounds a query covers, or undefined when it covers nothing. */
  private async seqRange(q: RecordQuery): Promise<{ lo: number; hi: number } | undefined> {
    let lo = q.fromSeq ?? 0;
    let hi = q.toSeq ?? Number.MAX_SAFE_INTEGER;
    if (q.round !== undefined) {
      const r = await roundRange(this.store, q.round);
      if (r === undefined) return undefined;
      lo = Math.max(lo, r.first);
      hi = Math.min(hi, r.last);
    }
    return lo <= hi ? { lo, hi } : undefined;
  }

  /** Stored lines matching a query, in seq order. Rounds are contiguous seq ranges, so a round is a range scan. */
  private async *lines(q: RecordQuery): AsyncGenerator<{ seq: number; line: string }> {
    const range = await this.seqRange(q);
    if (range === undefined) return;
    if (q.type === undefined) {
      for await (const [key, value] of this.store.rec.iterator({ gte: pad(range.lo), lte: pad(range.hi) })) {
        const seq = Number(key);
        yield { seq, line: lineOf(seq, value) };
      }
      return;
    }
    let seqs: number[] = [];
    for await (const key of this.store.byType.keys(prefixRange(q.type, range.lo, range.hi))) {
      seqs.push(seqOfIndexKey(key));
      if (seqs.length === BATCH_FETCH) {
        yield* this.fetch(seqs);
        seqs = [];
      }
    }
    yield* this.fetch(seqs);
  }

  private async *fetch(seqs: number[]): AsyncGenerator<{ seq: number; line: string }> {
    if (seqs.length === 0) return;
    const values = await this.store.rec.getMany(seqs.map(pad));
    for (const [i, seq] of seqs.entries()) {
      const value = values[i];
      if (value === undefined) throw E.CORRUPT_RECORD(seq, 'the type index lists it but it is not stored');
      yield { seq, line: lineOf(seq, value) };
    }
  }
}

function toRecord<D>(l: StoredLine, at: number, data: D): LedgerRecord<D> {
  return { seq: l.seq, round: l.round, type: l.type, at, data, prevHash: l.prevHash, hash: l.hash };
}

function parseRecord<D>(seq: number, line: string): LedgerRecord<D> {
  try {
    return JSON.parse(line) as LedgerRecord<D>;
  } catch (err) {
    throw withCause(E.CORRUPT_RECORD(seq, 'the stored value is not JSON'), err);
  }
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
