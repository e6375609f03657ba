import { RodeoError } from '../config/index.js';
import { big, field, list, num } from './codec.js';
import { readWeightCommits, revealOpensAt, revealStanding } from './epochs.js';
import { ChainErrors } from './errors.js';
import type { StorageReader } from './storage.js';
import type { ChainFeatures } from './types.js';

export interface AdviceContext {
  netuid: number;
  hotkey: string;
}

const sub = (item: string, ...args: unknown[]) => ({ pallet: 'subtensorModule', item, args });

/**
 * Rewrites the hint of a chain error with figures read from the chain at the time of failure (blocks to wait,
 * the version key or stake the subnet wants). Errors it knows nothing about, and failed reads, pass unchanged.
 */
export async function advise(
  err: unknown,
  reader: StorageReader,
  features: ChainFeatures,
  ctx: AdviceContext,
): Promise<unknown> {
  if (!(err instanceof RodeoError)) return err;
  try {
    const hint = await adviceFor(err, reader, features, ctx);
    if (hint === undefined) return err;
    return new RodeoError(err.code, err.message, {
      hint,
      details: { ...err.details, advice: hint },
      ...(err.cause === undefined ? {} : { cause: err.cause }),
    });
  } catch {
    return err;
  }
}

async function adviceFor(
  err: RodeoError,
  reader: StorageReader,
  features: ChainFeatures,
  { netuid, hotkey }: AdviceContext,
): Promise<string | undefined> {
  const read = async (...reqs: ReturnType<typeof sub>[]) =>
    (await reader.query([{ pallet: 'system', item: 'number' }, ...reqs])).values;

  if (ChainErrors.SETTING_WEIGHTS_TOO_FAST.is(err)) {
    const [head, limit, lastUpdate, uid] = await read(
      sub('weightsSetRateLimit', netuid),
      sub('lastUpdate', netuid),
      sub('uids', netuid, hotkey),
    );
    if (uid === undefined) return undefined;
    const last = num(list(lastUpdate)[num(uid)]);
    const allowedAt = last + num(limit);
    const wait = Math.max(1, allowedAt - (num(head) + 1));
    return `wait ${wait} block(s): last update at block ${last}, WeightsSetRateLimit ${num(limit)}, allowed from block ${allowedAt}`;
  }
  if (ChainErrors.COMMITTING_WEIGHTS_TOO_FAST.is(err)) {
    const [, limit] = await read(sub('weightsSetRateLimit', netuid));
    return `wait WeightsSetRateLimit (${num(limit)} blocks) between commits of this hotkey`;
  }
  if (ChainErrors.INCORRECT_WEIGHT_VERSION_KEY.is(err)) {
    const [, key] = await read(sub('weightsVersionKey', netuid));
    return `set version_key >= ${big(key)} (the subnet WeightsVersionKey); upgrade the node if its version is older`;
  }
  if (ChainErrors.NOT_ENOUGH_STAKE_TO_SET_WEIGHTS.is(err)) {
    const [, threshold, stake] = await read(
      sub(features.stakeThresholdItem),
      sub('totalHotkeyAlpha', hotkey, netuid),
    );
    return `the hotkey has ${big(stake)} rao of stake on netuid ${netuid}; setting weights needs ${big(threshold)}`;
  }
  if (ChainErrors.SERVING_RATE_LIMIT_EXCEEDED.is(err)) {
    const [head, limit, axon] = await read(sub('servingRateLimit', netuid), sub('axons', netuid, hotkey));
    const last = num(field(axon, 'block'));
    const wait = Math.max(1, last + num(limit) - (num(head) + 1));
    return `wait ${wait} block(s): axon served at block ${last}, ServingRateLimit ${num(limit)}`;
  }
  if (ChainErrors.WEIGHT_VEC_LENGTH_IS_LOW.is(err)) {
    const [, min] = await read(sub('minAllowedWeights', netuid));
    return `weight at least ${num(min)} uids (MinAllowedWeights); prepareWeights pads the vector`;
  }
  if (ChainErrors.MAX_WEIGHT_EXCEEDED.is(err)) {
    const [, max] = await read(sub('maxWeightsLimit', netuid));
    return `no uid may get more than ${num(max)}/65535 of the row (MaxWeightsLimit); prepareWeights caps it`;
  }
  if (ChainErrors.REVEAL_TOO_EARLY.is(err)) {
    // custom error 17 is "outside the reveal window": too early, or too late (expired)
    const { schedule, commits } = await readWeightCommits(reader, features, netuid, hotkey);
    const expired = commits.filter((c) => revealStanding(schedule, c) === 'expired');
    const early = commits.filter((c) => revealStanding(schedule, c) === 'early');
    if (expired.length > 0 && early.length === 0)
      return `the commit expired: it could only be revealed in epoch ${expired[0]?.revealEpoch} and the subnet is in epoch ${schedule.epochForNextBlock}; commit the weights again`;
    const first = early[0];
    if (first)
      return `retry at block ${revealOpensAt(schedule, first)}: the reveal window is epoch ${first.revealEpoch} (now ${schedule.epochForNextBlock}, ${schedule.kind} epochs of ${schedule.tempo} blocks)`;
    return `reveal only in epoch commit + ${schedule.revealPeriodEpochs} (now epoch ${schedule.epochForNextBlock})`;
  }
  return undefined;
}
