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
import { payOnce } from './payouts.js';
import { RECORD } from './record-types.js';
import { readRound } from './round-records.js';
import { revealPending, submitWeights } from './weights-tx.js';

const TAO = 1_000_000_000n;
const TEMPO = 5;

/**
 * Exactly-once against the devnet over WebSocket: a restart that finds an intent whose extrinsic already
 * reached the chain records what the chain shows and sends nothing again.
 */
describe('weights and payouts are sent once across a crash', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let validator: Signer;
  let payee: Signer;
  let netuid: number;
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, validator, payee] = ['//Alice', '//Once//validator', '//Once//payee'].map((u) =>
      keyring.addFromUri(u),
    ) as [Signer, Signer, Signer];
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Once//owner').address, {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      minAllowedWeights: 1,
    });
    await client.burnedRegister(alice, netuid, validator.address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);
    await devnet.produceBlocks(TEMPO + 2);
  });

  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await client?.close();
    await devnet?.close();
  });

  async function context(): Promise<ValidatorContext> {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-once-')), 'ledger'));
    ledgers.push(ledger);
    // hash commits, revealed by this validator, even where the devnet offers timelocked ones
    const config = ConfigSchema.parse({ validator: { weightsCommit: 'hash', pool: { payouts: true } } });
    return {
      config,
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

  it('sets weights and records the extrinsic; a second call sends nothing', async () => {
    const ctx = await context();
    await ctx.ledger.append(RECORD.weights, 1, {
      uids: [0, 1],
      weights: [0.25, 0.75],
      emit: { uids: [0, 1], values: [21845, 65535] },
      versionKey: '0',
    });
    await submitWeights(ctx, await readRound(ctx.ledger, 1));
    const rec = await readRound(ctx.ledger, 1);
    expect(rec.weightsTx.map((t) => t.data.phase)).toEqual(['intent', 'result']);
    const result = rec.weightsTx[1]!.data;
    expect(result.phase === 'result' && result.ok).toBe(true);
    const before = (await client.head()).number;
    await submitWeights(ctx, rec);
    expect((await readRound(ctx.ledger, 1)).weightsTx).toHaveLength(2);
    expect((await client.head()).number).toBe(before);
    const row = (await client.weights(netuid)).find((r) => r.hotkey === validator.address);
    expect(row?.weights.map((w) => [w.uid, w.value])).toEqual([
      [0, 21845],
      [1, 65535],
    ]);
  });

  it('after a kill between sending and recording, finds the weights on chain instead of sending again', async () => {
    const ctx = await context();
    const emit = { uids: [0, 1], values: [65535, 32768] };
    await ctx.ledger.append(RECORD.weights, 1, {
      uids: [0, 1],
      weights: [2 / 3, 1 / 3],
      emit,
      versionKey: '0',
    });
    const head = (await client.head()).number;
    // the process recorded its intent and sent the extrinsic, then died before recording the outcome
    await ctx.ledger.append(RECORD.weightsTx, 1, {
      forRound: 1,
      phase: 'intent',
      mode: 'set',
      ...emit,
      head,
    });
    const sent = await client.setWeights(validator, { netuid, ...emit, versionKey: 0n });
    const after = (await client.head()).number;
    await submitWeights(ctx, await readRound(ctx.ledger, 1));
    expect((await client.head()).number).toBe(after);
    const last = (await readRound(ctx.ledger, 1)).weightsTx.at(-1)!.data;
    expect(last).toMatchObject({ phase: 'result', ok: true, block: sent.blockNumber });
  });

  it('on a commit-reveal subnet commits the hash, then reveals once the window opens', async () => {
    await client.sudoSetHyperparams(alice, netuid, {
      commitRevealWeightsEnabled: true,
      revealPeriodEpochs: 1,
    });
    try {
      const ctx = await context();
      const emit = { uids: [0, 1], values: [65535, 13107] };
      await ctx.ledger.append(RECORD.weights, 1, {
        uids: [0, 1],
        weights: [5 / 6, 1 / 6],
        emit,
        versionKey: '0',
      });
      await submitWeights(ctx, await readRound(ctx.ledger, 1));
      const committed = (await readRound(ctx.ledger, 1)).weightsTx.map((t) => t.data);
      expect(committed[0]).toMatchObject({ phase: 'intent', mode: 'commit', ...emit });
      expect(committed[1]).toMatchObject({ phase: 'result', mode: 'commit', ok: true });
      let revealed = false;
      for (let i = 0; i < 4 * (TEMPO + 1) && !revealed; i++) {
        await revealPending(ctx, await readRound(ctx.ledger, 1));
        revealed = (await readRound(ctx.ledger, 1)).weightsTx.some(
          (t) => t.data.phase === 'result' && t.data.mode === 'reveal',
        );
        if (!revealed) await devnet.produceBlocks(1);
      }
      expect(revealed).toBe(true);
      const last = (await readRound(ctx.ledger, 1)).weightsTx.at(-1)!.data;
      expect(last).toMatchObject({ phase: 'result', mode: 'reveal', ok: true });
      const row = (await client.weights(netuid)).find((r) => r.hotkey === validator.address);
      expect(row?.weights.map((w) => [w.uid, w.value])).toEqual([
        [0, 65535],
        [1, 13107],
      ]);
    } finally {
      await client.sudoSetHyperparams(alice, netuid, { commitRevealWeightsEnabled: false });
    }
  });

  it('pays a confirmed claim once, and after a crash finds its remark on chain instead of paying again', async () => {
    const ctx = await context();
    const payout = {
      id: `payout-once-${Date.now()}`,
      hotkey: 'champion',
      block: (await client.head()).number,
      totalRao: 3_000_000_000,
      transfers: [
        { coldkey: payee.address, amountRao: 2_400_000_000, role: 'champion' as const, name: 'champion' },
        { coldkey: alice.address, amountRao: 600_000_000, role: 'component' as const, name: 'router' },
      ],
    };
    const state = { payout } as unknown as Record<string, unknown>;
    await ctx.ledger.append(RECORD.state, 1, state);
    const start = await client.balance(payee.address);
    await payOnce(ctx, await readRound(ctx.ledger, 1));
    expect((await client.balance(payee.address)) - start).toBe(2_400_000_000n);
    const rec = await readRound(ctx.ledger, 1);
    expect(rec.payoutTx.at(-1)!.data).toMatchObject({ phase: 'result', ok: true, found: 'sent' });
    await payOnce(ctx, rec);
    expect((await client.balance(payee.address)) - start).toBe(2_400_000_000n);

    // a second validator process that died after sending: its ledger holds only the intent
    const crashed = await context();
    await crashed.ledger.append(RECORD.state, 1, state);
    await crashed.ledger.append(RECORD.payoutTx, 1, { forRound: 1, phase: 'intent', payout });
    await payOnce(crashed, await readRound(crashed.ledger, 1));
    expect((await client.balance(payee.address)) - start).toBe(2_400_000_000n);
    expect((await readRound(crashed.ledger, 1)).payoutTx.at(-1)!.data).toMatchObject({
      ok: true,
      found: 'already-on-chain',
    });
  });
});
