import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import {
  type ChainClient,
  connectChain,
  createLocalSubnet,
  revealStanding,
  type Signer,
} from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { createValidatorMetrics } from './http/index.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
import { type RevealScheduler, startRevealScheduler } from './reveal-scheduler.js';
import { readRound } from './round-records.js';
import { submitWeights, weightsPath } from './weights-tx.js';

const TAO = 1_000_000_000n;
const TEMPO = 12;

/**
 * The reveal scheduler on a devnet running subtensor's stateful epoch scheduler (spec 424+), hash
 * commit-reveal on, RevealPeriodEpochs 1: every reveal must land in exactly the epoch after its commit's.
 */
describe('reveal scheduler (stateful epochs, hash commit-reveal)', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let validator: Signer;
  let netuid: number;
  let keyring: Keyring;
  const ledgers: Ledger[] = [];
  const schedulers: RevealScheduler[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, validator] = ['//Alice', '//Reveal//validator'].map((u) => keyring.addFromUri(u)) as [
      Signer,
      Signer,
    ];
    devnet = await startDevnet({ port: 0, blockTimeMs: 0, statefulEpochs: true });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Reveal//owner').address, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      minAllowedWeights: 1,
    });
    await client.burnedRegister(alice, netuid, validator.address);
    await client.burnedRegister(alice, netuid, keyring.addFromUri('//Reveal//miner').address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);
    await devnet.produceBlocks(TEMPO + 1); // an epoch gives the validator its permit
    await client.sudoSetHyperparams(alice, netuid, {
      commitRevealWeightsEnabled: true,
      revealPeriodEpochs: 1,
    });
  }, 120_000);

  // a scheduler left running would act for the same hotkey in the next test (a second signer of its nonces)
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
  });

  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await client?.close();
    await devnet?.close();
  });

  async function context() {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-reveal-')), 'ledger'));
    ledgers.push(ledger);
    const metrics = createValidatorMetrics();
    const ctx: ValidatorContext = {
      // hash commits even where the devnet offers timelocked ones: this is the path under test
      config: ConfigSchema.parse({ validator: { weightsCommit: 'hash' } }),
      netuid,
      chain: client,
      hotkey: validator,
      coldkey: alice,
      ledger,
      logger: silentLogger,
      observer: {
        weightsSet: (ok) => metrics.weightsSet(ok),
        weightsCommitExpired: () => metrics.weightsCommitExpired(),
      },
      versionKey: 0n,
      signal: new AbortController().signal,
    };
    return { ctx, metrics };
  }

  async function commitRound(ctx: ValidatorContext, round: number, values: [number, number]) {
    await ctx.ledger.append(RECORD.weights, round, {
      uids: [0, 1],
      weights: values.map((v) => v / 65535),
      emit: { uids: [0, 1], values },
      versionKey: '0',
    });
    await submitWeights(ctx, await readRound(ctx.ledger, round));
    const commit = (await client.weightCommits(netuid, validator.address)).commits.at(-1);
    if (!commit) throw new Error('no commit on chain');
    return commit;
  }

  const reveals = async (ctx: ValidatorContext, round: number) =>
    (await readRound(ctx.ledger, round)).weightsTx
      .map((t) => t.data as WeightsTxRecord)
      .filter((d) => d.phase === 'result' && d.mode === 'reveal');

  const chainRow = async () =>
    (await client.weights(netuid)).find((r) => r.hotkey === validator.address)?.weights.map((w) => w.value);

  /** One block at a time, the scheduler looking after each, until `done` or `max` blocks. */
  async function blockByBlock(scheduler: RevealScheduler, done: () => Promise<boolean>, max: number) {
    for (let i = 0; i < max && !(await done()); i++) {
      await devnet.produceBlocks(1);
      await scheduler.tick();
    }
  }

  it('says the weights path at start: hash commit-reveal on stateful epochs', async () => {
    const { ctx } = await context();
    const path = await weightsPath(ctx);
    expect(path.kind).toBe('hash commit-reveal');
    expect(path.epochs).toBe('stateful');
  });

  it('reveals in exactly the epoch commit + RevealPeriodEpochs, and the chain holds what the ledger committed', async () => {
    const { ctx } = await context();
    const scheduler = await startRevealScheduler(ctx);
    schedulers.push(scheduler);
    const commit = await commitRound(ctx, 1, [65535, 21845]);
    expect(scheduler.pending()).toEqual([1]);
    await scheduler.tick();
    expect(await reveals(ctx, 1)).toEqual([]); // too early: nothing sent, nothing recorded
    await blockByBlock(scheduler, async () => (await reveals(ctx, 1)).length > 0, 3 * TEMPO);
    const [result] = await reveals(ctx, 1);
    expect(result).toMatchObject({ ok: true });
    expect(scheduler.pending()).toEqual([]);
    // included in a block judged in the reveal epoch
    const epochNow = (await client.epochSchedule(netuid)).epoch;
    expect(epochNow).toBe(commit.revealEpoch);
    expect(await chainRow()).toEqual([65535, 21845]);
  });

  it('keeps revealing while a round runs longer than a tempo (the round loop is busy; the scheduler is not)', async () => {
    const { ctx } = await context();
    const scheduler = await startRevealScheduler(ctx);
    schedulers.push(scheduler);
    const commit = await commitRound(ctx, 1, [30000, 65535]);
    // a long round: 2 tempos of blocks pass without the round loop touching weights
    await blockByBlock(scheduler, async () => false, 2 * TEMPO);
    const [result] = await reveals(ctx, 1);
    expect(result).toMatchObject({ ok: true });
    expect(commit.revealEpoch).toBe(commit.epoch + 1);
    expect(await chainRow()).toEqual([30000, 65535]);
  });

  it('reports a commit whose validator was down for the whole window as expired; the next round recovers', async () => {
    const { ctx, metrics } = await context();
    const commit = await commitRound(ctx, 1, [65535, 1000]);
    // the validator is down: two epochs pass, the reveal epoch among them
    for (let i = 0; i < 3 * TEMPO; i++) {
      await devnet.produceBlocks(1);
      const { schedule } = await client.weightCommits(netuid, validator.address);
      if (revealStanding(schedule, commit) === 'expired') break;
    }
    const scheduler = await startRevealScheduler(ctx); // back up: the first look happens at start
    schedulers.push(scheduler);
    const [result] = await reveals(ctx, 1);
    expect(result).toMatchObject({ ok: false, code: 'VALIDATOR_WEIGHTS_COMMIT_EXPIRED', retryable: false });
    expect((result as { message: string }).message).toContain(`epoch ${commit.revealEpoch}`);
    expect(await metrics.text()).toMatch(/^rodeo_weights_commits_expired_total 1$/m);
    expect(await chainRow()).not.toEqual([65535, 1000]);
    // the next round commits again and its reveal lands
    await commitRound(ctx, 2, [12345, 65535]);
    await blockByBlock(scheduler, async () => (await reveals(ctx, 2)).length > 0, 3 * TEMPO);
    expect((await reveals(ctx, 2))[0]).toMatchObject({ ok: true });
    expect(await chainRow()).toEqual([12345, 65535]);
    expect(await metrics.text()).toMatch(/^rodeo_weights_commits_expired_total 1$/m);
  });

  it('a commit dropped unrevealed is expired even when the row holds the same vector from an earlier round', async () => {
    const { ctx, metrics } = await context();
    const same: [number, number] = [65535, 4321];
    // round 1 commits the vector and reveals it: our row holds it
    const first = await startRevealScheduler(ctx);
    try {
      await commitRound(ctx, 1, same);
      await blockByBlock(first, async () => (await reveals(ctx, 1)).length > 0, 3 * TEMPO);
      expect((await reveals(ctx, 1))[0]).toMatchObject({ ok: true });
    } finally {
      await first.stop();
    }
    expect(await chainRow()).toEqual(same);
    // round 2 commits the same vector; the validator is down for its whole reveal window
    const commit2 = await commitRound(ctx, 2, same);
    for (let i = 0; i < 3 * TEMPO; i++) {
      await devnet.produceBlocks(1);
      const { schedule } = await client.weightCommits(netuid, validator.address);
      if (revealStanding(schedule, commit2) === 'expired') break;
    }
    // round 3's commit makes the chain drop round 2's expired one: it is gone, unrevealed
    await commitRound(ctx, 3, [1, 65535]);
    const stored = (await client.weightCommits(netuid, validator.address)).commits.map((c) => c.hash);
    expect(stored).not.toContain(commit2.hash);
    const scheduler = await startRevealScheduler(ctx);
    schedulers.push(scheduler);
    const [result] = await reveals(ctx, 2);
    expect(result).toMatchObject({ ok: false, code: 'VALIDATOR_WEIGHTS_COMMIT_EXPIRED' });
    expect(await metrics.text()).toMatch(/^rodeo_weights_commits_expired_total 1$/m);
  });

  it('a reveal sent by a run stopped before it recorded the outcome is found on chain and recorded as revealed', async () => {
    const { ctx } = await context();
    const commit = await commitRound(ctx, 1, [65535, 777]);
    for (let i = 0; i < 3 * TEMPO; i++) {
      const { schedule } = await client.weightCommits(netuid, validator.address);
      if (revealStanding(schedule, commit) !== 'early') break;
      await devnet.produceBlocks(1);
    }
    // what revealIfDue does before it sends, then the send, then the process is gone
    const intent = (await readRound(ctx.ledger, 1)).weightsTx
      .map((t) => t.data as WeightsTxRecord)
      .find((d) => d.phase === 'intent' && d.mode === 'commit');
    if (intent?.phase !== 'intent' || !intent.salt) throw new Error('no commit intent');
    const head = (await client.head()).number;
    await ctx.ledger.append(RECORD.weightsTx, 1, {
      forRound: 1,
      phase: 'intent',
      mode: 'reveal',
      uids: intent.uids,
      values: intent.values,
      head,
    });
    await client.revealWeights(validator, {
      netuid,
      uids: intent.uids,
      values: intent.values,
      salt: intent.salt,
      versionKey: 0n,
    });
    const scheduler = await startRevealScheduler(ctx);
    schedulers.push(scheduler);
    expect((await reveals(ctx, 1))[0]).toMatchObject({ ok: true });
    expect(await chainRow()).toEqual([65535, 777]);
  });

  it('follows an epoch brought forward (root resets the cycle with a shorter tempo): the reveal comes early, at the new epoch', async () => {
    const { ctx } = await context();
    const scheduler = await startRevealScheduler(ctx);
    schedulers.push(scheduler);
    // the owner's trigger_epoch is refused while commit-reveal is on, as on the real runtime
    const trigger = client.view.call('subtensorModule', 'triggerEpoch', netuid);
    await expect(client.submit(alice, trigger)).rejects.toThrow(/DynamicTempoBlockedByCommitReveal/);
    const commit = await commitRound(ctx, 1, [4000, 65535]);
    const before = await client.epochSchedule(netuid);
    // sudo_set_tempo resets LastEpochBlock: the next epoch fires 4 blocks from now instead of up to TEMPO
    await client.submit(
      alice,
      client.view.call('sudo', 'sudo', client.view.call('adminUtils', 'sudoSetTempo', netuid, 4)),
    );
    const after = await client.epochSchedule(netuid);
    expect(after.nextEpochBlock).toBeLessThan(before.nextEpochBlock ?? 0);
    await blockByBlock(scheduler, async () => (await reveals(ctx, 1)).length > 0, 3 * TEMPO);
    const [result] = await reveals(ctx, 1);
    expect(result).toMatchObject({ ok: true });
    expect((result as { block: number }).block).toBeLessThanOrEqual((after.nextEpochBlock ?? 0) + 4);
    expect(await chainRow()).toEqual([4000, 65535]);
    expect((await client.epochSchedule(netuid)).epoch).toBe(commit.revealEpoch);
    await client.submit(
      alice,
      client.view.call('sudo', 'sudo', client.view.call('adminUtils', 'sudoSetTempo', netuid, TEMPO)),
    );
  });
});
