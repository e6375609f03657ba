import type { ChainClient } from '../chain/index.js';
import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { ANCHOR_PREFIX, type Anchor, parseAnchorRemark, sameAccount } from './anchors.js';
import { ValidatorErrors } from './errors.js';
import { type AnchorTxRecord, RECORD, type RoundStart } from './record-types.js';

/** What the anchor check reads from the chain. */
export type AnchorChain = Pick<ChainClient, 'head' | 'findRemark' | 'findRemarks'>;

export interface AnchorCheckOptions {
  chain: AnchorChain;
  /** The validator whose anchors count (the ledger's validator, or --signer). */
  validator: string;
  /** Blocks scanned past the last anchor the ledger records (validator.anchorScanBlocks). */
  scanBlocks: number;
  /** Scan from this block instead (a verifier who distrusts the ledger's own pointers). */
  fromBlock?: number;
}

export interface AnchorCheck {
  /** Anchors the ledger records, each found at its block. */
  recorded: number;
  /** Anchors by the validator found by scanning blocks from..to. */
  found: number;
  scanned: { from: number; to: number; head: number };
  /** The newest anchor seen (recorded or found). */
  latest: (Anchor & { block: number }) | undefined;
}

/** A replay failure the anchor check found. */
export interface AnchorFailure {
  round: number | null;
  seq: number;
  type: string | null;
  code: string;
  message: string;
}

/**
 * Checks a (hash-checked) ledger against the validator's anchors on chain: every anchor the ledger records must
 * be at its block, signed by the validator; then the blocks after the last one (bounded by `scanBlocks`) are
 * read for later anchors. An anchor beyond the ledger's head means rounds were cut off; an anchor whose seq
 * holds another record means the ledger was rewritten after it was anchored.
 */
export async function checkAnchors(
  ledger: Ledger,
  opts: AnchorCheckOptions,
): Promise<{ check: AnchorCheck; failure: AnchorFailure | undefined }> {
  const { chain, validator } = opts;
  const lastStart = await ledger.lastRecord<RoundStart>(RECORD.start);
  const netuid = lastStart?.data.netuid;
  const head = ledger.head();
  const chainHead = (await chain.head()).number;
  const check: AnchorCheck = {
    recorded: 0,
    found: 0,
    scanned: { from: 0, to: -1, head: chainHead },
    latest: undefined,
  };
  const fail = (
    rec: Pick<AnchorFailure, 'round' | 'seq' | 'type'>,
    err: { code: string; message: string },
  ) => ({
    check,
    failure: { ...rec, code: err.code, message: err.message },
  });
  const seen = (a: Anchor, block: number) => {
    if (!check.latest || a.seq > check.latest.seq) check.latest = { ...a, block };
  };

  /** The problem with an anchor against this ledger, if any. */
  const against = async (a: Anchor, block: number): Promise<AnchorFailure | undefined> => {
    if (!head || a.seq > head.seq) {
      const sealed = await lastSealedRound(ledger);
      const ends = head ? `ends at record #${head.seq} (round ${head.round}, ${head.type})` : 'is empty';
      const missing = sealed === undefined ? `rounds up to ${a.round}` : roundsBetween(sealed + 1, a.round);
      const detail = `the validator anchored round ${a.round} (seal #${a.seq}, hash ${a.hash}) at block ${block}, but this ledger ${ends}: ${missing}`;
      if (sealed === undefined || a.round > sealed)
        return {
          round: sealed === undefined ? a.round : sealed + 1,
          seq: a.seq,
          type: 'seal',
          ...err(ValidatorErrors.REPLAY_TRUNCATED(detail)),
        };
      return {
        round: a.round,
        seq: a.seq,
        type: 'seal',
        ...err(ValidatorErrors.REPLAY_ANCHOR_MISMATCH(detail)),
      };
    }
    const rec = await recordAt(ledger, a.seq);
    if (rec && rec.type === 'seal' && rec.round === a.round && rec.hash === a.hash) return undefined;
    const holds = rec
      ? `record #${a.seq} is ${rec.type} of round ${rec.round} with hash ${rec.hash}`
      : `record #${a.seq} is missing`;
    const detail = `the validator anchored round ${a.round}'s seal #${a.seq} with hash ${a.hash} at block ${block}; in this ledger ${holds}`;
    return {
      round: a.round,
      seq: a.seq,
      type: rec?.type ?? null,
      ...err(ValidatorErrors.REPLAY_ANCHOR_MISMATCH(detail)),
    };
  };

  let lastBlock: number | undefined;
  for await (const rec of ledger.records<AnchorTxRecord>({ type: RECORD.anchorTx })) {
    const d = rec.data;
    if (d.phase !== 'result' || !d.ok) continue;
    const a = parseAnchorRemark(d.remark);
    if (!a) continue;
    const onChain = await chain.findRemark(d.remark, d.block, d.block);
    if (!onChain || !sameAccount(onChain.signer, validator)) {
      const detail = `record #${rec.seq} says round ${a.round}'s head was anchored at block ${d.block}, but that block holds no such remark by ${validator}`;
      return fail(rec, ValidatorErrors.REPLAY_ANCHOR_MISMATCH(detail));
    }
    const f = await against(a, d.block);
    if (f) return { check, failure: f };
    check.recorded++;
    seen(a, d.block);
    lastBlock = Math.max(lastBlock ?? 0, d.block);
  }

  const from = Math.max(0, opts.fromBlock ?? lastBlock ?? lastStart?.data.block ?? 0);
  const to = Math.min(chainHead, from + opts.scanBlocks - 1);
  check.scanned = { from, to, head: chainHead };
  if (netuid === undefined || to < from) return { check, failure: undefined };
  const found = await chain.findRemarks(`${ANCHOR_PREFIX}${netuid}:`, from, to, validator);
  let truncated: AnchorFailure | undefined;
  for (const r of found) {
    const a = parseAnchorRemark(r.remark);
    if (!a || a.netuid !== netuid) continue;
    check.found++;
    seen(a, r.blockNumber);
    const f = await against(a, r.blockNumber);
    if (f && f.code !== ValidatorErrors.REPLAY_TRUNCATED.code) return { check, failure: f };
    // of the anchors beyond the ledger, the newest names every missing round
    if (f) truncated = f;
  }
  return { check, failure: truncated };
}

const err = (e: { code: string; message: string }) => ({ code: e.code, message: e.message });

async function recordAt(ledger: Ledger, seq: number): Promise<LedgerRecord | undefined> {
  for await (const rec of ledger.records({ fromSeq: seq, toSeq: seq })) return rec;
  return undefined;
}

async function lastSealedRound(ledger: Ledger): Promise<number | undefined> {
  return (await ledger.lastRecord('seal'))?.round;
}

function roundsBetween(first: number, last: number): string {
  return first >= last ? `round ${last} is missing` : `rounds ${first}..${last} are missing`;
}
