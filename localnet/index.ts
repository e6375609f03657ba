export { LocalnetErrors } from './errors.js';
export {
  buildField,
  type Field,
  type FieldMiner,
  type FieldValidator,
  PROFILES,
  type ProfileName,
} from './field.js';
export { MAINNET, MIN_MAINNET_DEVNET_TEMPO } from './mainnet-defaults.js';
export { CONSENSUS_MIN_COSINE } from './measure-consensus.js';
export { commitSubmissions, type RunningFieldMiner, startFieldMiners, stopFieldMiners } from './miners.js';
export { runDevnet } from './run.js';
export {
  type AnswerSource,
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './scripted-upstream.js';
export {
  type BurstyOptions,
  burstyScript,
  type Script,
  type ScriptEvent,
  seededRandom,
  toolCallScript,
} from './scripts.js';
export * from './simulator/index.js';
export { createDevnetSubnet, type SubnetSettings } from './subnet.js';
export { validatorsText } from './summary-text.js';
export { DevnetStopped } from './supervisor.js';
export type { DevnetConsensus, DevnetRunOptions, DevnetSummary, DevnetValidatorSummary } from './types.js';
