import type { Call, EventRecord } from '@polkadot/types/interfaces';
import { stringToU8a, u8aEq, u8aToHex } from '@polkadot/util';
import { list } from './codec.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import type { PayoutRecord } from './types.js';

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
  const needle = u8aToHex(wanted).slice(2);
  for (let start = fromBlock; start <= toBlock; start += SCAN_CHUNK) {
    const numbers = Array.from({ length: Math.min(SCAN_CHUNK, toBlock - start + 1) }, (_, i) => start + i);
    const hashes = await Promise.all(
      numbers.map((n) => reader.send<string | null>('chain_getBlockHash', [n], `scanning block ${n}`)),
    );
    const blocks = await Promise.all(
      hashes.map((h) => (h ? reader.send<SignedBlock>('chain_getBlock', [h], 'scanning blocks') : null)),
    );
    for (const [b, block] of blocks.entries()) {
      const candidates = (block?.block.extrinsics ?? []).flatMap((xt, i) => (xt.includes(needle) ? [i] : []));
      if (candidates.length === 0) continue;
      const at = { blockHash: hashes[b]!, blockNumber: numbers[b]! };
      const found = await inspect(reader, view, block!.block.extrinsics, candidates, wanted, at);
      if (found) return { ...found, remark };
    }
  }
  return undefined;
}

async function inspect(
  reader: StorageReader,
  view: RuntimeView,
  extrinsics: string[],
  candidates: number[],
  wanted: Uint8Array,
  { blockHash, blockNumber }: { blockHash: string; blockNumber: number },
): Promise<Omit<PayoutRecord, 'remark'> | undefined> {
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
    const xt = view.registry.createType('Extrinsic', extrinsics[index]);
    const parts = flatten(xt.method as Call);
    const hasRemark = parts.some(
      (c) => c.section === 'system' && REMARKS.has(c.method) && u8aEq(c.args[0]!.toU8a(true), wanted),
    );
    if (!hasRemark || !succeeded(index)) continue;
    return {
      blockNumber,
      blockHash,
      extrinsicIndex: index,
      signer: xt.signer.toString(),
      transfers: parts
        .filter((c) => c.section === 'balances' && TRANSFERS.has(c.method))
        .map((c) => ({ dest: c.args[0]!.toString(), amount: BigInt(c.args[1]!.toString()) })),
    };
  }
  return undefined;
}
