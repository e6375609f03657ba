import { list, num } from './codec.js';
import { ChainErrors } from './errors.js';
import type { StorageReader } from './storage.js';
import type { ChainFeatures } from './types.js';

/**
 * When a subnet's epochs fire, read from the chain it is on:
 * - `stateful` (subtensor spec 424+, coinbase/run_coinbase.rs `should_run_epoch`): every `tempo` blocks
 *   from `LastEpochBlock`, or at `PendingEpochAt` when the owner brought one forward; `SubnetEpochIndex`
 *   counts them;
 * - `legacy` (spec 393 and older): on the block grid `(block + netuid + 1) % (tempo + 1) == tempo`, epoch
 *   index `(block + netuid + 1) / (tempo + 1)`.
 */
export interface EpochSchedule {
  netuid: number;
  kind: 'stateful' | 'legacy';
  tempo: number;
  /** The block these values were read at. */
  head: number;
  /** Epoch index at the head. */
  epoch: number;
  /** Epoch index a transaction sent now is judged in: the head's, plus one when an epoch fires in the next block. */
  epochForNextBlock: number;
  /** Block the latest epoch fired at (legacy: the latest grid block at or before the head). */
  lastEpochBlock: number;
  /** Block the next epoch is expected to fire at (a pending owner trigger included); undefined with tempo 0. */
  nextEpochBlock: number | undefined;
  /** An owner-triggered epoch waiting to fire (stateful only). */
  pendingEpochAt: number | undefined;
  revealPeriodEpochs: number;
}

/** A hash commit (CR v2) as stored in `WeightCommits`, with the epoch it belongs to. */
export interface StoredWeightCommit {
  hash: string;
  /** Epoch the commit was tagged with (stateful: stored; legacy: computed from the commit block). */
  epoch: number;
  /** Commit block (stored by both layouts). */
  block: number;
  /** The only epoch in which it can be revealed: `epoch + RevealPeriodEpochs`. */
  revealEpoch: number;
}

const legacyEpoch = (netuid: number, tempo: number, block: number) =>
  Math.floor((block + netuid + 1) / (tempo + 1));

function legacySchedule(netuid: number, tempo: number, head: number, period: number): EpochSchedule {
  const base = { netuid, kind: 'legacy' as const, tempo, head, revealPeriodEpochs: period };
  if (tempo === 0)
    return {
      ...base,
      epoch: 0,
      epochForNextBlock: 0,
      lastEpochBlock: 0,
      nextEpochBlock: undefined,
      pendingEpochAt: undefined,
    };
  const cycle = tempo + 1;
  // fire blocks b: (b + netuid + 1) % (tempo + 1) == tempo
  const since = (((head + netuid + 1 - tempo) % cycle) + cycle) % cycle;
  const last = head - since;
  return {
    ...base,
    epoch: legacyEpoch(netuid, tempo, head),
    epochForNextBlock: legacyEpoch(netuid, tempo, head + 1),
    lastEpochBlock: Math.max(0, last),
    nextEpochBlock: last + cycle,
    pendingEpochAt: undefined,
  };
}

function statefulSchedule(
  netuid: number,
  tempo: number,
  head: number,
  period: number,
  last: number,
  pending: number,
  index: number,
): EpochSchedule {
  const auto = tempo === 0 ? undefined : last + tempo;
  const next = pending > 0 && auto !== undefined ? Math.min(auto, pending) : auto;
  const firesNext = tempo !== 0 && ((pending > 0 && head + 1 >= pending) || head + 1 - last >= tempo);
  return {
    netuid,
    kind: 'stateful',
    tempo,
    head,
    revealPeriodEpochs: period,
    epoch: index,
    epochForNextBlock: firesNext ? index + 1 : index,
    lastEpochBlock: last,
    nextEpochBlock: next,
    pendingEpochAt: pending > 0 ? pending : undefined,
  };
}

