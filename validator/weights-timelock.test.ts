import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, createLocalSubnet, type Signer } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { RECORD, type WeightsTxRecord } from './record-types.js';
import { readRound } from './round-records.js';
import { revealPending, submitWeights, weightsPath } from './weights-tx.js';

const TAO = 1_000_000_000n;
const TEMPO = 10;

/**
 * The validator's weights on a commit-reveal subnet of a chain that offers timelocked commits (the devnet, its
 * own drand beacon): committed with commit_timelocked_weights, revealed by the chain, confirmed from the chain.
 */
describe('validator weights through timelocked commit-reveal', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let validator: Signer;
  let netuid: number;
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    validator = keyring.addFromUri('//Tlock//validator');
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Tlock//owner').address, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: true,
      minAllowedWeights: 1,
    });
    await client.burnedRegister(alice, netuid, validator.address);
    await client.burnedRegister(alice, netuid, keyring.addFromUri('//Tlock//miner').address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);
    await devnet.produceBlocks(TEMPO + 2);
  }, 120_000);

  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await client?.close();
    await devnet?.close();
  });

  async function context(): Promise<ValidatorContext> {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-tlock-')), 'ledger'));
    ledgers.push(ledger);
    return {
      config: ConfigSchema.parse({}),
      netuid,
      chain: client,
      hotkey: validator,
      coldkey: alice,
      ledger,
      logger: silentLogger,
      observer: {},
      versionKey: 0n,
      signal: new AbortController().signal,
    };
  }

  const txs = async (ctx: ValidatorContext, round: number) =>
    (await readRound(ctx.ledger, round)).weightsTx.map((t) => t.data as WeightsTxRecord);

  it('says at start that it uses timelocked commits, and hash commits when asked to', async () => {
    const ctx = await context();
    expect((await weightsPath(ctx)).kind).toBe('timelocked commit-reveal');
    const hash = { ...ctx, config: ConfigSchema.parse({ validator: { weightsCommit: 'hash' } }) };
    expect((await weightsPath(hash)).kind).toBe('hash commit-reveal');
  });

  it('commits timelocked, the chain reveals, the ledger records the chain’s reveal and both hold the same weights', async () => {
    const ctx = await context();
    const values = [65535, 30000];
    await ctx.ledger.append(RECORD.weights, 1, {
      uids: [0, 1],
      weights: values.map((v) => v / 65535),
      emit: { uids: [0, 1], values },
      versionKey: '0',
    });
    await submitWeights(ctx, await readRound(ctx.ledger, 1));
    const committed = await txs(ctx, 1);
    expect(committed.map((d) => `${d.phase}:${d.mode}`)).toEqual(['intent:timelock', 'result:timelock']);
    expect(await client.timelockedCommits(netuid, validator.address)).toHaveLength(1);

    // not revealed yet: nothing recorded
    await revealPending(ctx, await readRound(ctx.ledger, 1));
    expect((await txs(ctx, 1)).filter((d) => d.mode === 'reveal')).toEqual([]);

    for (let i = 0; i < 4 * TEMPO; i++) {
      await devnet.produceBlocks(1);
      await revealPending(ctx, await readRound(ctx.ledger, 1));
      if ((await txs(ctx, 1)).some((d) => d.mode === 'reveal')) break;
    }
    const reveal = (await txs(ctx, 1)).find((d) => d.mode === 'reveal');
    expect(reveal).toMatchObject({ phase: 'result', mode: 'reveal', ok: true });
    const row = (await client.weights(netuid)).find((r) => r.hotkey === validator.address);
    expect(row?.weights.map((w) => [w.uid, w.value])).toEqual([
      [0, 65535],
      [1, 30000],
    ]);
  });

  it('does not take the same weights left on chain by an earlier round for this round’s reveal', async () => {
    const ctx = await context();
    const values = [65535, 30000]; // what the previous test's reveal left on chain
    await ctx.ledger.append(RECORD.weights, 2, {
      uids: [0, 1],
      weights: values.map((v) => v / 65535),
      emit: { uids: [0, 1], values },
      versionKey: '0',
    });
    await submitWeights(ctx, await readRound(ctx.ledger, 2));
    expect((await txs(ctx, 2)).map((d) => `${d.phase}:${d.mode}`)).toEqual([
      'intent:timelock',
      'result:timelock',
    ]);
    // the row already equals the vector, but the commit is still waiting for its round: nothing to record yet
    await revealPending(ctx, await readRound(ctx.ledger, 2));
    expect((await txs(ctx, 2)).filter((d) => d.mode === 'reveal')).toEqual([]);
    for (let i = 0; i < 4 * TEMPO; i++) {
      await devnet.produceBlocks(1);
      await revealPending(ctx, await readRound(ctx.ledger, 2));
      if ((await txs(ctx, 2)).some((d) => d.mode === 'reveal')) break;
    }
    expect((await txs(ctx, 2)).find((d) => d.mode === 'reveal')).toMatchObject({ ok: true });
    expect(await client.timelockedCommits(netuid, validator.address)).toEqual([]);
  });
  it('a timelocked commit the chain dropped unrevealed is not taken for revealed when the row holds the same vector', async () => {
    const base = await context();
    // the drand round this commit is encrypted to comes long after its reveal epoch: the runtime drops it
    const chain = Object.create(client) as ChainClient;
    chain.commitTimelockedWeights = async (hotkey, input) =>
      client.commitTimelockedWeights(hotkey, input, {
        firstRevealBlock: (await client.head()).number + 20 * TEMPO,
      });
    let expiredCount = 0;
    const ctx: ValidatorContext = {
      ...base,
      chain,
      observer: { weightsCommitExpired: () => expiredCount++ },
    };
    const values = [65535, 30000]; // what the earlier reveals left on chain
    expect(
      (await client.weights(netuid)).find((r) => r.hotkey === validator.address)?.weights.map((w) => w.value),
    ).toEqual(values);
    await ctx.ledger.append(RECORD.weights, 3, {
      uids: [0, 1],
      weights: values.map((v) => v / 65535),
      emit: { uids: [0, 1], values },
      versionKey: '0',
    });
    await submitWeights(ctx, await readRound(ctx.ledger, 3));
    expect((await txs(ctx, 3)).map((d) => `${d.phase}:${d.mode}`)).toEqual([
      'intent:timelock',
      'result:timelock',
    ]);
    for (let i = 0; i < 4 * TEMPO; i++) {
      await devnet.produceBlocks(1);
      await revealPending(ctx, await readRound(ctx.ledger, 3));
      if ((await txs(ctx, 3)).some((d) => d.mode === 'reveal')) break;
    }
    expect(await client.timelockedCommits(netuid, validator.address)).toEqual([]);
    expect((await txs(ctx, 3)).find((d) => d.mode === 'reveal')).toMatchObject({
      ok: false,
      code: 'VALIDATOR_WEIGHTS_COMMIT_EXPIRED',
    });
    expect(expiredCount).toBe(1);
  });

  it('a validator restarted after the node pruned the reveal blocks’ events confirms from its row, or says it cannot', async () => {
    const ctx = await context();
    const commit = async (round: number, values: number[]) => {
      await ctx.ledger.append(RECORD.weights, round, {
        uids: [0, 1],
        weights: values.map((v) => v / 65535),
        emit: { uids: [0, 1], values },
        versionKey: '0',
      });
      await submitWeights(ctx, await readRound(ctx.ledger, round));
    };
    // round 4 is watched: confirmed from the chain's event, so the ledger knows what the row held
    await commit(4, [20000, 65535]);
    for (let i = 0; i < 4 * TEMPO && !(await txs(ctx, 4)).some((d) => d.mode === 'reveal'); i++) {
      await devnet.produceBlocks(1);
      await revealPending(ctx, await readRound(ctx.ledger, 4));
    }
    expect((await txs(ctx, 4)).find((d) => d.mode === 'reveal')).toMatchObject({ ok: true });

    // the validator is down: the chain reveals by itself, then runs on past the state it keeps (256 blocks)
    const downWhileRevealed = async (round: number) => {
      for (
        let i = 0;
        i < 4 * TEMPO && (await client.timelockedCommits(netuid, validator.address)).length;
        i++
      )
        await devnet.produceBlocks(1);
      expect(await client.timelockedCommits(netuid, validator.address)).toEqual([]);
      await devnet.produceBlocks(300);
      const restarted: ValidatorContext = { ...ctx, signal: new AbortController().signal };
      await revealPending(restarted, await readRound(ctx.ledger, round));
      return (await txs(ctx, round)).find((d) => d.mode === 'reveal');
    };
    // another vector than round 4's: the row holding it is this commit's reveal
    await commit(5, [65535, 20000]);
    expect(await downWhileRevealed(5)).toMatchObject({ phase: 'result', ok: true, block: 0 });
    const row = (await client.weights(netuid)).find((r) => r.hotkey === validator.address);
    expect(row?.weights.map((w) => w.value)).toEqual([65535, 20000]);
    // the same vector again: the row cannot tell this reveal from round 5's, so it is not taken for one
    await commit(6, [65535, 20000]);
    const unconfirmed = await downWhileRevealed(6);
    expect(unconfirmed).toMatchObject({
      phase: 'result',
      ok: false,
      code: 'VALIDATOR_WEIGHTS_COMMIT_EXPIRED',
    });
    expect(unconfirmed?.phase === 'result' && !unconfirmed.ok && unconfirmed.message).toMatch(
      /pruned the events of blocks .*held the same vector before this commit/,
    );
  }, 120_000);
});
