export { LocalnetErrors } from './errors.js';
export {
  buildField,
  type Field,
  type FieldMiner,
  type FieldValidator,
  PROFILES,
  type ProfileName,
} from './field.js';
export { commitSubmissions, type RunningFieldMiner, startFieldMiners, stopFieldMiners } from './miners.js';
export {
  CONSENSUS_MIN_COSINE,
  type DevnetConsensus,
  type DevnetRunOptions,
  DevnetStopped,
  type DevnetSummary,
  type DevnetValidatorSummary,
  runDevnet,
  validatorsText,
} from './run.js';
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
