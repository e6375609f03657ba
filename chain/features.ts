import type { RuntimeView } from './runtime.js';
import type { ChainFeatures } from './types.js';

/** Reads what the runtime offers from its metadata (calls, storage items, their shapes), never from its version. */
export function detectFeatures(view: RuntimeView): ChainFeatures {
  const alphaType = view.hasStorage('subtensorModule', 'alpha')
    ? view.valueType('subtensorModule', 'alpha')
    : '';
  const maxFields = view.constant('commitments', 'maxFields');
  const rateLimit = view.constant('commitments', 'rateLimit');
  const stakeThreshold = view.hasStorage('subtensorModule', 'stakeThreshold');
  return {
    specName: view.specName,
    specVersion: view.specVersion,
    registerNetworkTakesMechid: view.callArity('subtensorModule', 'registerNetwork') === 2,
    timelockedCommits: view.hasCall('subtensorModule', 'commitTimelockedWeights'),
    hashCommits: view.hasCall('subtensorModule', 'commitWeights'),
    stakeThresholdItem: stakeThreshold ? 'stakeThreshold' : 'weightsMinStake',
    stakeThresholdCall: view.hasCall('adminUtils', 'sudoSetStakeThreshold')
      ? 'sudoSetStakeThreshold'
      : 'sudoSetWeightsMinStake',
    alphaIsShares: !/^u(64|128)$/.test(alphaType) && alphaType !== '',
    commitRevealVersion: view.hasStorage('subtensorModule', 'commitRevealWeightsVersion'),
    commitmentMaxFields: maxFields ? Number(maxFields.toString()) : 0,
    commitmentRateLimit: rateLimit ? Number(rateLimit.toString()) : undefined,
    legacyCustomErrors: view.registry.signedExtensions.includes('SubtensorSignedExtension'),
    remarkWithEvent: view.hasCall('system', 'remarkWithEvent'),
    statefulEpochs:
      view.hasStorage('subtensorModule', 'lastEpochBlock') &&
      view.hasStorage('subtensorModule', 'subnetEpochIndex'),
  };
}
