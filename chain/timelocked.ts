import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { big, field, list, num } from './codec.js';
import { ChainErrors } from './errors.js';
import { mechanismStorageIndex } from './metagraph.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import { encryptWeightsPayload, revealRoundFor } from './timelock/index.js';
import type { Hyperparams, WeightRow, WeightsInput } from './types.js';

/** The chain's drand state, as `commit_timelocked_weights` needs it (pallet_drand's storage). */
export interface DrandState {
  /** `Drand.BeaconConfig.public_key`: the beacon the runtime verifies pulses against (hex, 96 bytes). */
  publicKey: string;
  /** Unix seconds of round 1 and seconds between rounds (`BeaconConfig`). */
  genesisTime: number;
  period: number;
  /** `Drand.LastStoredRound`: the newest pulse on chain. */
  lastStoredRound: number;
  /** Block time the runtime is built for: 2 × `Timestamp.MinimumPeriod` (12 s on finney). */
  blockTimeSeconds: number;
}

/** A timelocked commit ready to submit: the encrypted bytes and the round they open at. */
export interface TimelockedCommitPlan {
  commit: Uint8Array;
  /** blake2-256 of the commit, as `TimelockedWeightsCommitted` reports it. */
  commitHash: string;
  revealRound: number;
  /** First block of the epoch the runtime reveals it in, and the block its round should be on chain by. */
  firstRevealBlock: number;
  targetBlock: number;
  commitRevealVersion: number;
}

/** Reads `Drand.BeaconConfig`, `Drand.LastStoredRound` and `Timestamp.MinimumPeriod`. */
export async function readDrandState(reader: StorageReader, view: RuntimeView): Promise<DrandState> {
  if (!view.hasStorage('drand', 'beaconConfig'))
    throw ChainErrors.UNSUPPORTED('the Drand pallet (timelocked weight commits)', view.runtime);
  const minimumPeriod = view.constant('timestamp', 'minimumPeriod');
  if (!minimumPeriod) throw ChainErrors.UNSUPPORTED('Timestamp.MinimumPeriod', view.runtime);
  const { values } = await reader.query([
    { pallet: 'drand', item: 'beaconConfig' },
    { pallet: 'drand', item: 'lastStoredRound' },
  ]);
  const config = values[0];
  return {
    publicKey: u8aToHex(field(config, 'publicKey')?.toU8a(true)),
    genesisTime: num(field(config, 'genesisTime')),
    period: num(field(config, 'period')),
    lastStoredRound: num(values[1]),
    blockTimeSeconds: (2 * num(minimumPeriod)) / 1000,
  };
}

/**
 * Picks the reveal round and encrypts the weights to it. The round follows bittensor-drand's rule
 * (`revealRoundFor`: the pulse should be on chain a few blocks into the reveal epoch) with "now" read from
 * the chain itself: the time of its newest stored pulse (`genesis + (LastStoredRound − 1) × period`), so it
 * holds for a dev chain whose beacon runs on its own clock as for finney (where that lags real time by a
 * block or so, which only moves the round a little earlier inside the reveal epoch).
 */
export function planTimelockedCommit(
  input: WeightsInput & { hotkey: string },
  hp: Pick<Hyperparams, 'tempo' | 'revealPeriodEpochs' | 'commitRevealVersion'>,
  drand: DrandState,
  currentBlock: number,
  firstRevealBlock?: number,
): TimelockedCommitPlan {
  if (hp.commitRevealVersion === undefined)
    throw ChainErrors.UNSUPPORTED('timelocked commits without CommitRevealWeightsVersion', 'this chain');
  if (drand.period <= 0 || drand.lastStoredRound <= 0)
    throw ChainErrors.UNSUPPORTED(
      `timelocked commits while the chain has no drand pulses (LastStoredRound ${drand.lastStoredRound}, period ${drand.period})`,
      'this chain',
    );
  const schedule = revealRoundFor({
    currentBlock,
    netuid: input.netuid,
    tempo: hp.tempo,
    revealPeriodEpochs: hp.revealPeriodEpochs,
    blockTimeSeconds: drand.blockTimeSeconds,
    nowSeconds: drand.genesisTime + (drand.lastStoredRound - 1) * drand.period,
    drand,
    ...(firstRevealBlock === undefined ? {} : { firstRevealBlock }),
  });
  const commit = encryptWeightsPayload(
    { uids: input.uids, values: input.values, versionKey: input.versionKey, hotkey: input.hotkey },
    schedule.revealRound,
    drand.publicKey,
  );
  return {
    commit,
    commitHash: blake2AsHex(commit, 256),
    revealRound: schedule.revealRound,
    firstRevealBlock: schedule.firstRevealBlock,
    targetBlock: schedule.targetBlock,
    commitRevealVersion: hp.commitRevealVersion,
  };
}

/**
 * Whether a validator's weight row on chain is `uids`/`values` as a reveal of them stores it: the runtime
 * max-upscales the row to 65535 (what `convertWeightsForEmit` already sends), within its rounding.
 */
export function weightsRowMatches(
  row: WeightRow | undefined,
  uids: readonly number[],
  values: readonly number[],
): boolean {
  const max = Math.max(0, ...values);
  if (!row || max === 0) return false;
  const onChain = new Map(row.weights.map((w) => [w.uid, w.value]));
  if (onChain.size !== uids.length) return false;
  return uids.every(
    (u, i) => Math.abs((onChain.get(u) ?? -2) - Math.round(((values[i] as number) * 65535) / max)) <= 1,
  );
}

/** Pending timelocked commits of a hotkey on a subnet (`TimelockedWeightCommits(netuid, *)`), by epoch. */
export async function readTimelockedCommits(
  reader: StorageReader,
  view: RuntimeView,
  netuid: number,
  hotkey: string,
  mecid = 0,
): Promise<{ epoch: number; block: number; revealRound: number; commitHash: string }[]> {
  const head = await reader.send<string>('chain_getBlockHash', [], 'reading the head');
  const prefix = view.prefix(
    'subtensorModule',
    'timelockedWeightCommits',
    mechanismStorageIndex(netuid, mecid),
  );
  const keys = await reader.keys(prefix, head);
  if (keys.length === 0) return [];
  const { values } = await reader.queryRaw(keys, head);
  const out: { epoch: number; block: number; revealRound: number; commitHash: string }[] = [];
  keys.forEach((key, i) => {
    // Twox64Concat(u16) ++ Twox64Concat(u64): the epoch is the last 8 bytes, little-endian
    const epoch = Number(Buffer.from(key.slice(-16), 'hex').readBigUInt64LE());
    const decoded = view.decode('subtensorModule', 'timelockedWeightCommits', values[i]);
    for (const entry of list(decoded)) {
      const [who, block, commit, round] = list(entry);
      if (who?.toString() !== hotkey) continue;
      out.push({
        epoch,
        block: num(block),
        revealRound: Number(big(round)),
        commitHash: blake2AsHex(commit?.toU8a(true) ?? new Uint8Array(), 256),
      });
    }
  });
  return out;
}
