import { big, bool, field, list, num, u16Fraction } from './codec.js';
import { ChainErrors } from './errors.js';
import { decodeIp } from './ip.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import type { AxonInfo, Metagraph, Neuron } from './types.js';

/** Per-subnet vectors indexed by uid (items missing from a runtime read as empty). */
export const METAGRAPH_VECTORS = [
  'validatorPermit',
  'active',
  'lastUpdate',
  'incentive',
  'dividends',
  'consensus',
  'trust',
  'validatorTrust',
  'emission',
] as const;

function axonOf(c: Parameters<typeof field>[0]): AxonInfo | undefined {
  if (!c) return undefined;
  const ipType = num(field(c, 'ipType')) === 6 ? 6 : 4;
  return {
    block: num(field(c, 'block')),
    version: num(field(c, 'version')),
    ip: decodeIp(big(field(c, 'ip')), ipType),
    ipType,
    port: num(field(c, 'port')),
    protocol: num(field(c, 'protocol')),
  };
}

/** Vectors subtensor keeps per mechanism, at the storage index `netuid + mecid × 4096` (subnets/mechanism.rs). */
const PER_MECHANISM: ReadonlySet<string> = new Set(['lastUpdate', 'incentive']);

/** `get_mechanism_storage_index`: where mechanism `mecid` of a subnet keeps its Weights, LastUpdate, Incentive. */
export const mechanismStorageIndex = (netuid: number, mecid = 0) => netuid + mecid * 4096;

/**
 * The metagraph of a subnet from storage in three round trips, all at one block: (1) block number, size and
 * per-uid vectors, (2) uid -> hotkey and registration blocks, (3) per hotkey owner, axon and stake.
 */
export async function readMetagraph(
  reader: StorageReader,
  view: RuntimeView,
  netuid: number,
  /** Mechanism whose LastUpdate and Incentive are read (0, the main one, by default). */
  mecid = 0,
): Promise<Metagraph> {
  const vectors = METAGRAPH_VECTORS.filter((item) => view.hasStorage('subtensorModule', item));
  const first = await reader.query([
    { pallet: 'system', item: 'number' },
    { pallet: 'subtensorModule', item: 'networksAdded', args: [netuid] },
    { pallet: 'subtensorModule', item: 'subnetworkN', args: [netuid] },
    ...vectors.map((item) => ({
      pallet: 'subtensorModule',
      item,
      args: [PER_MECHANISM.has(item) ? mechanismStorageIndex(netuid, mecid) : netuid],
    })),
  ]);
  const [blockNumber, added, size, ...vectorValues] = first.values;
  if (!bool(added)) throw ChainErrors.SUBNET_NOT_EXISTS(`metagraph of netuid ${netuid}`);
  const at = first.blockHash;
  const n = num(size);
  const vector = (item: (typeof METAGRAPH_VECTORS)[number]) => list(vectorValues[vectors.indexOf(item)]);
  const uids = Array.from({ length: n }, (_, uid) => uid);

  const second = await reader.query(
    uids.flatMap((uid) => [
      { pallet: 'subtensorModule', item: 'keys', args: [netuid, uid] },
      { pallet: 'subtensorModule', item: 'blockAtRegistration', args: [netuid, uid] },
    ]),
    at,
  );
  const hotkeys = uids.map((uid) => second.values[2 * uid]!.toString());

  const third = await reader.query(
    hotkeys.flatMap((hotkey) => [
      { pallet: 'subtensorModule', item: 'owner', args: [hotkey] },
      { pallet: 'subtensorModule', item: 'axons', args: [netuid, hotkey] },
      { pallet: 'subtensorModule', item: 'totalHotkeyAlpha', args: [hotkey, netuid] },
    ]),
    at,
  );

  const neurons: Neuron[] = uids.map((uid) => ({
    uid,
    hotkey: hotkeys[uid]!,
    coldkey: third.values[3 * uid]!.toString(),
    stake: big(third.values[3 * uid + 2]),
    validatorPermit: bool(vector('validatorPermit')[uid]),
    active: bool(vector('active')[uid]),
    lastUpdate: num(vector('lastUpdate')[uid]),
    registeredAt: num(second.values[2 * uid + 1]),
    axon: axonOf(third.values[3 * uid + 1]),
    incentive: u16Fraction(vector('incentive')[uid]),
    dividends: u16Fraction(vector('dividends')[uid]),
    consensus: u16Fraction(vector('consensus')[uid]),
    trust: u16Fraction(vector('trust')[uid]),
    validatorTrust: u16Fraction(vector('validatorTrust')[uid]),
    emission: big(vector('emission')[uid]),
  }));
  return { netuid, block: num(blockNumber), blockHash: at, neurons };
}
