export { type BeaconKey, deriveBeaconKey, pulseRandomness, signRound } from './beacon.js';
export {
  AES_GCM_SUITE,
  MAX_TIMELOCKED_COMMIT_BYTES,
  QUICKNET,
  QUICKNET_DST,
  SECURITY_BLOCK_OFFSET,
} from './constants.js';
export { TimelockErrors } from './errors.js';
export { parseTle, type TleCiphertext } from './format.js';
export { decodeWeightsPayload, encodeWeightsPayload } from './payload.js';
export { drandRoundAt, revealRoundFor } from './reveal-round.js';
export {
  decryptWithSignature,
  type EncryptOptions,
  encryptWeightsPayload,
  timelockEncrypt,
} from './tlock.js';
export type * from './types.js';
export { verifyPulse } from './verify.js';
