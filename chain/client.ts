import type { Call } from '@polkadot/types/interfaces';
import type { ChainConfig, Logger } from '../config/index.js';
import { advise } from './advice.js';
import { calls } from './calls.js';
import { big, field } from './codec.js';
import { weightCommitHash } from './commit-hash.js';
import { locateCommitments, readCommitmentCalls, readCommitmentOf, readCommitments } from './commitments.js';
import { type Connection, openConnection } from './connection.js';
import { connectionFailure } from './decode-error.js';
import {
  type EpochSchedule,
  readEpochSchedule,
  readWeightCommits,
  revealOpensAt,
  type StoredWeightCommit,
} from './epochs.js';
import { ChainErrors } from './errors.js';
import { detectFeatures } from './features.js';
import { readHyperparams } from './hyperparams.js';
import { readMetagraph } from './metagraph.js';
import { findPayouts, findRemark, findRemarks } from './remarks.js';
import { RuntimeView } from './runtime.js';
import { StorageReader } from './storage.js';
import { submitCall } from './submit.js';
import {
  type DrandState,
  planTimelockedCommit,
  readDrandState,
  readTimelockedCommits,
  type TimelockedCommitPlan,
} from './timelocked.js';
import { findTimelockedReveal } from './timelocked-reveals.js';
import type {
  AxonInput,
  ChainFeatures,
  ChainHead,
  Commitment,
  CommitmentField,
  CommitmentInput,
  Hyperparams,
  HyperparamsInput,
  Metagraph,
  PayoutInput,
  PayoutRecord,
  RemarkRecord,
  RevealInput,
  Signer,
  TxResult,
  WeightRow,
  WeightsInput,
} from './types.js';
import { readWeights } from './weight-rows.js';

export interface ChainClientOptions {
  /**
   * Called once each transaction of this client is in the pool. Chains that build blocks on demand (the devnet
   * with blockTimeMs 0, chopsticks in Manual mode) seal a block here; leave unset on real networks.
   */
  onPooled?: () => Promise<void>;
}

/** A Subtensor node: reads (metagraph, hyperparameters, commitments, weights) and signed writes. */
export class ChainClient {
  private readonly reader: StorageReader;
  private cached: { metadata: unknown; view: RuntimeView; features: ChainFeatures } | undefined;
  private readonly commitmentIndexes = new Map<string, number>();

  private constructor(
    private readonly conn: Connection,
    private readonly logger: Logger,
    private readonly options: ChainClientOptions,
    private readonly inclusionTimeoutMs: number,
  ) {
    this.reader = new StorageReader(conn, () => this.view);
  }

  static async connect(
    config: ChainConfig,
    logger: Logger,
    options: ChainClientOptions = {},
  ): Promise<ChainClient> {
    return new ChainClient(await openConnection(config, logger), logger, options, config.inclusionTimeoutMs);
  }

  get url(): string {
    return this.conn.url;
  }

  /** The metadata view and features, rebuilt when polkadot.js loads new metadata (runtime upgrade, reconnect). */
  private runtime(): { view: RuntimeView; features: ChainFeatures } {
    const metadata = this.conn.api.runtimeMetadata;
    if (this.cached?.metadata !== metadata) {
      const view = new RuntimeView(this.conn.api.registry, metadata);
      this.cached = { metadata, view, features: detectFeatures(view) };
    }
    return this.cached;
  }

  get view(): RuntimeView {
    return this.runtime().view;
  }

  get features(): ChainFeatures {
    return this.runtime().features;
  }

  /** JSON-RPC requests sent for reads so far (perf figures). */
  get rpcRequests(): number {
    return this.reader.requests;
  }

  async head(): Promise<ChainHead> {
    try {
      const header = await this.conn.api.rpc.chain.getHeader();
      return { number: header.number.toNumber(), hash: header.hash.toHex() };
    } catch (err) {
      throw connectionFailure(err, this.url, 'reading the head');
    }
  }

