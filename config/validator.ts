import { isIP } from 'node:net';
import { z } from 'zod';
import { port, positiveMs, secret } from './fields.js';

const positiveInt = (fallback: number, description: string) =>
  z.number().int().positive().default(fallback).describe(description);

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, a CIDR (address/prefix) or a named range, as the proxy trust check takes them. */
function isProxyAddress(value: string): boolean {
  if (PROXY_RANGES.has(value)) return true;
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const proxyAddress = z
  .string()
  .refine(
    isProxyAddress,
    'expected an IP address, a CIDR such as 10.0.0.0/8, or loopback/linklocal/uniquelocal',
  );

const ArenaSchema = z
  .object({
    enabled: z.boolean().default(true).describe('offer the arena (A/B battles between eligible miners)'),
    model: z.string().min(1).default('janus').describe('`model` sent to miners in arena requests'),
    maxPromptChars: positiveInt(2000, 'longest arena prompt accepted'),
    maxTokens: positiveInt(512, '`max_tokens` sent to miners in arena requests'),
    timeoutMs: positiveMs(60_000, 'deadline for one miner answer in the arena'),
    maxAnswerChars: positiveInt(16_000, 'answer text kept per miner; the rest is cut'),
    maxResponseBytes: positiveInt(1_048_576, 'bytes read from one miner response'),
    votesPerHour: positiveInt(
      50,
      'votes one client may cast per hour (a client: one IPv4 address or one IPv6 /64)',
    ),
    battlesPerHour: positiveInt(
      100,
      'battles one client may start per hour (a client: one IPv4 address or one IPv6 /64)',
    ),
    minViewMs: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe('time a battle must be on screen before its vote counts'),
    battleTtlMs: positiveMs(900_000, 'how long an unvoted battle is kept'),
    maxOpenBattles: positiveInt(64, 'battles kept at once across all clients'),
    maxOpenBattlesPerClient: positiveInt(
      2,
      'unvoted battles one client may hold at once, so no client can take every slot of maxOpenBattles',
    ),
  })
  .strict();

const share = (fallback: number, description: string) =>
  z.number().min(0).max(1).default(fallback).describe(description);

const PoolSchema = z
  .object({
    perDayTao: z
      .number()
      .min(0)
      .default(0)
      .describe('TAO the prize pool accrues per day while one champion holds #1 (0 = no pool)'),
    auditWindowBlocks: z
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('blocks a new champion must hold #1, undisqualified, before the pool is paid'),
    championShare: share(
      0.8,
      'share of a payout sent to the champion; the rest goes to its declared component builders',
    ),
    blocksPerDay: positiveInt(7200, 'blocks per day used to accrue the pool (12 s blocks: 7200)'),
    payer: z
      .boolean()
      .default(false)
      .describe(
        "this validator is the subnet's one payer: it sends pool payouts signed by the coldkey that owns its hotkey (chain.coldkeyUri, else the wallet's coldkey file, encrypted or not). Off: the pool is tracked, and the payer's payouts are read from chain and shown, never sent. Set it on one validator per subnet; a second payer is reported and sends nothing the first already paid",
      ),
    payouts: z
      .boolean()
      .optional()
      .describe('deprecated: the same as validator.pool.payer (kept for older config files)'),
  })
  .strict();

const weight = (fallback: number, what: string) =>
  z.number().min(0).default(fallback).describe(`relative weight of ${what} in a round (0 = never drawn)`);

/**
 * The round's task mix per category. The defaults follow the composite's weights: quality (0.4) and speed (0.2)
 * are graded on every task, so most tasks go to the six answer categories; streaming (0.15) and cost (0.15) get
 * long-form and cost-bounded tasks of their own; multimodal (0.1) is fed only by the two multimodal categories.
 * A 30-task round draws chat 4, reasoning 3, knowledge 3, research 3, coding 3, tool_use 3, multimodal_input 2,
 * multimodal_output 2, streaming 4, cost 3.
 */
const TaskMixSchema = z
  .object({
    chat: weight(0.13, 'chat tasks (instruction following with checkable rules, multi-turn context)'),
    reasoning: weight(0.1, 'multi-step reasoning tasks (arithmetic, word problems)'),
    knowledge: weight(0.1, 'knowledge tasks composed of several facts'),
    research: weight(0.1, 'research tasks over sources given in the prompt, with citations'),
    coding: weight(0.1, 'coding tasks graded by running tests'),
    tool_use: weight(0.1, 'tool-use tasks'),
    multimodal_input: weight(0.07, 'image-input tasks'),
    multimodal_output: weight(0.07, 'image and structured output tasks'),
    streaming: weight(0.13, 'long-form streaming tasks with a checked structure'),
    cost: weight(0.1, 'cost-bounded tasks (a stated output budget, sent as max_tokens)'),
  })
  .strict()
  .refine((m) => Object.values(m).some((w) => w > 0), {
    message: 'at least one category needs a weight above 0',
  });

export const ValidatorSchema = z
  .object({
    dataDir: z.string().min(1).default('./data').describe('where the ledger and state live'),
    roundBlocks: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('blocks per round; rounds start at multiples of it (0 = the subnet tempo + 1)'),
    tasksPerRound: positiveInt(30, 'tasks each miner runs per round'),
    suite: z
      .string()
      .min(1)
      .default('private/rotating')
      .describe(
        'suite the round tasks come from (seeded by the round block hash and a secret round-seed chain of the validator)',
      )
      .refine((s) => !s.startsWith('public/'), {
        message:
          'public suites (public/train, public/dev) are visible to every miner and never drawn into scored rounds; use private/rotating',
      }),
    taskMix: TaskMixSchema.prefault({}).describe(
      'relative weight of each task category in a round: every category with a weight above 0 gets at least one task when tasksPerRound allows; the default 30-task round draws chat 4, reasoning 3, knowledge 3, research 3, coding 3, tool_use 3, multimodal_input 2, multimodal_output 2, streaming 4, cost 3',
    ),
    privateTaskFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        "a JSONL file of the operator's own private tasks (janus-bench public format or ours), mixed into every round's draw; its sha256 is recorded in each round, and `rodeo validator replay --private-tasks FILE` needs the same file. Tasks of the public suites are refused",
      ),
    privateTaskShare: share(
      0.5,
      'share of each category’s tasks in a round taken from validator.privateTaskFile, while it has tasks of that category',
    ),
    minerConcurrency: positiveInt(1, 'tasks in flight per miner (1 = one at a time)'),
    allowPrivateEndpoints: z
      .boolean()
      .default(false)
      .describe('benchmark endpoints on private, loopback or link-local addresses (only for a local devnet)'),
    revealTimeoutMs: positiveMs(5000, 'deadline for fetching a miner manifest (GET /v1/submission)'),
    blockTimeMs: positiveInt(12_000, 'expected time between blocks on the chain, ms (finney: 12000)'),
    mechanism: z
      .number()
      .int()
      .min(0)
      .max(15)
      .default(0)
      .describe(
        "the subnet mechanism this validator's weights go to (0 = the main one; a subnet with MechanismCountCurrent > 1 has more): set_mechanism_weights / commit_timelocked_mechanism_weights, storage index netuid + mechanism × 4096",
      ),
    weightsCommit: z
      .enum(['auto', 'hash'])
      .default('auto')
      .describe(
        'how weights are committed on a commit-reveal subnet: auto = timelocked (drand) commits where the chain offers them, hash commits otherwise; hash = hash commits this validator reveals itself in their window',
      ),
    weightsReserveBlocks: z
      .number()
      .int()
      .min(0)
      .default(3)
      .describe(
        "blocks before the next epoch by which a round benchmark ends (rounds aligned to epochs), so scoring and the weights commit land in the round's own epoch",
      ),
    roundDeadlineMs: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'time the benchmark of a round may take, from its start; tasks still running then fail with BENCH_ROUND_DEADLINE (0 = half a round: roundBlocks x blockTimeMs / 2, leaving the rest for scoring, weights and the reveal)',
      ),
    maxRoundAttempts: positiveInt(
      3,
      'attempts at a round that keeps failing before it is sealed as skipped with its reason, so the next round starts on time',
    ),
    maxStoredCharsPerMiner: positiveInt(
      3_000_000,
      'answer characters stored per miner per round, shared equally by its tasks (each at most bench.maxStoredChars)',
    ),
    emaAlpha: share(0.2, 'weight of the newest round in each miner moving average'),
    crownMargin: z
      .number()
      .min(0)
      .max(100)
      .default(2)
      .describe('crown threshold margin: a challenger needs > sota + margin*(100-sota)/100'),
    qualityFloor: z
      .number()
      .min(0)
      .max(100)
      .default(10)
      .describe('averages at or below this earn no weight and cannot hold #1'),
    championShare: share(0.5, 'share of the weight vector given to the champion'),
    burnUid: z.number().int().min(0).max(65535).default(0).describe('uid receiving the weight nobody earned'),
    setWeights: z
      .boolean()
      .default(true)
      .describe('set weights on chain (off: dry run, everything else happens)'),
    anchorEveryRounds: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe(
        'anchor the ledger head on chain after every Nth sealed round: a System.remark_with_event signed, and paid for, by the hotkey (a transaction fee per anchor); `rodeo replay --chain` then detects a ledger cut short or rewritten before it. 0 = never (the devnet default)',
      ),
    anchorScanBlocks: positiveInt(
      7200,
      'blocks `rodeo replay --chain` reads past the last anchor the ledger records, looking for later anchors (two requests per block)',
    ),
    seedChainLength: z
      .number()
      .int()
      .min(2)
      .default(1000)
      .describe(
        'length N of a secret round-seed chain, which seeds N-1 rounds: its anchor is committed on chain (Commitments, under the hotkey) before its first round, and each round seeds its tasks from the next secret of the chain, revealed once the round is over; the secrets live in validator.dataDir/round-seeds.secret (mode 0600)',
      ),
    seedRenewBefore: positiveInt(
      10,
      'commit the next round-seed chain when the current one has this many rounds left',
    ),
    pool: PoolSchema.prefault({}),
    api: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('validator HTTP API address'),
        port: port(8090, 'validator HTTP API port'),
        adminToken: secret(
          'bearer token for /api/admin/* (pause, resume, disqualify); unset: admin actions are refused',
        ),
        trustedProxies: z
          .array(proxyAddress)
          .default([])
          .describe(
            'addresses or CIDRs of your reverse proxies (or loopback, linklocal, uniquelocal): X-Forwarded-For is read from the right and the first address not in this list is the client; empty: the connecting address is the client, X-Forwarded-For is ignored',
          ),
        proxyHops: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe(
            'instead of trustedProxies: the number of proxies in front of the API; the client is that many entries from the right of X-Forwarded-For. Only when the API cannot be reached except through them (a direct client could name any address); 0: off',
          ),
        keepAliveMs: positiveMs(15_000, 'keep-alive comment interval on /api/events and arena streams'),
        arena: ArenaSchema.prefault({}),
      })
      .strict()
      .refine((api) => api.trustedProxies.length === 0 || api.proxyHops === 0, {
        message: 'set trustedProxies or proxyHops, not both',
        path: ['proxyHops'],
      })
      .prefault({}),
  })
  .strict();
