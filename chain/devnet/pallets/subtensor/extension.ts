import type { GenericCall } from '@polkadot/types/generic';
import { callArgs } from '../../runtime/codec.js';
import type { AccountHex } from '../../runtime/dispatch.js';
import { customError } from '../../runtime/extrinsic.js';
import type { Overlay } from '../../runtime/state.js';
import { Drand } from '../drand.js';
import { passesNetworkRateLimit } from './network.js';
import { type ServeAxonArgs, serveAxonError } from './serving.js';
import { S } from './storage.js';
import { hasWeightsMinStake } from './subnets.js';
import { commitHash, findCommit, isRevealBlockRange } from './weights.js';

/** CustomTransactionError codes (subtensor common/src/transaction_error.rs). */
export const CUSTOM_ERRORS = {
  StakeAmountTooLow: 1,
  RateLimitExceeded: 6,
  HotKeyNotRegisteredInNetwork: 10,
  InvalidIpAddress: 11,
  ServingRateLimitExceeded: 12,
  InvalidPort: 13,
  InvalidRevealRound: 15,
  CommitNotFound: 16,
  CommitBlockNotInRevealRange: 17,
  BadRequest: 255,
} as const;

/**
 * SubtensorTransactionExtension::validate (spec 393): pool-level checks on the top-level call that turn
 * into `1010 Invalid Transaction: Custom error: N` before anything is dispatched.
 */
export function validateSubtensorTransaction(
  state: Overlay,
  blockNumber: number,
  who: AccountHex,
  call: GenericCall,
) {
  if (call.section !== 'subtensorModule') return;
  const args = callArgs(call);
  const netuid = args.netuid as number;
  const block = BigInt(blockNumber);
  const minStake = () => {
    if (!hasWeightsMinStake(state, who, netuid)) throw customError(CUSTOM_ERRORS.StakeAmountTooLow);
  };
  switch (call.method) {
    case 'setWeights':
    case 'setMechanismWeights':
    case 'commitWeights':
      minStake();
      return;
    case 'revealWeights': {
      minStake();
      const hash = commitHash(
        who,
        netuid,
        args.uids as number[],
        args.values as number[],
        args.salt as number[],
        args.versionKey as bigint,
      );
      const commit = findCommit(state, hash);
      if (commit === undefined) throw customError(CUSTOM_ERRORS.CommitNotFound);
      // too early and too late alike (the runtime's is_reveal_block_range)
      if (!isRevealBlockRange(state, netuid, commit, block))
        throw customError(CUSTOM_ERRORS.CommitBlockNotInRevealRange);
      return;
    }
    case 'commitTimelockedWeights':
    case 'commitTimelockedMechanismWeights':
      minStake();
      if ((args.revealRound as bigint) < Drand.LastStoredRound.get(state))
        throw customError(CUSTOM_ERRORS.InvalidRevealRound);
      return;
    case 'burnedRegister':
      if (
        S.RegistrationsThisInterval.get(state, netuid) >=
        S.TargetRegistrationsPerInterval.get(state, netuid) * 3
      )
        throw customError(CUSTOM_ERRORS.RateLimitExceeded);
      return;
    case 'serveAxon': {
      const failure = serveAxonError(state, who, args as unknown as ServeAxonArgs, block);
      if (failure)
        throw customError(CUSTOM_ERRORS[failure as keyof typeof CUSTOM_ERRORS] ?? CUSTOM_ERRORS.BadRequest);
      return;
    }
    case 'registerNetwork':
      if (!passesNetworkRateLimit(state, block)) throw customError(CUSTOM_ERRORS.RateLimitExceeded);
      return;
    default:
      return;
  }
}
