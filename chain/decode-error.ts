import type { DispatchError } from '@polkadot/types/interfaces';
import type { Registry } from '@polkadot/types/types';
import { RodeoError } from '../config/index.js';
import { ChainErrors, RUNTIME_ERROR_KEYS, withDetails } from './errors.js';

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Runtime error names that mean the same thing across runtime versions share one code. */
const ALIASES: Record<string, string> = {
  SubNetworkDoesNotExist: 'SUBNET_NOT_EXISTS',
  SubnetNotExists: 'SUBNET_NOT_EXISTS',
  HotKeyNotRegisteredInSubNet: 'HOTKEY_NOT_REGISTERED',
  HotKeyNotRegisteredInNetwork: 'HOTKEY_NOT_REGISTERED',
  HotKeyAlreadyRegisteredInSubNet: 'HOTKEY_ALREADY_REGISTERED',
  AmountTooLow: 'STAKE_AMOUNT_TOO_LOW',
  NotEnoughBalanceToStake: 'NOT_ENOUGH_BALANCE_TO_STAKE',
  InsufficientBalance: 'INSUFFICIENT_BALANCE',
  FundsUnavailable: 'INSUFFICIENT_BALANCE',
  BelowMinimum: 'EXISTENTIAL_DEPOSIT',
};

const WEIGHT_CALLS = /^(set|commit|reveal|batch_reveal|batch_set|commit_crv3|commit_timelocked)_.*weights$/;

/**
 * Subtensor's `CustomTransactionError` numbers (common/src/transaction_error.rs) as the runtime error they
 * stand for; some depend on the call (6 is the rate limit of whatever was sent). Legacy runtimes numbered
 * the stake check of each weights call apart (1 commit, 2 reveal, 3 set, 6 batch reveal, 7 CRv3) and 5 was
 * the registration interval limit.
 */
function customErrorName(code: number, call: string, legacy: boolean): string | undefined {
  const weights = WEIGHT_CALLS.test(call);
  if (legacy && weights && code > 0) return 'NotEnoughStakeToSetWeights';
  if (legacy && code === 5 && /register$/.test(call)) return 'TooManyRegistrationsThisInterval';
  switch (code) {
    case 0:
      return 'ColdkeyInSwapSchedule';
    case 1:
      return weights ? 'NotEnoughStakeToSetWeights' : 'AmountTooLow';
    case 2:
      return 'NotEnoughBalanceToStake';
    case 3:
      return 'SubnetNotExists';
    case 4:
      return 'HotKeyAccountNotExists';
    case 5:
      return 'NotEnoughStakeToWithdraw';
    case 6:
      if (call === 'set_weights' || call.startsWith('batch_set')) return 'SettingWeightsTooFast';
      if (call.startsWith('commit_')) return 'CommittingWeightsTooFast';
      if (call.startsWith('register_network')) return 'NetworkTxRateLimitExceeded';
      return 'RateLimitExceeded';
    case 7:
      return 'InsufficientLiquidity';
    case 8:
      return 'SlippageTooHigh';
    case 9:
      return 'TransferDisallowed';
    case 10:
      return 'HotKeyNotRegisteredInNetwork';
    case 11:
      return 'InvalidIpAddress';
    case 12:
      return 'ServingRateLimitExceeded';
    case 13:
      return 'InvalidPort';
    case 14:
      return 'ZeroMaxStakeAmount';
    case 15:
      return 'InvalidRevealRound';
    case 16:
      return 'NoWeightsCommitFound';
    case 17:
      return 'RevealTooEarly';
    case 18:
      return 'InputLengthsUnequal';
    case 19:
      return 'HotKeyNotRegisteredInSubNet';
    case 20:
      return 'EvmKeyAssociateRateLimitExceeded';
    case 25:
      return 'NonAssociatedColdKey';
    case 26:
      return 'DelegateTakeTooLow';
    case 27:
      return 'DelegateTakeTooHigh';
    case 255:
      return 'BadRequest';
    default:
      return undefined;
  }
}

/**
 * A runtime error by name -> its RodeoError: a catalogued code with advice (CHAIN_SETTING_WEIGHTS_TOO_FAST),
 * or, for errors without a catalogue entry, CHAIN_<NAME> with the runtime's own documentation.
 */