  /** Calls `onHead` for every new best block; resolves to the unsubscribe function. */
  async subscribeHeads(onHead: (head: ChainHead) => void): Promise<() => void> {
    try {
      return await this.conn.api.rpc.chain.subscribeNewHeads((header) =>
        onHead({ number: header.number.toNumber(), hash: header.hash.toHex() }),
      );
    } catch (err) {
      throw connectionFailure(err, this.url, 'subscribing to heads');
    }
  }

  /** `mecid`: the mechanism whose LastUpdate and Incentive are read (the main one by default). */
  metagraph(netuid: number, mecid = 0): Promise<Metagraph> {
    return readMetagraph(this.reader, this.view, netuid, mecid);
  }

  hyperparams(netuid: number): Promise<Hyperparams> {
    return readHyperparams(this.reader, this.features, netuid);
  }

  /** When the subnet's epochs fire (stateful scheduler of spec 424+, or the legacy block grid). */
  epochSchedule(netuid: number): Promise<EpochSchedule> {
    return readEpochSchedule(this.reader, this.features, netuid);
  }

  /** A hotkey's pending hash commits with their epochs, and the schedule at the same block. */
  weightCommits(
    netuid: number,
    hotkey: string,
  ): Promise<{ schedule: EpochSchedule; commits: StoredWeightCommit[] }> {
    return readWeightCommits(this.reader, this.features, netuid, hotkey);
  }

  /** Every commitment of the subnet with its block and extrinsic index (the earliest-commit tie-break). */
  async commitments(netuid: number): Promise<Commitment[]> {
    const list = await readCommitments(this.reader, this.view, netuid);
    await locateCommitments(this.reader, this.view, list, this.commitmentIndexes);
    return list;
  }

  /** One hotkey's commitment on a subnet after block `at` (a block hash; the head when unset), without its extrinsic index. */
  commitmentOf(netuid: number, hotkey: string, at?: string): Promise<Commitment | undefined> {
    return readCommitmentOf(this.reader, netuid, hotkey, at);
  }

  /** The fields of each Commitments.set_commitment by `hotkey` on `netuid` in a block's body (no state needed). */
  commitmentCalls(blockHash: string, netuid: number, hotkey: string): Promise<CommitmentField[][]> {
    return readCommitmentCalls(this.reader, this.view, blockHash, netuid, hotkey);
  }

  /** Hash of block `n` (e.g. the block a round is seeded from). */
  async blockHash(n: number): Promise<string> {
    const hash = await this.reader.send<string | null>(
      'chain_getBlockHash',
      [n],
      `reading the hash of block ${n}`,
    );
    if (!hash) throw ChainErrors.UNSUPPORTED(`block ${n} is not known to the node yet`, this.view.runtime);
    return hash;
  }

  /** Weight rows of a subnet's mechanism `mecid` (storage index `netuid + mecid × 4096`; the main one by default). */
  weights(netuid: number, uid?: number, mecid = 0): Promise<WeightRow[]> {
    return readWeights(this.reader, this.view, netuid, uid, mecid);
  }

  /** Free balance of an account, in rao. */
  async balance(address: string): Promise<bigint> {
    const { values } = await this.reader.query([{ pallet: 'system', item: 'account', args: [address] }]);
    return big(field(field(values[0], 'data'), 'free'));
  }

  private async send(
    signer: Signer,
    call: Call,
    name: string,
    where: string,
    /** For hotkey calls on a subnet: errors get advice computed from the chain. */
    netuid?: number,
  ): Promise<TxResult> {
    const label = { call: name, where: [name, where, `by ${signer.address}`].filter(Boolean).join(' ') };
    try {
      const ctx = {
        conn: this.conn,
        logger: this.logger,
        onPooled: this.options.onPooled,
        legacyCustomErrors: this.features.legacyCustomErrors,
        inclusionTimeoutMs: this.inclusionTimeoutMs,
      };
      return await submitCall(ctx, signer, call, label);
    } catch (err) {
      if (netuid === undefined) throw err;
      throw await advise(err, this.reader, this.features, { netuid, hotkey: signer.address });
    }
  }

