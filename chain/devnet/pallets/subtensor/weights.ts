import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { runtimeMetadata } from '../../metadata/build.js';
import { type AccountHex, type CallContext, ensureSigned } from '../../runtime/dispatch.js';
import type { Overlay } from '../../runtime/state.js';
import { isMaxLimited, maxUpscaleU16 } from './fixed.js';
import { S, type WeightCommit } from './storage.js';
import {
  currentEpochWithLookahead,
  epochIndex,
  subtensorError as error,
  hasWeightsMinStake,
  lastUpdate,
  type Readable,
  ROOT_NETUID,
  setLastUpdate,
  statefulEpochs,
  subnetExists,
  uidExists,
  uidOf,
} from './subnets.js';

const MAX_UNREVEALED_COMMITS = 10;

/** `ensure_mechanism_exists`: the subnet exists and `mecid < MechanismCountCurrent`. */
function ensureMechanismExists(state: Readable, netuid: number, mecid = 0): void {
  if (!subnetExists(state, netuid) || S.MechanismCountCurrent.get(state, netuid) <= mecid)
    throw error('MechanismDoesNotExist');
}

/** `get_mechanism_storage_index`: where mechanism `mecid`'s Weights, LastUpdate and Incentive live. */
export const mechanismIndex = (netuid: number, mecid: number) => netuid + mecid * 4096;

/** `check_rate_limit` on the LastUpdate of `index` (the mechanism's storage index; the netuid for mecid 0). */
export function checkRateLimit(
  state: Readable,
  netuid: number,
  uid: number,
  block: bigint,
  index = netuid,
): boolean {
  if (!uidExists(state, netuid, uid)) return false;
  const last = lastUpdate(state, index)[uid] ?? 0n;
  return last === 0n || block - last >= S.WeightsSetRateLimit.get(state, netuid);
}

const isSelfWeight = (uid: number, uids: number[], values: number[]) =>
  values.length === 1 && uids[0] === uid;

/**
 * `internal_set_weights`: the checks in dispatch order, then store the max-upscaled row, for mechanism `mecid`
 * (Weights, LastUpdate and the WeightsSet event at its storage index `netuid + mecid × 4096`).
 */
export function doSetWeights(
  ctx: CallContext,
  netuid: number,
  uids: number[],
  values: number[],
  versionKey: bigint,
  mecid = 0,
) {
  const { state } = ctx;
  const hotkey = ensureSigned(ctx.origin);
  if (netuid === ROOT_NETUID) throw error('CanNotSetRootNetworkWeights');
  if (uids.length !== values.length) throw error('WeightVecNotEqualSize');
  ensureMechanismExists(state, netuid, mecid);
  const index = mechanismIndex(netuid, mecid);
  const n = S.SubnetworkN.get(state, netuid);
  if (uids.length > n) throw error('UidsLengthExceedUidsInSubNet');
  const uid = uidOf(state, netuid, hotkey);
  if (uid === null) throw error('HotKeyNotRegisteredInSubNet');
  if (!hasWeightsMinStake(state, hotkey, netuid)) throw error('NotEnoughStakeToSetWeights');
  const networkKey = S.WeightsVersionKey.get(state, netuid);
  if (!(networkKey === 0n || versionKey >= networkKey)) throw error('IncorrectWeightVersionKey');
  const block = BigInt(ctx.blockNumber);
  const commitReveal = S.CommitRevealWeightsEnabled.get(state, netuid);
  if (!commitReveal && !checkRateLimit(state, netuid, uid, block, index))
    throw error('SettingWeightsTooFast');
  if (!isSelfWeight(uid, uids, values) && !S.ValidatorPermit.get(state, netuid)[uid])
    throw error('NeuronNoValidatorPermit');
  if (new Set(uids).size !== uids.length) throw error('DuplicateUids');
  if (uids.some((u) => !uidExists(state, netuid, u))) throw error('UidVecContainInvalidOne');
  const minAllowed = Math.min(S.MinAllowedWeights.get(state, netuid), n);
  if (!isSelfWeight(uid, uids, values) && values.length < minAllowed) throw error('WeightVecLengthIsLow');
  const upscaled = maxUpscaleU16(values);
  const maxLimit = S.MaxWeightsLimit.get(state, netuid);
  if (!isSelfWeight(uid, uids, upscaled) && maxLimit !== 65535 && !isMaxLimited(upscaled, maxLimit))
    throw error('MaxWeightExceeded');
  S.Weights.set(
    state,
    [index, uid],
    uids.map((u, i) => [u, upscaled[i] as number]),
  );
  if (!commitReveal) setLastUpdate(state, index, uid, block);
  ctx.deposit('SubtensorModule', 'WeightsSet', index, uid);
}

/** blake2-256 of SCALE (who, netuid_index, uids, values, salt, version_key). */
export function commitHash(
  who: AccountHex,
  netuid: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
): string {
  const { registry } = runtimeMetadata();
  const encoded = registry
    .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
      who,
      netuid,
      uids,
      values,
      salt,
      versionKey,
    ])
    .toU8a();
  return u8aToHex(blake2AsU8a(encoded, 256));
}