export function runtimeError(
  pallet: string,
  name: string,
  where: string,
  details: Record<string, unknown>,
  docs = '',
): RodeoError {
  const key = ALIASES[name] ?? snake(name);
  const base = RUNTIME_ERROR_KEYS.has(key)
    ? (ChainErrors as unknown as Record<string, (where: string) => RodeoError>)[key]!(where)
    : new RodeoError(`CHAIN_${key}`, `${where}: ${pallet}.${name}${docs ? ` (${docs})` : ''}`, {
        hint: 'the runtime refused the call; see the error named above',
      });
  return withDetails(base, { chainError: `${pallet}.${name}`, ...details });
}

/** `ExtrinsicFailed` (or a failed sudo/batch item): decodes the DispatchError through the metadata. */
export function dispatchFailure(
  registry: Registry,
  error: DispatchError,
  where: string,
  call: string,
): RodeoError {
  const details = { source: 'block', call };
  if (error.isModule) {
    const meta = registry.findMetaError(error.asModule);
    return runtimeError(meta.section, meta.name, where, details, meta.docs.join(' ').trim());
  }
  if (error.isToken) return runtimeError('Token', error.asToken.type, where, details);
  if (error.isBadOrigin) return runtimeError('System', 'BadOrigin', where, details);
  return withDetails(ChainErrors.DISPATCH(where, JSON.stringify(error.toHuman())), details);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A failed JSON-RPC request: a dropped or missing connection or a timeout, else the error unchanged. */
export function connectionFailure(err: unknown, url: string, during: string): unknown {
  const text = message(err);
  if (/disconnected from|WebSocket is not connected|Abnormal Closure|socket hang up/i.test(text)) {
    return withDetails(ChainErrors.DISCONNECTED(url, during), {}, err);
  }
  if (/No response received from RPC endpoint/i.test(text)) {
    return withDetails(ChainErrors.RPC_TIMEOUT(url, text), {}, err);
  }
  // sc-rpc's client error for a block whose state was pruned
  if (/State already discarded/i.test(text))
    return withDetails(ChainErrors.STATE_PRUNED(url, during), {}, err);
  return err;
}

/**
 * A submit-time rejection (RPC 1010..1014) -> a named error. Handles the node's text form
 * ("1010: Invalid Transaction: Custom error: 6") and the JSON form ('1010: {"invalid":{"custom":6}}').
 */
export function poolFailure(
  err: unknown,
  url: string,
  where: string,
  call: string,
  legacy: boolean,
): unknown {
  const connection = connectionFailure(err, url, where);
  if (connection !== err) return connection;
  const text = message(err);
  const code = Number(/^(\d{4}):/.exec(text)?.[1] ?? (err as { code?: number }).code ?? 0);
  if (code < 1010 || code > 1014) return err;
  const details = { source: 'pool', call, rpc: text };
  const custom = /Custom error: (\d+)|"custom":\s*(\d+)/i.exec(text);
  if (custom) {
    const n = Number(custom[1] ?? custom[2]);
    const name = customErrorName(n, call, legacy);
    if (!name) return withDetails(ChainErrors.TX_CUSTOM(where, n), details, err);
    return runtimeError('SubtensorModule', name, where, { ...details, custom: n });
  }
  const named = (factory: (where: string) => RodeoError) => withDetails(factory(where), details, err);
  if (code === 1011) return withDetails(ChainErrors.TX_UNKNOWN_VALIDITY(where, text), details, err);
  if (code === 1012) return named(ChainErrors.TX_BANNED);
  if (code === 1013) return named(ChainErrors.TX_ALREADY_IMPORTED);
  if (code === 1014) return withDetails(ChainErrors.TX_PRIORITY_TOO_LOW(where, text), details, err);
  if (/outdated|"stale"/i.test(text)) return named(ChainErrors.TX_STALE);
  if (/in the future|"future"/i.test(text)) return named(ChainErrors.TX_FUTURE);
  if (/bad signature|"badProof"/i.test(text)) return named(ChainErrors.TX_BAD_SIGNATURE);
  // current runtimes refuse a sudo call from another key in the pool (SudoTransactionExtension: BadSigner)
  if (/Invalid signing address|"badSigner"/i.test(text)) {
    return call.startsWith('sudo')
      ? runtimeError('Sudo', 'RequireSudo', where, details)
      : named(ChainErrors.TX_BAD_SIGNER);
  }
  if (/ancient birth|"ancientBirthBlock"/i.test(text)) return named(ChainErrors.TX_ANCIENT_BIRTH);
  if (/pay some fees|"payment"/i.test(text)) return named(ChainErrors.TX_PAYMENT);
  if (/exhaust the block limits|"exhaustsResources"/i.test(text))
    return named(ChainErrors.TX_EXHAUSTS_RESOURCES);
  return withDetails(ChainErrors.TX_INVALID(where, text), details, err);
}