  /** Signs and submits any call built with `calls` or `view.call` (batches, sudo); resolves once included. */
  submit(signer: Signer, call: Call, name = `${call.section}.${call.method}`): Promise<TxResult> {
    return this.send(signer, call, name, '');
  }

  /** Commitments.set_commitment (hotkey signs): e.g. `[{ sha256: submissionHash }]` or `[{ raw: endpoint }]`. */
  setCommitment(hotkey: Signer, netuid: number, fields: readonly CommitmentInput[]): Promise<TxResult> {
    return this.send(
      hotkey,
      calls.setCommitment(this.view, netuid, fields),
      'set_commitment',
      `on netuid ${netuid}`,
      netuid,
    );
  }

  setWeights(hotkey: Signer, input: WeightsInput): Promise<TxResult> {
    return this.send(
      hotkey,
      calls.setWeights(this.view, input),
      'set_weights',
      `on netuid ${input.netuid}`,
      input.netuid,
    );
  }

  /** commit_weights with the blake2 hash of exactly what `revealWeights` will later send. */
  async commitWeights(hotkey: Signer, input: RevealInput): Promise<TxResult & { hash: string }> {
    const hash = weightCommitHash(hotkey.address, input);
    const result = await this.send(
      hotkey,
      calls.commitWeights(this.view, input.netuid, hash),
      'commit_weights',
      `on netuid ${input.netuid}`,
      input.netuid,
    );
    return { ...result, hash };
  }

  /** The chain's drand state: the beacon (`Drand.BeaconConfig`), its newest stored round and the block time. */
  drandState(): Promise<DrandState> {
    return readDrandState(this.reader, this.view);
  }

  /**
   * commit_timelocked_weights (CR v3/v4): the weights encrypted to the drand round the chain will have by its
   * reveal epoch (from the chain's own drand state); the runtime decrypts and sets them itself at that round,
   * so they count even if this process is gone by then. The reveal epoch's first block comes from the chain's
   * stateful epoch schedule where it has one (spec 424+), else the legacy `tempo + 1` grid; `firstRevealBlock`
   * overrides both.
   */
  async commitTimelockedWeights(
    hotkey: Signer,
    input: WeightsInput,
    options: { firstRevealBlock?: number } = {},
  ): Promise<TxResult & Omit<TimelockedCommitPlan, 'commit'>> {
    const [hp, drand, head, schedule] = await Promise.all([
      this.hyperparams(input.netuid),
      this.drandState(),
      this.head(),
      this.features.statefulEpochs ? this.epochSchedule(input.netuid) : undefined,
    ]);
    // under the stateful scheduler the reveal epoch starts where the schedule says, not on the legacy grid
    const firstRevealBlock =
      options.firstRevealBlock ??
      (schedule
        ? revealOpensAt(schedule, { revealEpoch: schedule.epochForNextBlock + hp.revealPeriodEpochs }) + 1
        : undefined);
    const { commit, ...plan } = planTimelockedCommit(
      { ...input, hotkey: hotkey.address },
      hp,
      drand,
      head.number,
      firstRevealBlock,
    );
    const result = await this.send(
      hotkey,
      calls.commitTimelockedWeights(this.view, input.netuid, { commit, ...plan }, input.mecid),
      'commit_timelocked_weights',
      `on netuid ${input.netuid} (reveal round ${plan.revealRound})`,
      input.netuid,
    );
    return { ...result, ...plan };
  }

  /** A hotkey's timelocked commits still waiting for the runtime's reveal (`TimelockedWeightCommits`). */
  timelockedCommits(netuid: number, hotkey: string, mecid = 0) {
    return readTimelockedCommits(this.reader, this.view, netuid, hotkey, mecid);
  }

