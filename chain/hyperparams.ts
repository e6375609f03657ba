import { big, bool, num } from './codec.js';
import { ChainErrors } from './errors.js';
import type { StorageReader } from './storage.js';
import type { ChainFeatures, Hyperparams } from './types.js';

/** The netuid-keyed SubtensorModule items read as hyperparameters. */
export const HYPERPARAM_ITEMS = [
  'networksAdded',
  'tempo',
  'weightsSetRateLimit',
  'maxWeightsLimit',
  'minAllowedWeights',
  'weightsVersionKey',
  'commitRevealWeightsEnabled',
  'revealPeriodEpochs',
  'servingRateLimit',
  'immunityPeriod',
  'activityCutoff',
  'maxAllowedValidators',
  'maxAllowedUids',
  'maxRegistrationsPerBlock',
  'networkRegistrationAllowed',
  'burn',
  'subnetOwner',
] as const;

/** Subnet hyperparameters (netuid-keyed maps) plus the global minimum stake, in one round trip. */
export async function readHyperparams(
  reader: StorageReader,
  features: ChainFeatures,
  netuid: number,
): Promise<Hyperparams> {
  const { values } = await reader.query([
    ...HYPERPARAM_ITEMS.map((item) => ({ pallet: 'subtensorModule', item, args: [netuid] })),
    { pallet: 'subtensorModule', item: features.stakeThresholdItem },
    ...(features.commitRevealVersion
      ? [{ pallet: 'subtensorModule', item: 'commitRevealWeightsVersion' }]
      : []),
  ]);
  const v = (item: (typeof HYPERPARAM_ITEMS)[number]) => values[HYPERPARAM_ITEMS.indexOf(item)];
  if (!bool(v('networksAdded'))) throw ChainErrors.SUBNET_NOT_EXISTS(`hyperparameters of netuid ${netuid}`);
  return {
    netuid,
    tempo: num(v('tempo')),
    weightsSetRateLimit: num(v('weightsSetRateLimit')),
    maxWeightsLimit: num(v('maxWeightsLimit')),
    minAllowedWeights: num(v('minAllowedWeights')),
    weightsVersionKey: big(v('weightsVersionKey')),
    commitRevealWeightsEnabled: bool(v('commitRevealWeightsEnabled')),
    revealPeriodEpochs: num(v('revealPeriodEpochs')),
    servingRateLimit: num(v('servingRateLimit')),
    immunityPeriod: num(v('immunityPeriod')),
    activityCutoff: num(v('activityCutoff')),
    maxAllowedValidators: num(v('maxAllowedValidators')),
    maxAllowedUids: num(v('maxAllowedUids')),
    maxRegistrationsPerBlock: num(v('maxRegistrationsPerBlock')),
    registrationAllowed: bool(v('networkRegistrationAllowed')),
    burn: big(v('burn')),
    stakeThreshold: big(values[HYPERPARAM_ITEMS.length]),
    commitRevealVersion: features.commitRevealVersion ? num(values[HYPERPARAM_ITEMS.length + 1]) : undefined,
    subnetOwner: v('subnetOwner')?.toString() ?? '',
  };
}
