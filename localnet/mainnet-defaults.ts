import type { ChainClient, Signer } from '../chain/index.js';
import { ConfigSchema } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import { RECORD, type WeightsRecord, type WeightsTxRecord, weightsPath } from '../validator/index.js';

/**
 * Subtensor's defaults for a new subnet on mainnet (finney), which `rodeo devnet --mainnet-defaults` runs instead
 * of the fast settings: commit-reveal on at version 4, reveal one epoch after the commit, the admin freeze window
 * before each epoch, the weights rate limit, and the stateful epoch scheduler (spec 424+).
 */
export const MAINNET = {
  tempo: 360,
  commitRevealVersion: 4,
  revealPeriodEpochs: 1,
  adminFreezeWindow: 10,
  weightsSetRateLimit: 100,
} as const;

/** A devnet tempo short enough for a local run, long enough for the 10-block freeze window to leave room. */
export const MIN_MAINNET_DEVNET_TEMPO = 20;

/** The devnet's tempo with mainnet defaults: --round-blocks, at least MIN_MAINNET_DEVNET_TEMPO. */
export const mainnetTempo = (roundBlocks: number) => Math.max(MIN_MAINNET_DEVNET_TEMPO, roundBlocks);

/** The weights rate limit at the same share of the tempo as mainnet's 100 of 360 blocks. */
export const mainnetRateLimit = (tempo: number) =>
  Math.max(1, Math.round((MAINNET.weightsSetRateLimit * tempo) / MAINNET.tempo));

/** Puts mainnet's weights settings on a devnet subnet set up with the fast ones; the freeze window goes last. */
export async function applyMainnetDefaults(
  client: ChainClient,
  sudo: Signer,
  netuid: number,
  tempo: number,
): Promise<void> {
  await client.sudoSetHyperparams(sudo, netuid, {
    commitRevealWeightsEnabled: true,
    revealPeriodEpochs: MAINNET.revealPeriodEpochs,
    weightsSetRateLimit: mainnetRateLimit(tempo),
  });
  const { view } = client;
  await client.submit(
    sudo,
    view.call(
      'sudo',
      'sudo',
      view.call('adminUtils', 'sudoSetCommitRevealVersion', MAINNET.commitRevealVersion),
    ),
  );
  await client.sudoSetAdminFreezeWindow(sudo, MAINNET.adminFreezeWindow);
}

export interface WeightsLanded {
  /** The path the ledger shows weights went through. */
  path: 'timelocked commit-reveal' | 'hash commit-reveal' | 'plain set_weights' | 'none';
  /** The latest round whose weights the chain counted (set, or revealed), and what the ledger has for it. */
  round: number | undefined;
  emit: { uid: number; value: number }[] | undefined;
  /** Commits whose reveal was reported expired. */
  expired: number;
}

/** What a validator's ledger says about its weights on chain: which path, and the latest round that landed. */
export async function weightsLanded(ledger: Ledger): Promise<WeightsLanded> {
  const modes = new Set<string>();
  let round: number | undefined;
  let expired = 0;
  for await (const rec of ledger.records<WeightsTxRecord>({ type: RECORD.weightsTx })) {
    const d = rec.data;
    if (d.phase !== 'result') continue;
    if (d.ok) modes.add(d.mode);
    if (d.ok && (d.mode === 'set' || d.mode === 'reveal')) round = d.forRound;
    if (!d.ok && d.mode === 'reveal' && d.code === 'VALIDATOR_WEIGHTS_COMMIT_EXPIRED') expired++;
  }
  const path = modes.has('timelock')
    ? 'timelocked commit-reveal'
    : modes.has('commit')
      ? 'hash commit-reveal'
      : modes.has('set')
        ? 'plain set_weights'
        : 'none';
  if (round === undefined) return { path, round, emit: undefined, expired };
  const weights = await ledger.lastRecord<WeightsRecord>(RECORD.weights, round);
  const emit = weights?.data.emit;
  return {
    path,
    round,
    emit: emit?.uids.map((uid, i) => ({ uid, value: emit.values[i] ?? 0 })),
    expired,
  };
}

/** The line `rodeo devnet` prints once the subnet is set up: the weights path its validators take, and why. */
export async function weightsSettingsText(
  client: ChainClient,
  netuid: number,
  mainnet: boolean,
): Promise<string> {
  const path = await weightsPath({ chain: client, netuid, config: ConfigSchema.parse({}) });
  const hp = await client.hyperparams(netuid);
  const settings = hp.commitRevealWeightsEnabled
    ? `, CR version ${hp.commitRevealVersion ?? '?'}, weights rate limit ${hp.weightsSetRateLimit} blocks`
    : '';
  return `weights path: ${path.description}${settings}${mainnet ? ' (mainnet defaults)' : " (fast devnet settings; --mainnet-defaults for mainnet's)"}`;
}

/** The line printed after the rounds: which path the weights actually went through, and what landed. */
export async function weightsLandedText(ledger: Ledger, number: number, of: number): Promise<string> {
  const landed = await weightsLanded(ledger);
  const who = of > 1 ? `validator ${number}: ` : '';
  const last = landed.round === undefined ? 'no round landed yet' : `latest on chain: round ${landed.round}`;
  const expired = landed.expired > 0 ? `, ${landed.expired} commit(s) expired unrevealed` : '';
  return `${who}weights went through ${landed.path} (${last}${expired})`;
}
