export { calls } from './calls.js';
export { type ChainClient, type ChainClientOptions, connectChain } from './client.js';
export { newSalt, weightCommitHash } from './commit-hash.js';
export { decodeField, encodeField } from './commitments.js';
export { backoffDelay, resolveEndpoint } from './connection.js';
export {
  type EpochSchedule,
  revealOpensAt,
  revealStanding,
  type StoredWeightCommit,
} from './epochs.js';
export { ChainErrors, isRetryable } from './errors.js';
export { detectFeatures } from './features.js';
export { decodeIp, encodeIp } from './ip.js';
export { createLocalSubnet } from './localnet.js';
export { RuntimeView } from './runtime.js';
export * as timelock from './timelock/index.js';
export { type DrandState, type TimelockedCommitPlan, weightsRowMatches } from './timelocked.js';
export type * from './types.js';
export { coldkeyAddress, type KeyRole, loadSigner, walletFile } from './wallet.js';
export {
  convertWeightsForEmit,
  type EmitWeights,
  normalizeMaxWeight,
  prepareWeights,
  processWeights,
  versionAsInt,
  type WeightLimits,
} from './weights.js';
