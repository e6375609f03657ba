import { defineErrors, RodeoError } from '../config/index.js';

/**
 * An error the runtime reported (module error or transaction-validity error). `where` names the call,
 * subnet and signer; `advice`, when the client could compute it (e.g. blocks to wait), replaces the hint.
 */
const onChain = (what: string, hint: string) => ({
  message: (where: string, _advice?: string) => `${where}: ${what}`,
  hint: (_where: string, advice?: string) => advice ?? hint,
});

/** In-block module errors and their transaction-pool equivalents, named after the runtime's error. */
const runtimeErrors = {
  SETTING_WEIGHTS_TOO_FAST: onChain(
    'weights set too soon after the last update (SettingWeightsTooFast)',
    'wait WeightsSetRateLimit blocks after the last update of this uid',
  ),
  COMMITTING_WEIGHTS_TOO_FAST: onChain(
    'weights committed too soon after the last commit (CommittingWeightsTooFast)',
    'wait WeightsSetRateLimit blocks between commits',
  ),
  RATE_LIMIT_EXCEEDED: onChain('rate limit exceeded', 'wait some blocks and retry'),
  NOT_ENOUGH_STAKE_TO_SET_WEIGHTS: onChain(
    'the hotkey has less stake than the subnet requires to set weights (NotEnoughStakeToSetWeights)',
    'stake more on this hotkey (StakeThreshold)',
  ),
  STAKE_AMOUNT_TOO_LOW: onChain('stake amount too low', 'stake a larger amount'),
  INCORRECT_WEIGHT_VERSION_KEY: onChain(
    'version_key is below the subnet WeightsVersionKey (IncorrectWeightVersionKey)',
    'upgrade the node; version_key must be >= the subnet WeightsVersionKey',
  ),
  REVEAL_TOO_EARLY: onChain(
    'the reveal is outside its window: the window has not opened yet, or it has passed and the commit expired (RevealTooEarly / custom error 17)',
    'a commit can only be revealed in epoch commit + RevealPeriodEpochs: retry in a later block if that epoch is ahead, commit again if it has passed',
  ),
  EXPIRED_WEIGHT_COMMIT: onChain(
    'the weight commit expired before it was revealed (ExpiredWeightCommit)',
    'commit again and reveal within the window',
  ),
  NO_WEIGHTS_COMMIT_FOUND: onChain(
    'no pending weight commit of this hotkey (NoWeightsCommitFound)',
    'commit weights before revealing them',
  ),
  INVALID_REVEAL_COMMIT_HASH_NOT_MATCH: onChain(
    'the revealed weights do not match any pending commit hash (InvalidRevealCommitHashNotMatch)',
    'reveal exactly the uids, values, salt and version_key that were committed',
  ),
  COMMIT_REVEAL_ENABLED: onChain(
    'commit-reveal is enabled on this subnet; set_weights is refused (CommitRevealEnabled)',
    'commit weights and reveal them later instead of setting them',
  ),
  COMMIT_REVEAL_DISABLED: onChain(
    'commit-reveal is disabled on this subnet (CommitRevealDisabled)',
    'set weights directly',
  ),
  TOO_MANY_UNREVEALED_COMMITS: onChain(
    'this hotkey has too many unrevealed commits (TooManyUnrevealedCommits)',
    'reveal or let pending commits expire before committing again',
  ),
  INCORRECT_COMMIT_REVEAL_VERSION: onChain(
    'commit_reveal_version differs from the subnet CommitRevealWeightsVersion',
    'send the version the subnet expects',
  ),
  NEURON_NO_VALIDATOR_PERMIT: onChain(
    'the hotkey has no validator permit on this subnet (NeuronNoValidatorPermit)',
    'only neurons with a validator permit may set weights on others; gain stake to get a permit',
  ),
  WEIGHT_VEC_NOT_EQUAL_SIZE: onChain(
    'uids and values differ in length (WeightVecNotEqualSize)',
    'pass one value per uid (use convertWeightsForEmit)',
  ),
  INPUT_LENGTHS_UNEQUAL: onChain('input vectors differ in length', 'pass vectors of equal length'),
  DUPLICATE_UIDS: onChain('a uid appears twice (DuplicateUids)', 'give each uid once'),
  UID_VEC_CONTAIN_INVALID_ONE: onChain(
    'a uid does not exist on the subnet (UidVecContainInvalidOne)',
    'resync the metagraph and only weight existing uids',
  ),
  WEIGHT_VEC_LENGTH_IS_LOW: onChain(
    'fewer weights than the subnet MinAllowedWeights (WeightVecLengthIsLow)',
    'weight at least MinAllowedWeights uids (prepareWeights applies it)',
  ),
  MAX_WEIGHT_EXCEEDED: onChain(
    'one weight exceeds the subnet MaxWeightsLimit share (MaxWeightExceeded)',
    'cap weights with MaxWeightsLimit (prepareWeights applies it)',
  ),
  UIDS_LENGTH_EXCEED_UIDS_IN_SUB_NET: onChain(
    'more uids than neurons on the subnet (UidsLengthExceedUidsInSubNet)',
    'resync the metagraph and only weight existing uids',
  ),
  CAN_NOT_SET_ROOT_NETWORK_WEIGHTS: onChain(
    'weights cannot be set on the root network this way',
    'use a subnet netuid > 0',
  ),
  HOTKEY_NOT_REGISTERED: onChain(
    'the hotkey is not registered on this subnet',
    'register the hotkey (btcli subnets register) or check --netuid and --wallet.hotkey',
  ),
  HOTKEY_ALREADY_REGISTERED: onChain(
    'the hotkey is already registered on this subnet',
    'nothing to do; use the existing registration',
  ),
  SUBNET_NOT_EXISTS: onChain('the subnet does not exist', 'check --netuid'),
  INVALID_IP_ADDRESS: onChain(
    'the runtime rejects this IP address (InvalidIpAddress)',
    'use a public address: 127.0.0.1, ::1 and broadcast addresses are refused',
  ),
  INVALID_IP_TYPE: onChain('ip_type must be 4 or 6 (InvalidIpType)', 'pass an IPv4 or IPv6 address'),
  INVALID_PORT: onChain('port 0 is refused (InvalidPort)', 'serve on a non-zero port'),
  SERVING_RATE_LIMIT_EXCEEDED: onChain(
    'axon served too soon after the last update (ServingRateLimitExceeded)',
    'wait ServingRateLimit blocks before serving again',
  ),
  TOO_MANY_REGISTRATIONS_THIS_BLOCK: onChain(
    'too many registrations in this block',
    'retry in the next block',
  ),
  TOO_MANY_REGISTRATIONS_THIS_INTERVAL: onChain(
    'too many registrations in this interval',
    'retry after the registration interval',
  ),
  SUB_NET_REGISTRATION_DISABLED: onChain(
    'registration is disabled on this subnet',
    'ask the subnet owner to allow registration',
  ),
  NOT_ENOUGH_BALANCE_TO_STAKE: onChain(
    'the coldkey balance does not cover the amount (burn or stake)',
    'fund the coldkey',
  ),
  NETWORK_TX_RATE_LIMIT_EXCEEDED: onChain(
    'subnets registered too often (NetworkTxRateLimitExceeded)',
    'wait for the network rate limit (or lower it with sudo on a devnet)',
  ),
  TX_RATE_LIMIT_EXCEEDED: onChain('transactions sent too often by this key', 'wait some blocks and retry'),
  TOO_MANY_FIELDS_IN_COMMITMENT_INFO: onChain(
    'more commitment fields than the runtime allows (TooManyFieldsInCommitmentInfo)',
    'commit fewer fields (the runtime limit is in ChainFeatures.commitmentMaxFields)',
  ),
  ACCOUNT_NOT_ALLOWED_COMMIT: onChain(
    'the hotkey may not commit on this subnet (AccountNotAllowedCommit)',
    'register the hotkey on the subnet first',
  ),
  SPACE_LIMIT_EXCEEDED: onChain(
    'commitment space for this epoch is used up (SpaceLimitExceeded)',
    'commit less data or wait for the next epoch',
  ),
  COMMITMENT_SET_RATE_LIMIT_EXCEEDED: onChain(
    'commitment set too soon after the last one (CommitmentSetRateLimitExceeded)',
    'wait for the commitments rate limit before committing again',
  ),
  INSUFFICIENT_BALANCE: onChain('the account balance is too low', 'fund the account'),
  EXISTENTIAL_DEPOSIT: onChain(
    'the amount is below the existential deposit',
    'send at least the existential deposit',
  ),
  EXPENDABILITY: onChain(
    'the transfer would reap the sending account (keep-alive)',
    'leave at least the existential deposit on the sender',
  ),
  ADMIN_ACTION_PROHIBITED_DURING_WEIGHTS_WINDOW: onChain(
    'hyperparameters cannot change in the freeze window before an epoch',
    'retry after the next epoch starts (or set AdminFreezeWindow to 0 on a devnet)',
  ),
  REQUIRE_SUDO: onChain('the signer is not the sudo key', 'sign with the sudo key (//Alice on a devnet)'),
};

