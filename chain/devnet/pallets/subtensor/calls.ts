import { MAX_TIMELOCKED_COMMIT_BYTES } from '../../../timelock/index.js';
import { ensureSigned, type PalletCalls, weight } from '../../runtime/dispatch.js';
import { doTriggerEpoch } from './epoch-schedule.js';
import { doRegisterNetwork, doStartCall } from './network.js';
import { doBurnedRegistration } from './registration.js';
import { doServeAxon, type ServeAxonArgs } from './serving.js';
import { doAddStake } from './staking.js';
import { S } from './storage.js';
import { subtensorError } from './subnets.js';
import { doCommitTimelockedWeights } from './timelocked.js';
import { doCommitWeights, doRevealWeights, doSetWeights } from './weights.js';

/** SubtensorModule calls with the weights and Pays of their spec-393 annotations. */
/** commit_timelocked_weights and commit_timelocked_mechanism_weights: one rule, the mechanism as an argument. */
const commitTimelocked: PalletCalls[string] = {
  weight: weight(86_951_000, 14, 2),
  pays: 'No',
  bounds: (a) =>
    (a.commit as Uint8Array).length > MAX_TIMELOCKED_COMMIT_BYTES
      ? `commit of ${(a.commit as Uint8Array).length} bytes exceeds BoundedVec<u8, ${MAX_TIMELOCKED_COMMIT_BYTES}>`
      : undefined,
  dispatch: (ctx, a) => {
    doCommitTimelockedWeights(
      ctx,
      a.netuid as number,
      a.commit as Uint8Array,
      a.revealRound as bigint,
      a.commitRevealVersion as number,
      a.mecid as number | undefined,
    );
  },
};

export const subtensorCalls: PalletCalls = {
  set_weights: {
    weight: weight(15_540_000_000, 4111, 2),
    pays: 'No',
    dispatch: (ctx, a) => {
      if (S.CommitRevealWeightsEnabled.get(ctx.state, a.netuid as number))
        throw subtensorError('CommitRevealEnabled');
      doSetWeights(
        ctx,
        a.netuid as number,
        a.dests as number[],
        a.weights as number[],
        a.versionKey as bigint,
      );
    },
  },
  add_stake: {
    weight: weight(340_800_000, 27, 15),
    dispatch: (ctx, a) => {
      doAddStake(ctx, a.hotkey as string, a.netuid as number, a.amountStaked as bigint);
    },
  },
  serve_axon: {
    weight: weight(33_010_000, 4, 1),
    pays: 'No',
    dispatch: (ctx, a) => {
      doServeAxon(ctx, a as unknown as ServeAxonArgs);
    },
  },
  burned_register: {
    weight: weight(354_200_000, 47, 39),
    dispatch: (ctx, a) => {
      doBurnedRegistration(ctx, a.netuid as number, a.hotkey as string);
    },
  },
  register_network: {
    weight: weight(235_400_000, 36, 52),
    dispatch: (ctx, a) => {
      doRegisterNetwork(ctx, a.hotkey as string);
    },
  },
  start_call: {
    weight: weight(29_780_000, 5, 2),
    dispatch: (ctx, a) => {
      doStartCall(ctx, a.netuid as number);
    },
  },
  set_mechanism_weights: {
    weight: weight(15_540_000_000, 4111, 2),
    pays: 'No',
    dispatch: (ctx, a) => {
      if (S.CommitRevealWeightsEnabled.get(ctx.state, a.netuid as number))
        throw subtensorError('CommitRevealEnabled');
      doSetWeights(
        ctx,
        a.netuid as number,
        a.dests as number[],
        a.weights as number[],
        a.versionKey as bigint,
        a.mecid as number,
      );
    },
  },
  // the main mechanism's call has no mecid: undefined is mechanism 0
  commit_timelocked_mechanism_weights: commitTimelocked,
  commit_timelocked_weights: commitTimelocked,
  commit_weights: {
    weight: weight(67_770_000, 10, 2),
    pays: 'No',
    dispatch: (ctx, a) => {
      doCommitWeights(ctx, a.netuid as number, a.commitHash as string);
    },
  },
  reveal_weights: {
    weight: weight(122_000_000, 17, 2),
    pays: 'No',
    dispatch: (ctx, a) => {
      ensureSigned(ctx.origin);
      doRevealWeights(
        ctx,
        a.netuid as number,
        a.uids as number[],
        a.values as number[],
        a.salt as number[],
        a.versionKey as bigint,
      );
    },
  },
  trigger_epoch: {
    weight: weight(20_000_000, 4, 1),
    dispatch: (ctx, a) => {
      doTriggerEpoch(ctx, a.netuid as number);
    },
  },
};
