export { LedgerAdmin } from './admin-actions.js';
export type { AnchorCheck } from './anchor-check.js';
export { LedgerArenaStore } from './arena-store.js';
export type { RoundObserver, ValidatorContext } from './context.js';
export { type DaemonOptions, ValidatorDaemon } from './daemon.js';
export { deriveRound, type RoundInputs, type RoundOutputs, scoreMiners } from './derive.js';
export { decideEligibility } from './eligibility.js';
export { blockedAddressReason, endpointRefusal } from './endpoint-guard.js';
export { ValidatorErrors } from './errors.js';
export * from './http/index.js';
export { isPoolPayer, PAYOUT_REMARK, parsePayoutRemark, payoutRemark } from './payouts.js';
export { ReadModel } from './read-model.js';
export * from './record-types.js';
export { type ReplayFailure, type ReplayOptions, type ReplayResult, replayLedger } from './replay.js';
export { canonicalSha256, fetchReveal } from './reveal.js';
export { type RoundRecords, readRound } from './round-records.js';
export {
  checkSandbox,
  type StartValidatorOptions,
  startValidator,
  type ValidatorService,
} from './service.js';
export type * from './view.js';
export { type WeightsPath, type WeightsPathContext, weightsPath } from './weights-tx.js';