/** Keys of ChainErrors that stand for a runtime error (the rest are the client's own). */
export const RUNTIME_ERROR_KEYS = new Set(Object.keys(runtimeErrors));

export const ChainErrors = defineErrors('CHAIN', {
  // connection
  UNREACHABLE: {
    message: (url: string, reason: string) => `cannot connect to the chain at ${url}: ${reason}`,
    hint: 'check chain.endpoint (--chain finney|test|local|ws://host:port) and that the node is running and reachable',
  },
  DISCONNECTED: {
    message: (url: string, during: string) => `connection to ${url} dropped during ${during}`,
    hint: 'the client reconnects by itself; retry. A transaction sent before the drop may still be included: check its hash before sending it again',
  },
  RPC_TIMEOUT: {
    message: (url: string, reason: string) => `no answer from ${url}: ${reason}`,
    hint: 'the node is overloaded or stalled; retry, or use another endpoint',
  },
  STATE_PRUNED: {
    message: (url: string, during: string) =>
      `${url} no longer keeps the state needed for ${during} (the node prunes old blocks' state)`,
    hint: 'most nodes keep the last 256 blocks; use an archive node (--state-pruning archive) for older blocks',
  },
  UNSUPPORTED: {
    message: (what: string, runtime: string) => `${what} is not available on this runtime (${runtime})`,
    hint: 'the connected Subtensor runtime lacks this call or storage item; use an endpoint running a newer runtime',
  },
  // wallets and keys
  WALLET_NOT_FOUND: {
    message: (file: string, role: string) => `${role} wallet file ${file} does not exist`,
    hint: (_file: string, role: string) =>
      `create it with btcli, pass --wallet.name/--wallet.hotkey/--wallet.path, or set chain.${role}Uri (env RODEO_CHAIN_${role.toUpperCase()}_URI) to a mnemonic or //URI`,
  },
  WALLET_UNREADABLE: {
    message: (file: string, reason: string) => `cannot read wallet file ${file}: ${reason}`,
    hint: 'a Bittensor key file is JSON with secretPhrase/secretSeed/ss58Address, or a 0x-prefixed 32-byte hex seed',
  },
  // the reason names a field and what is wrong with it, never the file's content (it holds a secret)
  WALLET_MALFORMED: {
    message: (file: string, reason: string) => `wallet file ${file} is malformed: ${reason}`,
    hint: 'the file was truncated or edited by hand; regenerate it with btcli (btcli wallet regen_hotkey) or set the key URI in the config',
  },
  WALLET_NO_SECRET: {
    message: (file: string) =>
      `wallet file ${file} holds no secret (no secretPhrase, secretSeed or privateKey)`,
    hint: 'this file can only give an address; regenerate the key with btcli or set the key URI in the config',
  },
  WALLET_ADDRESS_MISMATCH: {
    message: (file: string, stated: string, derived: string) =>
      `wallet file ${file} states address ${stated} but its secret derives ${derived}`,
    hint: 'the file is damaged or was edited; regenerate it from the mnemonic with btcli',
  },
  // encrypted ($NACL) coldkeys; messages name the file and the password's source, never the password
  COLDKEY_PASSWORD_NEEDED: {
    message: (file: string) =>
      `coldkey file ${file} is encrypted and no password source is set (not on a terminal, so no prompt)`,
    hint: 'pass --wallet.password-file FILE (chain.wallet.passwordFile, env RODEO_CHAIN_WALLET_PASSWORD_FILE) naming a mode-600 file that holds the password, or --wallet.password-env NAME (chain.wallet.passwordEnv) naming a variable that holds it; or run on a terminal to be asked',
  },
  COLDKEY_PASSWORD_UNAVAILABLE: {
    message: (source: string, reason: string) => `cannot read the coldkey password from ${source}: ${reason}`,
    hint: 'fix the password source (chain.wallet.passwordFile / chain.wallet.passwordEnv) or unset it to be asked on a terminal',
  },
  COLDKEY_WRONG_PASSWORD: {
    message: (file: string, source: string) =>
      `cannot decrypt coldkey file ${file} with the password from ${source}: the password is wrong or the file was altered`,
    hint: 'use the password btcli asked for when the coldkey was made or last encrypted; if the file is damaged, restore it from a backup or regenerate it from the mnemonic (btcli wallet regen-coldkey)',
  },
  COLDKEY_DAMAGED: {
    message: (file: string, reason: string) => `encrypted coldkey file ${file} is damaged: ${reason}`,
    hint: 'restore the file from a backup or regenerate it from the mnemonic (btcli wallet regen-coldkey)',
  },
  COLDKEY_ENCRYPTION_UNSUPPORTED: {
    message: (file: string, kind: string) =>
      `coldkey file ${file} uses the old ${kind} encryption, which this node does not read`,
    hint: 'regenerate it with a current btcli (btcli wallet regen-coldkey writes the $NACL format), or set chain.coldkeyUri (env RODEO_CHAIN_COLDKEY_URI) to its mnemonic',
  },
  BAD_KEY_URI: {
    message: (source: string, reason: string) => `${source} is not a usable key: ${reason}`,
    hint: 'use a 12/24-word mnemonic, a dev URI such as //Alice, or a 0x-prefixed 32-byte hex seed',
  },
  NO_NETUID: {
    message: (what: string) => `${what} needs a subnet id`,
    hint: 'pass --netuid N or set chain.netuid (env RODEO_CHAIN_NETUID)',
  },
  // arguments checked before sending
  WEIGHTS_INVALID: {
    message: (reason: string) => `invalid weights: ${reason}`,
    hint: 'pass non-negative finite weights and integer uids 0..65535, as many weights as uids',
  },
  BAD_COMMITMENT: {
    message: (reason: string) => `invalid commitment field: ${reason}`,
    hint: 'commit a 32-byte hash as { sha256: "0x…" } or up to 128 bytes as { raw: "text" }',
  },
  INVALID_IP: {
    message: (ip: string) => `${JSON.stringify(ip)} is not an IPv4 or IPv6 address`,
    hint: 'serve_axon takes a literal public address such as 203.0.113.7 or 2001:db8::7',
  },
  // transaction pool (submit-time, RPC 1010..1014)
  TX_INVALID: {
    message: (where: string, reason: string) => `${where}: rejected by the transaction pool: ${reason}`,
    hint: 'the runtime refused the transaction before inclusion; see the reason',
  },
  TX_CUSTOM: {
    message: (where: string, code: number) =>
      `${where}: rejected by the transaction pool with custom error ${code}`,
    hint: 'Subtensor custom validity error with no known meaning for this call; check the call arguments',
  },
  TX_STALE: {
    message: (where: string) => `${where}: nonce already used (transaction outdated)`,
    hint: 'another transaction of this account was included first; retry (the nonce is re-read)',
  },
  TX_FUTURE: {
    message: (where: string) => `${where}: nonce is in the future`,
    hint: 'an earlier transaction of this account is missing; wait for it or retry',
  },
  TX_BAD_SIGNATURE: {
    message: (where: string) => `${where}: bad signature`,
    hint: 'the signature did not verify for this chain (wrong genesis, spec or mortality); reconnect and retry',
  },
  TX_BAD_SIGNER: {
    message: (where: string) => `${where}: this account may not sign this call`,
    hint: 'sign with the account the call requires (the sudo key, the owner coldkey, the hotkey)',
  },
  TX_ANCIENT_BIRTH: {
    message: (where: string) => `${where}: the transaction's mortal era has expired`,
    hint: 'retry; it is signed again against the current head',
  },
  TX_PAYMENT: {
    message: (where: string) => `${where}: the signer cannot pay the fees`,
    hint: 'fund the signing account (a coldkey pays fees; weights and axon calls are free)',
  },
  TX_EXHAUSTS_RESOURCES: {
    message: (where: string) => `${where}: the block is full`,
    hint: 'retry in the next block',
  },
  TX_PRIORITY_TOO_LOW: {
    message: (where: string, reason: string) => `${where}: priority too low (${reason})`,
    hint: 'a transaction with the same nonce is already pending; wait for it or retry later',
  },
  TX_BANNED: {
    message: (where: string) => `${where}: the transaction is temporarily banned by the node`,
    hint: 'an identical transaction was just rejected; wait a few blocks and retry with new arguments',
  },
  TX_ALREADY_IMPORTED: {
    message: (where: string) => `${where}: the same transaction is already in the pool`,
    hint: 'wait for the pending one to be included',
  },
  TX_UNKNOWN_VALIDITY: {
    message: (where: string, reason: string) =>
      `${where}: the runtime could not validate the transaction: ${reason}`,
    hint: 'the runtime failed while validating (for example more commitment fields than it allows); check the arguments',
  },
  TX_NOT_INCLUDED: {
    message: (where: string, ms: number) =>
      `${where}: the node accepted the transaction but no block included it within ${Math.round(ms / 1000)} s`,
    hint: 'check the node is importing blocks (system_health, its logs) or use another endpoint; it may still be included later, so check by hash before sending it again (chain.inclusionTimeoutMs sets the wait)',
  },
  TX_DROPPED: {
    message: (where: string, status: string) =>
      `${where}: the transaction left the pool without inclusion (${status})`,
    hint: 'retry; check first by hash or remark that it was not included',
  },
  DISPATCH: {
    message: (where: string, reason: string) => `${where}: failed in the block: ${reason}`,
    hint: 'the call was included but failed; see the reason',
  },
  ...runtimeErrors,
});

