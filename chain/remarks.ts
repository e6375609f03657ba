import type { Call, EventRecord } from '@polkadot/types/interfaces';
import { stringToU8a, u8aEq, u8aToHex, u8aToString } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { list } from './codec.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import type { PayoutRecord, RemarkRecord } from './types.js';

/** Blocks fetched concurrently while scanning. */
const SCAN_CHUNK = 64;

const BATCHES = new Set(['batch', 'batchAll', 'forceBatch']);
const REMARKS = new Set(['remark', 'remarkWithEvent']);
const TRANSFERS = new Set(['transferKeepAlive', 'transferAllowDeath', 'transfer']);

/** The calls of an extrinsic, batches flattened. */
function flatten(call: Call): Call[] {
  if (call.section === 'utility' && BATCHES.has(call.method))
    return list(call.args[0]).flatMap((c) => flatten(c as Call));
  return [call];
}

interface SignedBlock {
  block: { extrinsics: string[] };
}

/** A successful extrinsic of a scanned block whose bytes contain the needle, decoded (batches flattened). */
interface Found {
  blockNumber: number;
  blockHash: string;
  extrinsicIndex: number;
  signer: string;
  parts: Call[];
}

/**
 * The successful extrinsics between two blocks whose encoding contains `needle` (hex, no 0x), in block order.
 * Blocks are fetched SCAN_CHUNK at a time; only blocks with a candidate have their events read.
 */
async function* scan(
  reader: StorageReader,
  view: RuntimeView,
  needle: string,
  fromBlock: number,
  toBlock: number,
): AsyncGenerator<Found> {
  for (let start = fromBlock; start <= toBlock; start += SCAN_CHUNK) {
    const numbers = Array.from({ length: Math.min(SCAN_CHUNK, toBlock - start + 1) }, (_, i) => start + i);
    const hashes = await Promise.all(
      numbers.map((n) => reader.send<string | null>('chain_getBlockHash', [n], `scanning block ${n}`)),
    );
    const blocks = await Promise.all(
      hashes.map((h) => (h ? reader.send<SignedBlock>('chain_getBlock', [h], 'scanning blocks') : null)),
    );
    for (const [b, block] of blocks.entries()) {
      const extrinsics = block?.block.extrinsics ?? [];
      const candidates = extrinsics.flatMap((xt, i) => (xt.includes(needle) ? [i] : []));
      if (candidates.length === 0) continue;
      const blockHash = hashes[b]!;
      const {
        values: [events],
      } = await reader.query([{ pallet: 'system', item: 'events' }], blockHash);
      const succeeded = (index: number) =>
        list(events).some((record) => {
          const { phase, event } = record as EventRecord;
          return (
            phase.isApplyExtrinsic && phase.asApplyExtrinsic.eqn(index) && event.method === 'ExtrinsicSuccess'
          );
        });
      for (const index of candidates) {
        if (!succeeded(index)) continue;
        const xt = view.registry.createType('Extrinsic', extrinsics[index]);
        yield {
          blockNumber: numbers[b]!,
          blockHash,
          extrinsicIndex: index,
          signer: xt.signer.toString(),
          parts: flatten(xt.method as Call),
        };
      }
    }
  }
}

/** Two addresses of one account, whatever their ss58 prefixes. */
function sameAccount(a: string, b: string): boolean {
  try {
    return u8aEq(decodeAddress(a), decodeAddress(b));
  } catch {
    return a === b;
  }
}

/** The bytes of each System.remark / remark_with_event among the calls. */
const remarksOf = (parts: Call[]): Uint8Array[] =>
  parts.filter((c) => c.section === 'system' && REMARKS.has(c.method)).map((c) => c.args[0]!.toU8a(true));

/** The balance transfers among the calls. */
const transfersOf = (parts: Call[]) =>
  parts
    .filter((c) => c.section === 'balances' && TRANSFERS.has(c.method))
    .map((c) => ({ dest: c.args[0]!.toString(), amount: BigInt(c.args[1]!.toString()) }));

/**
 * Finds the extrinsic that wrote `remark` (System.remark / remark_with_event, alone or in a batch) between two
 * blocks and succeeded, with the transfers batched with it. A validator checks this before paying twice.
 */
export async function findRemark(
  reader: StorageReader,
  view: RuntimeView,
  remark: string,
  fromBlock: number,
  toBlock: number,
): Promise<PayoutRecord | undefined> {
  const wanted = stringToU8a(remark);
  for await (const found of scan(reader, view, u8aToHex(wanted).slice(2), fromBlock, toBlock)) {
    if (!remarksOf(found.parts).some((r) => u8aEq(r, wanted))) continue;
    const { parts, ...at } = found;
    return {
      ...at,
      remark,
      transfers: transfersOf(parts),
    };
  }
  return undefined;
}

/**
 * Every successful remark that starts with `prefix` between two blocks, with the transfers batched with it,
 * in chain order (one record per matching remark). Costs two requests per block scanned.
 */
export async function findPayouts(
  reader: StorageReader,
  view: RuntimeView,
  prefix: string,
  fromBlock: number,
  toBlock: number,
): Promise<PayoutRecord[]> {
  const wanted = stringToU8a(prefix);
  const out: PayoutRecord[] = [];
  for await (const found of scan(reader, view, u8aToHex(wanted).slice(2), fromBlock, toBlock)) {
    const { parts, ...at } = found;
    for (const bytes of remarksOf(parts))
      if (u8aEq(bytes.subarray(0, wanted.length), wanted))
        out.push({ ...at, remark: u8aToString(bytes), transfers: transfersOf(parts) });
  }
  return out;
}

/**
 * Every successful remark that starts with `prefix` between two blocks, in chain order (a remark is read as
 * UTF-8). With `signer`, only those signed by that account. Costs two requests per block scanned.
 */
export async function findRemarks(
  reader: StorageReader,
  view: RuntimeView,
  prefix: string,
  fromBlock: number,
  toBlock: number,
  signer?: string,
): Promise<RemarkRecord[]> {
  const wanted = stringToU8a(prefix);
  const out: RemarkRecord[] = [];
  for await (const found of scan(reader, view, u8aToHex(wanted).slice(2), fromBlock, toBlock)) {
    if (signer !== undefined && !sameAccount(found.signer, signer)) continue;
    const { parts, ...at } = found;
    for (const bytes of remarksOf(parts))
      if (u8aEq(bytes.subarray(0, wanted.length), wanted)) out.push({ ...at, remark: u8aToString(bytes) });
  }
  return out;
}
