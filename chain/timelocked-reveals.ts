import type { EventRecord } from '@polkadot/types/interfaces';
import { u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { list, num } from './codec.js';
import { mechanismStorageIndex } from './metagraph.js';
import type { StorageReader } from './storage.js';

/** Blocks whose events are read concurrently. */
const CHUNK = 32;

/**
 * The first block in `fromBlock..toBlock` whose events hold the runtime's `TimelockedWeightsRevealed(netuid
 * index, hotkey)`: the chain's own record that it decrypted a timelocked commit of this hotkey and set its
 * weights (subtensor's reveal of CR v3/v4 commits emits it only after set_weights' checks passed). Undefined
 * when no block of the range has it: a commit taken from `TimelockedWeightCommits` then was dropped.
 */
export async function findTimelockedReveal(
  reader: StorageReader,
  netuid: number,
  hotkey: string,
  mecid: number,
  fromBlock: number,
  toBlock: number,
): Promise<number | undefined> {
  const index = mechanismStorageIndex(netuid, mecid);
  const who = decodeAddress(hotkey);
  for (let start = Math.max(0, fromBlock); start <= toBlock; start += CHUNK) {
    const numbers = Array.from({ length: Math.min(CHUNK, toBlock - start + 1) }, (_, i) => start + i);
    const found = await Promise.all(
      numbers.map(async (n) => {
        const hash = await reader.send<string | null>('chain_getBlockHash', [n], `reading block ${n}`);
        if (!hash) return false;
        const {
          values: [events],
        } = await reader.query([{ pallet: 'system', item: 'events' }], hash);
        return list(events).some((record) => {
          const { event } = record as EventRecord;
          return (
            event.section === 'subtensorModule' &&
            event.method === 'TimelockedWeightsRevealed' &&
            num(event.data[0]) === index &&
            u8aEq(event.data[1]?.toU8a() ?? new Uint8Array(), who)
          );
        });
      }),
    );
    const at = found.indexOf(true);
    if (at >= 0) return numbers[at];
  }
  return undefined;
}