  /**
   * The first block in `fromBlock..toBlock` where the runtime revealed a timelocked commit of `hotkey` on the
   * subnet (its `TimelockedWeightsRevealed` event), or undefined: read the range a commit left storage in.
   */
  timelockedRevealIn(netuid: number, hotkey: string, fromBlock: number, toBlock: number, mecid = 0) {
    return findTimelockedReveal(this.reader, netuid, hotkey, mecid, fromBlock, toBlock);
  }

  revealWeights(hotkey: Signer, input: RevealInput): Promise<TxResult> {
    return this.send(
      hotkey,
      calls.revealWeights(this.view, input),
      'reveal_weights',
      `on netuid ${input.netuid}`,
      input.netuid,
    );
  }

  serveAxon(hotkey: Signer, input: AxonInput): Promise<TxResult> {
    return this.send(
      hotkey,
      calls.serveAxon(this.view, input),
      'serve_axon',
      `of ${input.ip}:${input.port} on netuid ${input.netuid}`,
      input.netuid,
    );
  }

  /** transfer_keep_alive (one or more) + remark_with_event(remark) in one utility.batch_all, signed by the coldkey. */
  payout(coldkey: Signer, input: PayoutInput): Promise<TxResult> {
    const transfers = 'transfers' in input ? input.transfers : [input];
    const what = transfers.map((t) => `${t.amount} rao to ${t.dest}`).join(', ');
    return this.send(
      coldkey,
      calls.payout(this.view, this.features, input),
      'payout',
      `of ${what} (remark ${input.remark})`,
    );
  }

  transfer(coldkey: Signer, dest: string, amount: bigint): Promise<TxResult> {
    return this.send(
      coldkey,
      calls.transfer(this.view, dest, amount),
      'transfer_keep_alive',
      `of ${amount} rao to ${dest}`,
    );
  }

  /** The successful extrinsic that wrote `remark` in blocks fromBlock..toBlock (default: the head), if any. */
  async findRemark(remark: string, fromBlock: number, toBlock?: number): Promise<PayoutRecord | undefined> {
    const last = toBlock ?? (await this.head()).number;
    return findRemark(this.reader, this.view, remark, Math.max(0, fromBlock), last);
  }

  /**
   * Every successful remark starting with `prefix` in blocks fromBlock..toBlock (default: the head), each with
   * the transfers batched with it (payouts). Reads every block of the range: keep it bounded.
   */
  async findPayouts(prefix: string, fromBlock: number, toBlock?: number): Promise<PayoutRecord[]> {
    const last = toBlock ?? (await this.head()).number;
    return findPayouts(this.reader, this.view, prefix, Math.max(0, fromBlock), last);
  }

  /** System.remark_with_event of a UTF-8 text, signed (and paid) by `signer`. */
  remark(signer: Signer, text: string): Promise<TxResult> {
    return this.send(signer, calls.remark(this.view, this.features, text), 'remark_with_event', `of ${text}`);
  }

  /**
   * Every successful remark starting with `prefix` in blocks fromBlock..toBlock (default: the head), optionally
   * only those signed by `signer`. Reads every block of the range: keep it bounded.
   */
  async findRemarks(
    prefix: string,
    fromBlock: number,
    toBlock?: number,
    signer?: string,
  ): Promise<RemarkRecord[]> {
    const last = toBlock ?? (await this.head()).number;
    return findRemarks(this.reader, this.view, prefix, Math.max(0, fromBlock), last, signer);
  }

  burnedRegister(coldkey: Signer, netuid: number, hotkey: string): Promise<TxResult> {
    return this.send(
      coldkey,
      calls.burnedRegister(this.view, netuid, hotkey),
      'burned_register',
      `of ${hotkey} on netuid ${netuid}`,
    );
  }

