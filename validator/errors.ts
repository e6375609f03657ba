import { defineErrors } from '../config/index.js';

export const ValidatorErrors = defineErrors('VALIDATOR', {
  NO_NETUID: {
    message: () => 'no subnet given',
    hint: 'pass --netuid N (or set chain.netuid / RODEO_CHAIN_NETUID)',
  },
  NOT_REGISTERED: {
    message: (hotkey: string, netuid: number) =>
      `validator hotkey ${hotkey} is not registered on subnet ${netuid}`,
    hint: 'register it (btcli subnets register) or point --wallet.hotkey at a registered hotkey; weights are not set until then',
  },
  NO_PERMIT: {
    message: (hotkey: string, netuid: number) =>
      `validator hotkey ${hotkey} has no validator permit on subnet ${netuid}`,
    hint: 'stake more on the hotkey; permits go to the top validators by stake at each epoch',
  },
  ENDPOINT_REFUSED: {
    message: (endpoint: string, reason: string) => `endpoint ${endpoint} refused: ${reason}`,
    hint: 'miners must serve on a public address; set validator.allowPrivateEndpoints for a local devnet',
  },
  ENDPOINT_ADDRESS_REFUSED: {
    message: (host: string, address: string, reason: string) =>
      `endpoint refused: ${host} resolves to ${address}, ${reason}; no connection was made`,
    hint: 'miners must serve on a public unicast address; set validator.allowPrivateEndpoints only for a local devnet',
  },
  ENDPOINT_NOT_ORIGIN: {
    message: (endpoint: string, part: string) =>
      `miner endpoint ${endpoint.slice(0, 200)} carries ${part}; an endpoint is an origin only (scheme, host, port)`,
    hint: 'the miner commits its endpoint as e.g. https://miner.example:8080, with no path, query, fragment or credentials',
  },
  MANIFEST_HTTP_STATUS: {
    message: (url: string, status: number) => `${url} answered HTTP ${status} for the manifest`,
    hint: 'serve the committed manifest at GET /v1/submission with status 200',
  },
  MANIFEST_UNREACHABLE: {
    message: (url: string, reason: string) => `cannot fetch the manifest from ${url}: ${reason}`,
    hint: 'the miner must be reachable at its committed endpoint when the round starts',
  },
  MANIFEST_TOO_LARGE: {
    message: (url: string, limit: number) => `${url} sent more than ${limit} bytes for its manifest`,
    hint: 'a submission manifest is a small JSON object; serve exactly the manifest committed on chain',
  },
  MANIFEST_BOUNDS: {
    message: (url: string, what: string, received: string) =>
      `${url} serves a manifest past a parsing bound: ${what} (received sha256 ${received}…)`,
    hint: 'a submission manifest is a flat JSON object with a short components list; serve exactly the manifest committed on chain',
  },
  MANIFEST_NOT_JSON: {
    message: (url: string, what: string, received: string) =>
      `${url} did not return a JSON object: ${what} (received sha256 ${received}…)`,
    hint: 'serve the manifest as a JSON object at GET /v1/submission',
  },
  MANIFEST_INVALID: {
    message: (url: string, problems: string, received: string) =>
      `${url} serves a manifest that is not valid: ${problems} (received sha256 ${received}…)`,
    hint: 'fix the manifest (`rodeo miner manifest` checks it against the same schema) and commit its new hash',
  },
  REPLAY_MISMATCH: {
    message: (round: number, seq: number, type: string, path: string, detail: string) =>
      `replay differs in round ${round}, record #${seq} (${type}) at ${path}: ${detail}`,
    hint: 'the ledger was changed after it was written, or it was scored by another scoring version',
  },
  REPLAY_INCOMPLETE: {
    message: (round: number, missing: string) => `round ${round} cannot be replayed: ${missing}`,
  },
  REPLAY_WRONG_SIGNER: {
    message: (round: number, seq: number, what: string, actual: string, expected: string) =>
      `round ${round}, record #${seq}: ${what} ${actual}, expected ${expected}`,
    hint: "the ledger was rewritten and resealed with a key that is not the validator it names, or it is another validator's ledger; get the validator's own copy, or pass the right --signer",
  },
  REPLAY_TRUNCATED: {
    message: (detail: string) => `the ledger is missing rounds the validator anchored on chain: ${detail}`,
    hint: "the last rounds were deleted from this copy; get a complete copy of the validator's ledger",
  },
  REPLAY_ANCHOR_MISMATCH: {
    message: (detail: string) => `the ledger differs from a head the validator anchored on chain: ${detail}`,
    hint: "the ledger was rewritten after its head was anchored; get the validator's original copy",
  },
  ANCHOR_FAILED: {
    message: (round: number, reason: string) =>
      `the ledger head of round ${round} was not anchored on chain: ${reason}`,
    hint: 'the hotkey signs and pays for the remark: give it a small free balance, or set validator.anchorEveryRounds to 0 to stop anchoring',
  },
  SANDBOX_UNAVAILABLE: {
    message: (language: string, reason: string) => `the code sandbox cannot run ${language}: ${reason}`,
    hint: 'code tasks would score 0 for every miner; fix the sandbox: run as root or allow unprivileged user namespaces, install python3 and node (datasets/sandbox/README.md says what it needs)',
  },
  SANDBOX_NOT_ISOLATED: {
    message: () =>
      'datasets.sandbox.isolation is "none": miners\' code would run unjailed and could read this validator\'s wallet, data and environment',
    hint: 'set datasets.sandbox.isolation to "namespaces" (the default; needs root or unprivileged user namespaces); "none" is only for `rodeo bench` and the devnet on a trusted machine',
  },
  SEED_SECRET_MISSING: {
    message: (file: string, anchor: string) =>
      `the round-seed secret of chain ${anchor} (committed on chain, named in the ledger) is not in ${file}`,
    hint: 'restore the file from your backup of validator.dataDir (mode 0600); the validator never starts a new chain over a lost one by itself, since the rounds already started could not be revealed. To give that chain up, move the ledger aside and start a new validator.dataDir',
  },
  SEED_SECRET_CORRUPT: {
    message: (file: string, problem: string) => `the round-seed secret file ${file} is unusable: ${problem}`,
    hint: 'restore the file from your backup of validator.dataDir; never edit it by hand',
  },
  SEED_SECRET_EXPOSED: {
    message: (file: string, mode: string) =>
      `the round-seed secret file ${file} can be read by other users (mode ${mode})`,
    hint: 'make it private to the validator user: chmod 600 <file>; if others may have read it, the rounds it seeds are predictable: move the ledger aside and start a new validator.dataDir',
  },
  SEED_NOT_READY: {
    message: (block: number, detail: string) =>
      `no round-seed chain was committed on chain before block ${block}: ${detail}`,
    hint: 'the validator commits its chain anchor (Commitments.set_commitment by the hotkey) before its first round; check the hotkey is registered on the subnet and the chain is reachable',
  },
  SEED_COMMIT_FAILED: {
    message: (anchor: string, reason: string) =>
      `the round-seed chain anchor ${anchor} was not committed on chain: ${reason}`,
    hint: 'the hotkey must be registered on the subnet; a SpaceLimitExceeded clears at the next epoch. The validator retries before its next round',
  },
  REPLAY_SEED_MISMATCH: {
    message: (round: number, seq: number, type: string, detail: string) =>
      `round ${round}, record #${seq} (${type}): the round seed does not check: ${detail}`,
    hint: "the round's secret, seed or tasks were changed after they were committed, or the validator chose its seed; get the validator's original copy of the ledger",
  },
  ROUND_SUITE_REFUSED: {
    message: (suite: string, allowed: string) =>
      `validator.suite "${suite}" cannot supply scored rounds: they draw only from ${allowed}, seeded per round`,
    hint: 'public suites (public/train, public/dev) are visible to every miner with their answers; unset validator.suite, and add tasks of your own with validator.privateTaskFile',
  },
  REPLAY_PRIVATE_TASKS_MISSING: {
    message: (round: number, sha256: string, problem: string) =>
      `round ${round} drew tasks from the operator's private task file (sha256 ${sha256}), and ${problem}`,
    hint: 'pass the private task file the validator used then (validator.privateTaskFile): rodeo validator replay --private-tasks FILE',
  },
  REPLAY_PRIVATE_TASKS_MISMATCH: {
    message: (round: number, given: string, recorded: string) =>
      `round ${round} recorded a private task file with sha256 ${recorded}, but the file given has another (${given})`,
    hint: 'pass the exact file the validator used for that round (any edit changes its hash); when the file changed between rounds, repeat --private-tasks once per version',
  },
  LEDGER_MISMATCH: {
    message: (dir: string, detail: string) => `ledger ${dir} does not belong to this validator: ${detail}`,
    hint: 'use a fresh --data directory per validator hotkey and subnet',
  },
  WEIGHTS_COMMIT_EXPIRED: {
    message: (round: number, revealEpoch: number | undefined, epoch: number, why?: string) =>
      `the weights committed in round ${round} expired unrevealed: ${
        why !== undefined
          ? why
          : revealEpoch === undefined
            ? 'the commit is no longer on chain'
            : `they could only be revealed in epoch ${revealEpoch}, the subnet is in epoch ${epoch}`
      }; they never counted`,
    hint: "the validator was down or the reveal kept failing for the whole reveal epoch; keep it running across the reveal window (rodeo_weights_commits_expired_total counts these); a timelocked commit is dropped by the chain when its drand pulse is late (check that Drand.LastStoredRound keeps up) or its weights fail set_weights' checks; the next round commits again",
  },
  WEIGHTS_FAILED: {
    message: (mode: string, reason: string) => `weights ${mode} failed: ${reason}`,
    hint: 'see the log line before this one; the next round tries again',
  },
  PAYOUTS_DISABLED: {
    message: (why: string) => why,
    hint: 'set chain.coldkeyUri (or an encrypted coldkey) on the payer validator',
  },
  NOT_PAYER: {
    message: (why: string) => why,
    hint: 'only the validator with validator.pool.payer on sends payouts; the others read them from chain',
  },
  TWO_PAYERS: {
    message: (why: string) => why,
    hint: 'set validator.pool.payer on exactly one validator of the subnet',
  },
});
