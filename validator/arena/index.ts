export {
  type Arena,
  type ArenaConfig,
  type ArenaOptions,
  type BattleTicket,
  createArena,
  promptHash,
  type Reveal,
  type RevealedSide,
  type Side,
} from './arena.js';
export { clientNetwork } from './client-key.js';
export { ArenaErrors } from './errors.js';
export { eloLadder, type KnownMiner } from './ladder.js';
export { pickPair, type RandomInt } from './pairing.js';
export { SlidingWindowLimiter } from './rate-limit.js';
export { type AnswerEvent, type AnswerLimits, streamAnswer } from './stream.js';