  /** Registers a subnet owned by the coldkey with `hotkey`; resolves to its netuid. */
  async registerNetwork(coldkey: Signer, hotkey: string): Promise<{ netuid: number } & TxResult> {
    const result = await this.send(
      coldkey,
      calls.registerNetwork(this.view, this.features, hotkey),
      'register_network',
      `for ${hotkey}`,
    );
    const added = result.events.find((e) => e.pallet === 'subtensorModule' && e.name === 'NetworkAdded');
    if (!added)
      throw ChainErrors.UNSUPPORTED('register_network without a NetworkAdded event', this.view.runtime);
    return { netuid: Number((added.data as unknown[])[0]), ...result };
  }

  addStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint): Promise<TxResult> {
    return this.send(
      coldkey,
      calls.addStake(this.view, hotkey, netuid, amount),
      'add_stake',
      `of ${amount} rao on ${hotkey} netuid ${netuid}`,
    );
  }

  /** Starts a new subnet's emissions and epochs (current runtimes; absent on spec 218). */
  startCall(ownerColdkey: Signer, netuid: number): Promise<TxResult> {
    return this.send(ownerColdkey, calls.startCall(this.view, netuid), 'start_call', `on netuid ${netuid}`);
  }

  /**
   * Funds accounts from the sudo key: sets their free balance with sudo(force_set_balance), or, on runtimes
   * without it, transfers `free` to each in one batch.
   */
  sudoFund(sudo: Signer, accounts: readonly string[], free: bigint): Promise<TxResult> {
    const where = `of ${accounts.length} account(s)`;
    if (!this.view.hasCall('balances', 'forceSetBalance')) {
      const transfers = accounts.map((who) => calls.transfer(this.view, who, free));
      return this.send(sudo, this.view.call('utility', 'batchAll', transfers), 'fund', where);
    }
    const inner = accounts.map((who) => calls.forceSetBalance(this.view, who, free));
    return this.send(sudo, calls.sudo(this.view, inner), 'sudo force_set_balance', where);
  }

  /** Sudo: blocks a new subnet waits before start_call (0 on devnets). */
  sudoSetStartCallDelay(sudo: Signer, blocks: number): Promise<TxResult> {
    const inner = calls.startCallDelay(this.view, blocks);
    return this.send(sudo, calls.sudo(this.view, [inner]), 'sudo start_call_delay', `to ${blocks}`);
  }

  /** Sudo: sets subnet hyperparameters through AdminUtils in one atomic batch. */
  sudoSetHyperparams(sudo: Signer, netuid: number, input: HyperparamsInput): Promise<TxResult> {
    const inner = calls.hyperparams(this.view, netuid, input);
    return this.send(sudo, calls.sudo(this.view, inner), 'sudo admin_utils', `on netuid ${netuid}`);
  }

  /** Sudo: blocks between two subnet registrations (0 lets tests register at once). */
  sudoSetNetworkRateLimit(sudo: Signer, blocks: number): Promise<TxResult> {
    return this.send(
      sudo,
      calls.sudo(this.view, [calls.networkRateLimit(this.view, blocks)]),
      'sudo network_rate_limit',
      '',
    );
  }

  /** Sudo: the admin freeze window before each epoch (0 lets tests change hyperparameters at any block). */
  sudoSetAdminFreezeWindow(sudo: Signer, blocks: number): Promise<TxResult> {
    const inner = calls.adminFreezeWindow(this.view, blocks);
    return this.send(sudo, calls.sudo(this.view, [inner]), 'sudo admin_freeze_window', `to ${blocks}`);
  }

  /** Sudo: minimum stake to set weights (StakeThreshold, WeightsMinStake on spec 218). */
  sudoSetStakeThreshold(sudo: Signer, amount: bigint): Promise<TxResult> {
    const inner = calls.stakeThreshold(this.view, this.features, amount);
    return this.send(sudo, calls.sudo(this.view, [inner]), 'sudo stake_threshold', `to ${amount}`);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}

/** Connects to chain.endpoint (finney | test | local | ws(s)://) with reconnect and backoff. */
export function connectChain(
  config: ChainConfig,
  logger: Logger,
  options?: ChainClientOptions,
): Promise<ChainClient> {
  return ChainClient.connect(config, logger, options);
}
