import { hexToU8a, u8aToBn } from '@polkadot/util';
import { list, num } from './codec.js';
import { mechanismStorageIndex } from './metagraph.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import type { WeightRow } from './types.js';

function toRow(uid: number, hotkey: string, value: Parameters<typeof list>[0]): WeightRow {
  const pairs = list(value).map((pair) => list(pair));
  const entries = pairs.map(([dest, weight]) => ({ uid: num(dest), value: num(weight) }));
  const total = entries.reduce((a, e) => a + e.value, 0);
  return {
    uid,
    hotkey,
    weights: entries.map((e) => ({ ...e, normalized: total === 0 ? 0 : e.value / total })),
  };
}

/**
 * The weight rows validators have set on a subnet (`Weights(netuid, uid)`), one uid or all non-empty rows,
 * with each row's hotkey. Values are the chain's u16s; `normalized` divides by the row sum.
 */
export async function readWeights(
  reader: StorageReader,
  view: RuntimeView,
  netuid: number,
  uid?: number,
  /** Mechanism: its rows live at the storage index `netuid + mecid × 4096`. */
  mecid = 0,
): Promise<WeightRow[]> {
  const index = mechanismStorageIndex(netuid, mecid);
  const head = await reader.send<string>('chain_getBlockHash', [], 'reading the head');
  const uids =
    uid === undefined
      ? (await reader.keys(view.prefix('subtensorModule', 'weights', index), head)).map((key) =>
          u8aToBn(hexToU8a(key).slice(-2), { isLe: true }).toNumber(),
        )
      : [uid];
  if (uids.length === 0) return [];
  const { values } = await reader.query(
    uids.flatMap((u) => [
      { pallet: 'subtensorModule', item: 'weights', args: [index, u] },
      { pallet: 'subtensorModule', item: 'keys', args: [netuid, u] },
    ]),
    head,
  );
  return uids
    .map((u, i) => toRow(u, values[2 * i + 1]?.toString() ?? '', values[2 * i]))
    .filter((row) => row.weights.length > 0)
    .sort((a, b) => a.uid - b.uid);
}
