import type { Commitment, Hyperparams, Metagraph } from '../chain/index.js';
import { SCORING_VERSION } from '../scoring/index.js';
import type { ValidatorContext } from './context.js';
import {
  type MetagraphRecord,
  RECORD,
  type RoundStart,
  type SubmissionRecord,
  type TasksRecord,
} from './record-types.js';
import { fetchReveal } from './reveal.js';
import { drawTasksForRound } from './round-tasks.js';
import { parseSeedCommitment } from './seed-chain.js';
import { seedForRound } from './seeds.js';

const TAO = 1_000_000_000;

export function metagraphRecord(m: Metagraph, hp: Hyperparams): MetagraphRecord {
  return {
    block: m.block,
    blockHash: m.blockHash,
    neurons: m.neurons.map((n) => ({
      uid: n.uid,
      hotkey: n.hotkey,
      coldkey: n.coldkey,
      stake: n.stake.toString(),
      validatorPermit: n.validatorPermit,
      lastUpdate: n.lastUpdate,
      registeredAt: n.registeredAt,
      axon: n.axon ? { ip: n.axon.ip, port: n.axon.port, ipType: n.axon.ipType } : undefined,
    })),
    hyperparams: {
      tempo: hp.tempo,
      weightsSetRateLimit: hp.weightsSetRateLimit,
      maxWeightsLimit: hp.maxWeightsLimit,
      minAllowedWeights: hp.minAllowedWeights,
      weightsVersionKey: hp.weightsVersionKey.toString(),
      commitRevealWeightsEnabled: hp.commitRevealWeightsEnabled,
      revealPeriodEpochs: hp.revealPeriodEpochs,
    },
  };
}

/** Where a miner serves: a Raw http(s) URL in its commitment, else its axon. */
export function endpointOf(
  c: Commitment,
  axon: MetagraphRecord['neurons'][number]['axon'],
): string | undefined {
  for (const f of c.fields) {
    if (f.kind === 'raw' && f.text && /^https?:\/\/\S+$/.test(f.text.trim()))
      return f.text.trim().replace(/\/+$/, '');
  }
  if (!axon || axon.port === 0 || axon.ip === '0.0.0.0' || axon.ip === '::') return undefined;
  return axon.ipType === 6 ? `http://[${axon.ip}]:${axon.port}` : `http://${axon.ip}:${axon.port}`;
}

async function submissions(ctx: ValidatorContext, metagraph: MetagraphRecord): Promise<SubmissionRecord[]> {
  const commitments = await ctx.chain.commitments(ctx.netuid);
  const neurons = new Map(metagraph.neurons.map((n) => [n.hotkey, n]));
  const entries = commitments.flatMap((c) => {
    const neuron = neurons.get(c.hotkey);
    // a validator's round-seed chain anchor is not a submission
    if (!neuron || c.fields.some((f) => f.kind === 'raw' && parseSeedCommitment(f.text))) return [];
    const sha = c.fields.find((f) => f.kind === 'sha256');
    return [
      {
        c,
        neuron,
        committedHash: sha && 'hex' in sha ? sha.hex.replace(/^0x/, '').toLowerCase() : undefined,
      },
    ];
  });
  const { allowPrivateEndpoints, revealTimeoutMs } = ctx.config.validator;
  return Promise.all(
    entries.map(async ({ c, neuron, committedHash }) => {
      const endpoint = endpointOf(c, neuron.axon);
      const reveal = endpoint
        ? await fetchReveal(endpoint, { allowPrivate: allowPrivateEndpoints, timeoutMs: revealTimeoutMs })
        : { ok: false, manifest: undefined, hash: undefined, error: 'no endpoint' };
      return {
        hotkey: c.hotkey,
        uid: neuron.uid,
        commitBlock: c.block,
        commitIndex: c.extrinsicIndex ?? 0,
        committedHash,
        endpoint,
        reveal,
      };
    }),
  );
}

/**
 * Records what the round is built on, in one atomic batch: its settings, the metagraph and hyperparameters,
 * every submission with its reveal, and the tasks drawn from the round's seed (the block hash and the next
 * secret of the validator's committed seed chain, which stays unknown to miners until the round is over).
 */
export async function writeRawRecords(
  ctx: ValidatorContext,
  round: number,
  block: number,
  blockHash: string,
): Promise<void> {
  const { config } = ctx;
  const [metagraph, hp] = await Promise.all([
    ctx.chain.metagraph(ctx.netuid),
    ctx.chain.hyperparams(ctx.netuid),
  ]);
  const meta = metagraphRecord(metagraph, hp);
  const subs = await submissions(ctx, meta);
  const { seed, seedChain } = await seedForRound(ctx, block, blockHash);
  const { tasks, draw } = drawTasksForRound(config, seed);
  const v = config.validator;
  const start: RoundStart = {
    round,
    netuid: ctx.netuid,
    block,
    blockHash,
    seed,
    seedChain,
    validator: ctx.hotkey.address,
    versionKey: ctx.versionKey.toString(),
    settings: {
      profile: config.scoring.profile,
      scoringVersion: SCORING_VERSION,
      weights: config.scoring.weights,
      emaAlpha: v.emaAlpha,
      crownMargin: v.crownMargin,
      policy: { championShare: v.championShare, qualityFloor: v.qualityFloor, burnUid: v.burnUid },
      pool: {
        perDayRao: Math.round(v.pool.perDayTao * TAO),
        blocksPerDay: v.pool.blocksPerDay,
        auditWindowBlocks: v.pool.auditWindowBlocks,
        championShare: v.pool.championShare,
      },
    },
    tasks: { ...draw, count: tasks.length },
  };
  const tasksRecord: TasksRecord = { seed, seedChain, suite: v.suite, tasks };
  await ctx.ledger.appendBatch<unknown>([
    { type: RECORD.start, round, data: start },
    { type: RECORD.metagraph, round, data: meta },
    { type: RECORD.submissions, round, data: { entries: subs } },
    { type: RECORD.tasks, round, data: tasksRecord },
  ]);
}