/**
 * Where `block` stands against a commit's reveal epoch: spec 393 counts epochs on the legacy block grid from
 * the commit block; spec 424+ compares `current_epoch_with_lookahead` with the commit's stored epoch
 * (`is_reveal_block_range` / `is_commit_expired` in subnets/weights.rs).
 */
export function revealStanding(
  state: Readable,
  netuid: number,
  commit: WeightCommit,
  block: bigint,
): 'early' | 'open' | 'expired' {
  const period = S.RevealPeriodEpochs.get(state, netuid);
  const [now, revealEpoch] = statefulEpochs(state)
    ? [currentEpochWithLookahead(state, netuid, block), commit[1] + period]
    : [epochIndex(state, netuid, block), epochIndex(state, netuid, commit[1]) + period];
  return now < revealEpoch ? 'early' : now === revealEpoch ? 'open' : 'expired';
}

export const isRevealBlockRange = (state: Readable, netuid: number, commit: WeightCommit, block: bigint) =>
  revealStanding(state, netuid, commit, block) === 'open';

const isCommitExpired = (state: Readable, netuid: number, commit: WeightCommit, block: bigint) =>
  revealStanding(state, netuid, commit, block) === 'expired';

function revealBlocks(state: Readable, netuid: number, commitBlock: bigint): [bigint, bigint] {
  const tempo = BigInt(S.Tempo.get(state, netuid));
  const revealEpoch = epochIndex(state, netuid, commitBlock) + S.RevealPeriodEpochs.get(state, netuid);
  let first = revealEpoch * (tempo + 1n) - (BigInt(netuid) + 1n);
  if (first < 0n) first = 0n;
  return [first, first + tempo];
}

/** The tuple a new commit is stored with: spec 393 keeps blocks, spec 424+ the commit's epoch. */
function newCommit(state: Readable, netuid: number, hash: string, block: bigint): WeightCommit {
  if (statefulEpochs(state)) return [hash, currentEpochWithLookahead(state, netuid, block), block, 0n];
  return [hash, block, ...revealBlocks(state, netuid, block)];
}

/** Drops expired commits from the front of the queue; returns their hashes. */
function dropExpired(state: Readable, netuid: number, commits: WeightCommit[], block: bigint): string[] {
  const expired: string[] = [];
  while (commits.length > 0 && isCommitExpired(state, netuid, commits[0] as WeightCommit, block))
    expired.push((commits.shift() as WeightCommit)[0]);
  return expired;
}

export function doCommitWeights(ctx: CallContext, netuid: number, hash: string): void {
  const { state } = ctx;
  ensureMechanismExists(state, netuid);
  const who = ensureSigned(ctx.origin);
  if (!S.CommitRevealWeightsEnabled.get(state, netuid)) throw error('CommitRevealDisabled');
  const uid = uidOf(state, netuid, who);
  if (uid === null) throw error('HotKeyNotRegisteredInSubNet');
  const block = BigInt(ctx.blockNumber);
  if (!checkRateLimit(state, netuid, uid, block)) throw error('CommittingWeightsTooFast');
  const commits = S.WeightCommits.get(state, netuid, who) ?? [];
  dropExpired(state, netuid, commits, block);
  if (commits.length >= MAX_UNREVEALED_COMMITS) throw error('TooManyUnrevealedCommits');
  commits.push(newCommit(state, netuid, hash, block));
  S.WeightCommits.set(state, [netuid, who], commits);
  ctx.deposit('SubtensorModule', 'WeightsCommitted', who, netuid, hash);
  setLastUpdate(state, netuid, uid, block);
}

export function doRevealWeights(
  ctx: CallContext,
  netuid: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
): void {
  const { state } = ctx;
  const who = ensureSigned(ctx.origin);
  if (!S.CommitRevealWeightsEnabled.get(state, netuid)) throw error('CommitRevealDisabled');
  const commits = S.WeightCommits.get(state, netuid, who);
  if (!commits) throw error('NoWeightsCommitFound');
  const block = BigInt(ctx.blockNumber);
  const expired = dropExpired(state, netuid, commits, block);
  const hash = commitHash(who, netuid, uids, values, salt, versionKey);
  if (commits.length === 0)
    throw error(expired.includes(hash) ? 'ExpiredWeightCommit' : 'NoWeightsCommitFound');
  const position = commits.findIndex(([h]) => h === hash);
  if (position < 0)
    throw error(expired.includes(hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  if (!isRevealBlockRange(state, netuid, commits[position] as WeightCommit, block))
    throw error('RevealTooEarly');
  const remaining = commits.slice(position + 1);
  if (remaining.length === 0) S.WeightCommits.remove(state, netuid, who);
  else S.WeightCommits.set(state, [netuid, who], remaining);
  doSetWeights(ctx, netuid, uids, values, versionKey);
  ctx.deposit('SubtensorModule', 'WeightsRevealed', who, netuid, hash);
}

/** `find_commit_block_via_hash` (393) / the commit's epoch (424+): any hotkey's pending commit with this hash. */
export function findCommit(state: Overlay, hash: string): WeightCommit | undefined {
  for (const [, commits] of S.WeightCommits.entries(state)) {
    const found = commits?.find(([h]) => h === hash);
    if (found) return found;
  }
  return undefined;
}
