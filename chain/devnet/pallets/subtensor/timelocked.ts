import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { decodeWeightsPayload, decryptWithSignature } from '../../../timelock/index.js';
import { type AccountHex, type CallContext, DispatchError, ensureSigned } from '../../runtime/dispatch.js';
import { storage } from '../../runtime/storage-entry.js';
import { Drand } from '../drand.js';
import type { Env } from '../system.js';
import { S } from './storage.js';
import {
  currentEpochWithLookahead,
  epochIndex,
  subtensorError as error,
  type Readable,
  setLastUpdate,
  statefulEpochs,
  subnetExists,
  uidOf,
} from './subnets.js';
import { checkRateLimit, doSetWeights } from './weights.js';

/** (hotkey, commit block, commit bytes, drand reveal round), as `TimelockedWeightCommits` keeps them. */
export type TimelockedCommit = [who: AccountHex, block: bigint, commit: Uint8Array, revealRound: bigint];

/** `TimelockedWeightCommits`: (netuid storage index, epoch of the commit) -> the commits of that epoch. */
export const TimelockedWeightCommits = storage<[netuidIndex: number, epoch: bigint], TimelockedCommit[]>(
  'SubtensorModule',
  'TimelockedWeightCommits',
);

const MAX_UNREVEALED_COMMITS = 10;
/** `GLOBAL_MAX_SUBNET_COUNT`: the storage index of mechanism m of a subnet is `netuid + m × 4096`. */
export const MECHANISM_INDEX_STRIDE = 4096;

const stored = (commits: TimelockedCommit[]) =>
  commits.map(([who, block, commit, round]) => [who, block, u8aToHex(commit), round]) as never;

/**
 * The epoch a commit or reveal at `block` belongs to: the legacy `(block + netuid + 1) / (tempo + 1)` of
 * spec 393, or `current_epoch_with_lookahead` under the stateful scheduler (subnets/weights.rs).
 */
function currentEpoch(state: Readable, netuid: number, block: bigint): bigint {
  return statefulEpochs(state)
    ? currentEpochWithLookahead(state, netuid, block)
    : epochIndex(state, netuid, block);
}

/**
 * `commit_timelocked_weights` (subnets/weights.rs `internal_commit_timelocked_weights`, main mechanism):
 * mechanism, signed origin, CommitRevealDisabled, IncorrectCommitRevealVersion, HotKeyNotRegisteredInSubNet,
 * CommittingWeightsTooFast, TooManyUnrevealedCommits (10 per hotkey in the epoch); then the commit joins
 * `TimelockedWeightCommits[netuid][epoch]`, `TimelockedWeightsCommitted(who, netuid, blake2(commit), round)`
 * is emitted and LastUpdate moves.
 */
export function doCommitTimelockedWeights(
  ctx: CallContext,
  netuid: number,
  commit: Uint8Array,
  revealRound: bigint,
  commitRevealVersion: number,
  mecid = 0,
): void {
  const { state } = ctx;
  if (!subnetExists(state, netuid) || S.MechanismCountCurrent.get(state, netuid) <= mecid)
    throw error('MechanismDoesNotExist');
  const netuidIndex = netuid + mecid * MECHANISM_INDEX_STRIDE;
  const who = ensureSigned(ctx.origin);
  if (!S.CommitRevealWeightsEnabled.get(state, netuid)) throw error('CommitRevealDisabled');
  if (commitRevealVersion !== S.CommitRevealWeightsVersion.get(state))
    throw error('IncorrectCommitRevealVersion');
  const uid = uidOf(state, netuid, who);
  if (uid === null) throw error('HotKeyNotRegisteredInSubNet');
  const block = BigInt(ctx.blockNumber);
  if (!checkRateLimit(state, netuid, uid, block, netuidIndex)) throw error('CommittingWeightsTooFast');
  const epoch = currentEpoch(state, netuid, block);
  const commits = TimelockedWeightCommits.get(state, netuidIndex, epoch);
  if (commits.filter(([account]) => account === who).length >= MAX_UNREVEALED_COMMITS)
    throw error('TooManyUnrevealedCommits');
  commits.push([who, block, commit, revealRound]);
  TimelockedWeightCommits.set(state, [netuidIndex, epoch], stored(commits));
  ctx.deposit(
    'SubtensorModule',
    'TimelockedWeightsCommitted',
    who,
    netuidIndex,
    blake2AsHex(commit, 256),
    revealRound,
  );
  setLastUpdate(state, netuidIndex, uid, block);
}

/**
 * `reveal_crv3_commits_for_subnet` (coinbase/reveal_commits.rs), run every block before the epochs: drops
 * commits older than the reveal epoch, and for the commits of epoch `current − RevealPeriodEpochs` whose drand
 * round is on chain, decrypts them with that pulse's signature, checks the payload's hotkey against the
 * committer (legacy payloads have none), sets the weights as `set_weights` would (WeightsSet) and emits
 * `TimelockedWeightsRevealed`. A commit whose round is not in yet waits for the next block of the epoch;
 * one that does not decrypt, decode or pass set_weights' checks is dropped.
 */
export function revealTimelockedCommits(env: Env, netuid: number, blockNumber: number): void {
  const { state } = env;
  const block = BigInt(blockNumber);
  const revealPeriod = S.RevealPeriodEpochs.get(state, netuid);
  const epoch = currentEpoch(state, netuid, block);
  const revealEpoch = epoch > revealPeriod ? epoch - revealPeriod : 0n;
  for (let mecid = 0; mecid < S.MechanismCountCurrent.get(state, netuid); mecid++) {
    const netuidIndex = netuid + mecid * MECHANISM_INDEX_STRIDE;
    for (const [[, e]] of TimelockedWeightCommits.entries(state, netuidIndex))
      if (e < revealEpoch) TimelockedWeightCommits.remove(state, netuidIndex, e);
    if (epoch < revealPeriod) return;
    const entries = TimelockedWeightCommits.get(state, netuidIndex, revealEpoch);
    TimelockedWeightCommits.remove(state, netuidIndex, revealEpoch);
    const unrevealed: TimelockedCommit[] = [];
    for (const entry of entries) {
      const [who, , commit, round] = entry;
      const pulse = Drand.Pulses.get(state, round);
      if (!pulse) {
        unrevealed.push(entry);
        continue;
      }
      let weights: { uids: number[]; values: number[]; versionKey: bigint };
      try {
        weights = decodeWeightsPayload(decryptWithSignature(commit, pulse.signature), who);
      } catch {
        continue; // undecryptable, undecodable or another hotkey's payload: dropped, as the runtime does
      }
      const ctx: CallContext = {
        state,
        origin: { kind: 'signed', who },
        blockNumber,
        deposit: env.deposit,
        dispatch: () => {
          throw new Error('no nested dispatch in a reveal');
        },
      };
      try {
        state.transactional(() =>
          doSetWeights(ctx, netuid, weights.uids, weights.values, weights.versionKey, mecid),
        );
      } catch (err) {
        if (err instanceof DispatchError) continue;
        throw err;
      }
      env.deposit('SubtensorModule', 'TimelockedWeightsRevealed', netuidIndex, who);
    }
    if (unrevealed.length > 0)
      TimelockedWeightCommits.set(state, [netuidIndex, revealEpoch], stored(unrevealed));
  }
}