const scheduleItems = (features: ChainFeatures, netuid: number) => [
  { pallet: 'subtensorModule', item: 'networksAdded', args: [netuid] },
  { pallet: 'subtensorModule', item: 'tempo', args: [netuid] },
  { pallet: 'subtensorModule', item: 'revealPeriodEpochs', args: [netuid] },
  { pallet: 'system', item: 'number' },
  ...(features.statefulEpochs
    ? [
        { pallet: 'subtensorModule', item: 'lastEpochBlock', args: [netuid] },
        { pallet: 'subtensorModule', item: 'pendingEpochAt', args: [netuid] },
        { pallet: 'subtensorModule', item: 'subnetEpochIndex', args: [netuid] },
      ]
    : []),
];

function toSchedule(features: ChainFeatures, netuid: number, values: readonly unknown[]): EpochSchedule {
  const v = values as Parameters<typeof num>[0][];
  if (v[0]?.toJSON() !== true) throw ChainErrors.SUBNET_NOT_EXISTS(`epoch schedule of netuid ${netuid}`);
  const [tempo, period, head] = [num(v[1]), num(v[2]), num(v[3])];
  return features.statefulEpochs
    ? statefulSchedule(netuid, tempo, head, period, num(v[4]), num(v[5]), num(v[6]))
    : legacySchedule(netuid, tempo, head, period);
}

/** The subnet's epoch schedule at the head (one round trip). */
export async function readEpochSchedule(
  reader: StorageReader,
  features: ChainFeatures,
  netuid: number,
): Promise<EpochSchedule> {
  const { values } = await reader.query(scheduleItems(features, netuid));
  return toSchedule(features, netuid, values);
}

/**
 * A hotkey's pending hash commits (`WeightCommits(netuid, hotkey)`) and the schedule, read at the same block.
 * Spec 424+ stores `(hash, commit_epoch, commit_block, 0)`; spec 393 `(hash, commit_block, first_reveal_block,
 * last_reveal_block)`, whose epoch follows from the commit block on the legacy grid.
 */
export async function readWeightCommits(
  reader: StorageReader,
  features: ChainFeatures,
  netuid: number,
  hotkey: string,
): Promise<{ schedule: EpochSchedule; commits: StoredWeightCommit[] }> {
  const items = scheduleItems(features, netuid);
  const { values } = await reader.query([
    ...items,
    { pallet: 'subtensorModule', item: 'weightCommits', args: [netuid, hotkey] },
  ]);
  const schedule = toSchedule(features, netuid, values);
  const stored = values[items.length];
  const tuples = list(stored).map((t) => list(t));
  const commits = tuples.map(([hash, second, third]) => {
    const epoch = features.statefulEpochs ? num(second) : legacyEpoch(netuid, schedule.tempo, num(second));
    return {
      hash: hash?.toHex() ?? '',
      epoch,
      block: features.statefulEpochs ? num(third) : num(second),
      revealEpoch: epoch + schedule.revealPeriodEpochs,
    };
  });
  return { schedule, commits };
}

/**
 * Where a reveal sent now stands (`is_reveal_block_range` / `is_commit_expired`): before its epoch, in it,
 * or past it. Too early and too late are the same pool error (custom error 17); this tells them apart.
 */
export function revealStanding(
  schedule: EpochSchedule,
  commit: Pick<StoredWeightCommit, 'revealEpoch'>,
): 'early' | 'open' | 'expired' {
  const now = schedule.epochForNextBlock;
  return now < commit.revealEpoch ? 'early' : now === commit.revealEpoch ? 'open' : 'expired';
}

/**
 * The block a commit's reveal window is expected to open at (the first block judged in its reveal epoch), from
 * the schedule now: exact for the next epoch, an estimate further out (an owner trigger can move it).
 */
export function revealOpensAt(
  schedule: EpochSchedule,
  commit: Pick<StoredWeightCommit, 'revealEpoch'>,
): number {
  const ahead = commit.revealEpoch - schedule.epoch;
  if (ahead <= 0 || schedule.nextEpochBlock === undefined) return schedule.head;
  const period = schedule.kind === 'legacy' ? schedule.tempo + 1 : schedule.tempo;
  // legacy epochs change index the block after the grid block; stateful ones at the firing block itself
  const first = schedule.nextEpochBlock + (ahead - 1) * period + (schedule.kind === 'legacy' ? 1 : 0);
  return first - 1;
}
