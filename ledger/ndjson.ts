import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { isRodeoError, withCause } from '../config/index.js';
import { LedgerErrors as E } from './errors.js';
import { GENESIS_HASH, readLine, type StoredLine } from './format.js';
import { HashChainChecker } from './hash-chain.js';

/** Writes one stored line per record, each followed by "\n"; leaves `out` open. */
export async function writeNdjson(
  out: Writable,
  lines: AsyncIterable<{ line: string }>,
): Promise<{ records: number; bytes: number }> {
  let records = 0;
  let bytes = 0;
  for await (const { line } of lines) {
    records++;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  return { records, bytes };
}

const CHUNK_RECORDS = 1000;
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Reads an NDJSON export and checks it as a chain while reading (hashes, links, rounds, seals). The chain
 * starts at the first line: its seq and prevHash are taken as given (seq 0 must follow 64 zeros). Checked
 * lines are handed to `onChunk` in order, in chunks; the first bad line throws LEDGER_IMPORT_REFUSED.
 */
export async function readNdjson(
  input: Readable,
  source: string,
  onChunk: (lines: StoredLine[]) => Promise<void>,
): Promise<{ records: number; rounds: number; unsealed: number[] }> {
  let checker: HashChainChecker | undefined;
  let lineNo = 0;
  let chunk: StoredLine[] = [];
  let chunkBytes = 0;
  const refuse = (reason: string) => E.IMPORT_REFUSED(source, lineNo, reason);
  for await (const text of linesOf(input, source)) {
    lineNo++;
    if (checker === undefined) {
      const first = readLine(text);
      if (first === undefined) throw refuse('not a ledger record (no hash/prevHash/round/seq/type tail)');
      if (first.seq === 0 && first.prevHash !== GENESIS_HASH)
        throw refuse('seq 0 must have the genesis prevHash (64 zeros)');
      checker = new HashChainChecker({ seq: first.seq, prevHash: first.prevHash });
    }
    try {
      chunk.push(checker.check(text));
    } catch (err) {
      throw withCause(refuse(isRodeoError(err) ? err.message : String(err)), err);
    }
    chunkBytes += text.length;
    if (chunk.length >= CHUNK_RECORDS || chunkBytes >= CHUNK_BYTES) {
      await onChunk(chunk);
      chunk = [];
      chunkBytes = 0;
    }
  }
  if (checker === undefined) throw refuse('the file holds no records');
  if (chunk.length > 0) await onChunk(chunk);
  return { records: checker.records, rounds: checker.rounds.length, unsealed: checker.unsealed() };
}

/** The lines of a stream ("\n" or "\r\n"); a read error becomes LEDGER_IMPORT_UNREADABLE. */
async function* linesOf(input: Readable, source: string): AsyncGenerator<string> {
  input.setEncoding('utf8');
  let rest = '';
  const iterator = (input as AsyncIterable<string>)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await iterator.next();
    } catch (err) {
      throw withCause(E.IMPORT_UNREADABLE(source, (err as Error).message), err);
    }
    if (next.done) break;
    const parts = (rest + next.value).split('\n');
    rest = parts.pop()!;
    for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