/** Codes worth retrying as they are (maybe after waiting): the condition passes with time. */
const RETRYABLE = new Set<string>(
  [
    ChainErrors.DISCONNECTED,
    ChainErrors.RPC_TIMEOUT,
    ChainErrors.TX_STALE,
    ChainErrors.TX_FUTURE,
    ChainErrors.TX_ANCIENT_BIRTH,
    ChainErrors.TX_EXHAUSTS_RESOURCES,
    ChainErrors.TX_PRIORITY_TOO_LOW,
    ChainErrors.TX_BANNED,
    ChainErrors.TX_DROPPED,
    ChainErrors.SETTING_WEIGHTS_TOO_FAST,
    ChainErrors.COMMITTING_WEIGHTS_TOO_FAST,
    ChainErrors.RATE_LIMIT_EXCEEDED,
    ChainErrors.REVEAL_TOO_EARLY,
    ChainErrors.TOO_MANY_UNREVEALED_COMMITS,
    ChainErrors.SERVING_RATE_LIMIT_EXCEEDED,
    ChainErrors.TOO_MANY_REGISTRATIONS_THIS_BLOCK,
    ChainErrors.TOO_MANY_REGISTRATIONS_THIS_INTERVAL,
    ChainErrors.NETWORK_TX_RATE_LIMIT_EXCEEDED,
    ChainErrors.TX_RATE_LIMIT_EXCEEDED,
    ChainErrors.SPACE_LIMIT_EXCEEDED,
    ChainErrors.COMMITMENT_SET_RATE_LIMIT_EXCEEDED,
    ChainErrors.ADMIN_ACTION_PROHIBITED_DURING_WEIGHTS_WINDOW,
  ].map((f) => f.code),
);

/** True when retrying later can succeed (rate limits, reveal windows, dropped connections, pool churn). */
export function isRetryable(err: unknown): boolean {
  return err instanceof RodeoError && RETRYABLE.has(err.code);
}

/** Copies a RodeoError with extra details (always including `retryable`) and a cause. */
export function withDetails(err: RodeoError, details: Record<string, unknown>, cause?: unknown): RodeoError {
  return new RodeoError(err.code, err.message, {
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    ...(cause === undefined ? {} : { cause }),
    details: { ...err.details, ...details, retryable: RETRYABLE.has(err.code) },
  });
}
