import type { Call } from '@polkadot/types/interfaces';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { encodeField } from './commitments.js';
import { encodeIp } from './ip.js';
import type { RuntimeView } from './runtime.js';
import type {
  AxonInput,
  ChainFeatures,
  CommitmentInput,
  HyperparamsInput,
  PayoutInput,
  RevealInput,
  WeightsInput,
} from './types.js';

/** The SDK serves axons with protocol 4. */
const AXON_PROTOCOL = 4;
/** register_network's mechanism on spec 218: 1 = dynamic (dTAO) subnets. */
const DYNAMIC_MECHANISM = 1;

/** HyperparamsInput key -> the AdminUtils call setting it for one netuid. */
const HYPERPARAM_CALLS: Record<keyof HyperparamsInput, string> = {
  tempo: 'sudoSetTempo',
  weightsSetRateLimit: 'sudoSetWeightsSetRateLimit',
  weightsVersionKey: 'sudoSetWeightsVersionKey',
  minAllowedWeights: 'sudoSetMinAllowedWeights',
  maxWeightsLimit: 'sudoSetMaxWeightLimit',
  maxAllowedUids: 'sudoSetMaxAllowedUids',
  maxAllowedValidators: 'sudoSetMaxAllowedValidators',
  commitRevealWeightsEnabled: 'sudoSetCommitRevealWeightsEnabled',
  revealPeriodEpochs: 'sudoSetCommitRevealWeightsInterval',
  servingRateLimit: 'sudoSetServingRateLimit',
  maxRegistrationsPerBlock: 'sudoSetMaxRegistrationsPerBlock',
  targetRegistrationsPerInterval: 'sudoSetTargetRegistrationsPerInterval',
  immunityPeriod: 'sudoSetImmunityPeriod',
  activityCutoff: 'sudoSetActivityCutoff',
};

/**
 * Every call the client sends, built from the runtime's metadata. The conformance test runs these same
 * builders against the finney metadata.
 */
export const calls = {
  setWeights: (v: RuntimeView, i: WeightsInput): Call =>
    i.mecid
      ? v.call('subtensorModule', 'setMechanismWeights', i.netuid, i.mecid, i.uids, i.values, i.versionKey)
      : v.call('subtensorModule', 'setWeights', i.netuid, i.uids, i.values, i.versionKey),

  commitWeights: (v: RuntimeView, netuid: number, hash: string): Call =>
    v.call('subtensorModule', 'commitWeights', netuid, hash),

  /** commit_timelocked_weights: the tle ciphertext (as hex: a Uint8Array would be read as SCALE bytes). */
  commitTimelockedWeights: (
    v: RuntimeView,
    netuid: number,
    plan: { commit: Uint8Array; revealRound: number; commitRevealVersion: number },
    mecid = 0,
  ): Call =>
    mecid
      ? v.call(
          'subtensorModule',
          'commitTimelockedMechanismWeights',
          netuid,
          mecid,
          u8aToHex(plan.commit),
          plan.revealRound,
          plan.commitRevealVersion,
        )
      : v.call(
          'subtensorModule',
          'commitTimelockedWeights',
          netuid,
          u8aToHex(plan.commit),
          plan.revealRound,
          plan.commitRevealVersion,
        ),

  revealWeights: (v: RuntimeView, i: RevealInput): Call =>
    v.call('subtensorModule', 'revealWeights', i.netuid, i.uids, i.values, i.salt, i.versionKey),

  serveAxon: (v: RuntimeView, i: AxonInput): Call => {
    const { ip, ipType } = encodeIp(i.ip);
    return v.call(
      'subtensorModule',
      'serveAxon',
      i.netuid,
      i.version,
      ip,
      i.port,
      ipType,
      i.protocol ?? AXON_PROTOCOL,
      0,
      0,
    );
  },

  setCommitment: (v: RuntimeView, netuid: number, fields: readonly CommitmentInput[]): Call =>
    v.call('commitments', 'setCommitment', netuid, { fields: fields.map(encodeField) }),

  /** transfer_keep_alive and remark_with_event(remark) in one all-or-nothing batch. */
  payout: (v: RuntimeView, f: ChainFeatures, i: PayoutInput): Call =>
    v.call('utility', 'batchAll', [
      ...('transfers' in i ? i.transfers : [i]).map((t) =>
        v.call('balances', 'transferKeepAlive', t.dest, t.amount),
      ),
      v.call('system', f.remarkWithEvent ? 'remarkWithEvent' : 'remark', u8aToHex(stringToU8a(i.remark))),
    ]),

  /** System.remark_with_event (System.remark where the runtime lacks it) of a UTF-8 text. */
  remark: (v: RuntimeView, f: ChainFeatures, text: string): Call =>
    v.call('system', f.remarkWithEvent ? 'remarkWithEvent' : 'remark', u8aToHex(stringToU8a(text))),

  transfer: (v: RuntimeView, dest: string, amount: bigint): Call =>
    v.call('balances', 'transferKeepAlive', dest, amount),

  burnedRegister: (v: RuntimeView, netuid: number, hotkey: string): Call =>
    v.call('subtensorModule', 'burnedRegister', netuid, hotkey),

  registerNetwork: (v: RuntimeView, f: ChainFeatures, hotkey: string): Call =>
    f.registerNetworkTakesMechid
      ? v.call('subtensorModule', 'registerNetwork', hotkey, DYNAMIC_MECHANISM)
      : v.call('subtensorModule', 'registerNetwork', hotkey),

  /** Starts emissions (and epochs) of a new subnet on current runtimes; signed by the owner coldkey. */
  startCall: (v: RuntimeView, netuid: number): Call => v.call('subtensorModule', 'startCall', netuid),

  startCallDelay: (v: RuntimeView, blocks: number): Call =>
    v.call('adminUtils', 'sudoSetStartCallDelay', blocks),

  addStake: (v: RuntimeView, hotkey: string, netuid: number, amount: bigint): Call =>
    v.call('subtensorModule', 'addStake', hotkey, netuid, amount),

  /** Root calls wrapped for the sudo key; several go in one atomic batch. */
  sudo: (v: RuntimeView, inner: readonly Call[]): Call =>
    v.call('sudo', 'sudo', inner.length === 1 ? inner[0] : v.call('utility', 'batchAll', inner)),

  forceSetBalance: (v: RuntimeView, who: string, free: bigint): Call =>
    v.call('balances', 'forceSetBalance', who, free),

  hyperparams: (v: RuntimeView, netuid: number, input: HyperparamsInput): Call[] =>
    (Object.entries(input) as [keyof HyperparamsInput, unknown][])
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => v.call('adminUtils', HYPERPARAM_CALLS[key], netuid, value)),

  networkRateLimit: (v: RuntimeView, blocks: number): Call =>
    v.call('adminUtils', 'sudoSetNetworkRateLimit', blocks),

  /** Blocks before each epoch in which current runtimes refuse admin changes (absent on spec 218). */
  adminFreezeWindow: (v: RuntimeView, blocks: number): Call =>
    v.call('adminUtils', 'sudoSetAdminFreezeWindow', blocks),

  stakeThreshold: (v: RuntimeView, f: ChainFeatures, amount: bigint): Call =>
    v.call('adminUtils', f.stakeThresholdCall, amount),
};
