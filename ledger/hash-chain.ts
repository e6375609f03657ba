import { LedgerErrors as E } from './errors.js';
import { readLine, type StoredLine } from './format.js';
import { sealSignatureValid } from './seal.js';
import type { LedgerOrigin, SealData } from './types.js';

/**
 * Checks stored lines one by one, in chain order: the hash of each line, its link to the previous one,
 * the round order (rounds never go back, nothing follows a round's seal in that round) and every seal
 * (range, count, lastHash, sr25519 signature). Throws the first problem as a LEDGER_* error.
 * Used by verify (over the store) and by import (over an NDJSON file).
 */
export class HashChainChecker {
  records = 0;
  readonly rounds: number[] = [];
  private readonly closedUnsealed: number[] = [];
  private nextSeq: number;
  private prevHash: string;
  private roundStart = -1;
  private sealedAt = -1;

  constructor(origin: LedgerOrigin) {
    this.nextSeq = origin.seq;
    this.prevHash = origin.prevHash;
  }

  /** The seq the next line must have. */
  get expectedSeq(): number {
    return this.nextSeq;
  }

  /** Hash of the last line checked (the origin's prevHash before any). */
  get lastHash(): string {
    return this.prevHash;
  }

  /** `keySeq` is the seq the store filed the line under (verify); absent for import. */
  check(line: string, keySeq?: number): StoredLine {
    const rec = readLine(line);
    const seq = keySeq ?? rec?.seq ?? this.nextSeq;
    if (rec === undefined)
      throw E.CORRUPT_RECORD(seq, 'the stored value does not end in a valid record tail');
    if (rec.computedHash !== rec.hash)
      throw E.CORRUPT_RECORD(seq, `hash mismatch: stored ${rec.hash}, recomputed ${rec.computedHash}`);
    if (rec.seq !== seq) throw E.CORRUPT_RECORD(seq, `the value says seq ${rec.seq}`);
    if (rec.seq !== this.nextSeq)
      throw E.BROKEN_LINK(
        rec.seq,
        rec.seq > this.nextSeq
          ? `expected seq ${this.nextSeq}: ${missing(this.nextSeq, rec.seq - 1)}`
          : `expected seq ${this.nextSeq}: seq ${rec.seq} is out of order`,
      );
    if (rec.prevHash !== this.prevHash)
      throw E.BROKEN_LINK(
        rec.seq,
        `prevHash ${rec.prevHash} is not the hash of the previous record (${this.prevHash})`,
      );
    this.enterRound(rec);
    if (rec.type === 'seal') this.checkSeal(rec);
    this.records++;
    this.nextSeq++;
    this.prevHash = rec.hash;
    return rec;
  }

  private enterRound(rec: StoredLine): void {
    const current = this.rounds.at(-1);
    if (current !== undefined && rec.round < current)
      throw E.BROKEN_LINK(rec.seq, `round ${rec.round} after round ${current}: rounds never go back`);
    if (current === rec.round) {
      if (this.sealedAt >= 0)
        throw E.BAD_SEAL(rec.seq, rec.round, `record after the round's seal (seq ${this.sealedAt})`);
      return;
    }
    if (current !== undefined && this.sealedAt < 0) this.closedUnsealed.push(current);
    this.rounds.push(rec.round);
    this.roundStart = rec.seq;
    this.sealedAt = -1;
  }

  private checkSeal(rec: StoredLine): void {
    const bad = (reason: string) => E.BAD_SEAL(rec.seq, rec.round, reason);
    let seal: SealData;
    try {
      seal = (JSON.parse(rec.line) as { data: SealData }).data;
    } catch {
      throw bad('its value is not JSON');
    }
    if (seal === null || typeof seal !== 'object') throw bad('no seal data');
    if (this.roundStart === rec.seq) throw bad('the round has no records before its seal');
    const toSeq = rec.seq - 1;
    const expected: Partial<SealData> = {
      round: rec.round,
      fromSeq: this.roundStart,
      toSeq,
      count: toSeq - this.roundStart + 1,
      lastHash: rec.prevHash,
    };
    for (const [field, want] of Object.entries(expected))
      if (seal[field as keyof SealData] !== want)
        throw bad(`${field} is ${JSON.stringify(seal[field as keyof SealData])}, expected ${want}`);
    if (typeof seal.signer !== 'string' || typeof seal.signature !== 'string' || !sealSignatureValid(seal))
      throw bad(`the signature is not a valid sr25519 signature by ${String(seal.signer)}`);
    this.sealedAt = rec.seq;
  }

  /** The rounds seen so far without a seal, the current one included when it is still open. */
  unsealed(): number[] {
    const last = this.rounds.at(-1);
    return last !== undefined && this.sealedAt < 0
      ? [...this.closedUnsealed, last]
      : [...this.closedUnsealed];
  }
}

/** "record 5 is missing" / "records 5..9 are missing" */
export function missing(from: number, to: number): string {
  return from === to ? `record ${from} is missing` : `records ${from}..${to} are missing`;
}
