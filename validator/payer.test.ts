import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, createLocalSubnet, type Signer } from '../chain/index.js';
import { ConfigSchema, type Logger, silentLogger } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { emptyPool, type Payout } from '../scoring/index.js';
import type { ValidatorContext } from './context.js';
import { parsePayoutRemark, payOnce, payoutRemarkPrefix } from './payouts.js';
import { metagraphRecord } from './raw-records.js';
import { ReadModel } from './read-model.js';
import { type PayoutTxRecord, RECORD, type RoundStart, type StateRecord } from './record-types.js';
import { readRound } from './round-records.js';
import { defaultSettings } from './testing/synthetic-rounds.js';

const TAO = 1_000_000_000n;

/** A logger that keeps its error lines, so a test can see what was reported loudly. */
function recordingLogger(errors: string[]): Logger {
  const logger = {
    ...silentLogger,
    error: (obj: unknown, msg?: string) => {
      errors.push(typeof obj === 'string' ? obj : (msg ?? ''));
    },
    child: () => logger,
  };
  return logger as unknown as Logger;
}

/**
 * One payer per subnet, against the devnet over WebSocket: validator A is the payer, C is not, B is a second
 * payer configured by mistake. Each keeps its own ledger; only A's payout reaches the payee.
 */
describe('one payer', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let alice: Signer;
  let bob: Signer;
  let charlie: Signer;
  let hotA: Signer;
  let hotB: Signer;
  let hotC: Signer;
  let payee: Signer;
  let netuid: number;
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, bob, charlie, hotA, hotB, hotC, payee] = [
      '//Alice',
      '//Bob',
      '//Charlie',
      '//Payer//A',
      '//Payer//B',
      '//Payer//C',
      '//Payer//payee',
    ].map((u) => keyring.addFromUri(u)) as Signer[] as [
      Signer,
      Signer,
      Signer,
      Signer,
      Signer,
      Signer,
      Signer,
    ];
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Payer//owner').address, {
      tempo: 5,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      minAllowedWeights: 1,
    });
    // each validator hotkey is owned by the coldkey that signs its payouts
    await client.burnedRegister(alice, netuid, hotA.address);
    await client.burnedRegister(bob, netuid, hotB.address);
    await client.burnedRegister(charlie, netuid, hotC.address);
    await client.addStake(alice, hotA.address, netuid, 10n * TAO);
  });

  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await client?.close();
    await devnet?.close();
  });

  /** A validator's context whose ledger holds round 1: the metagraph as on chain and a state with `payout`. */
  async function validator(
    hotkey: Signer,
    coldkey: Signer | undefined,
    payer: boolean,
    payout: Payout,
    seen: { errors: string[]; payers: string[][] },
  ): Promise<ValidatorContext> {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-payer-')), 'ledger'));
    ledgers.push(ledger);
    const config = ConfigSchema.parse({ validator: { pool: { payer, auditWindowBlocks: 20 } } });
    const [metagraph, hp] = await Promise.all([client.metagraph(netuid), client.hyperparams(netuid)]);
    const start: RoundStart = {
      round: 1,
      netuid,
      block: payout.block,
      blockHash: (await client.head()).hash,
      seed: 'seed',
      validator: hotkey.address,
      versionKey: '0',
      settings: defaultSettings(),
      tasks: { suite: 'private/rotating', count: 0 },
    };
    await ledger.append(RECORD.start, 1, start);
    await ledger.append(RECORD.metagraph, 1, metagraphRecord(metagraph, hp));
    const state: Partial<StateRecord> = { pool: emptyPool(), poolEvents: [], payout };
    await ledger.append(RECORD.state, 1, state);
    return {
      config,
      netuid,
      chain: client,
      hotkey,
      coldkey,
      ledger,
      logger: recordingLogger(seen.errors),
      observer: { poolPayers: (h) => seen.payers.push(h) },
      versionKey: 0n,
      signal: new AbortController().signal,
    };
  }

  const lastResult = async (ctx: ValidatorContext) =>
    (await readRound(ctx.ledger, 1)).payoutTx.at(-1)!.data as Extract<PayoutTxRecord, { phase: 'result' }>;

  it("the payer pays once; a non-payer shows the payer's payout read from chain; a second payer sends nothing and is reported", async () => {
    const payout: Payout = {
      id: `payout-champion-${(await client.head()).number}`,
      hotkey: 'champion',
      block: (await client.head()).number,
      totalRao: 2_000_000_000,
      transfers: [{ coldkey: payee.address, amountRao: 2_000_000_000, role: 'champion', name: 'champion' }],
    };
    const start = await client.balance(payee.address);
    const paid = () => client.balance(payee.address).then((b) => b - start);

    // C is not the payer: nothing to read yet, nothing sent, it waits
    const quiet = { errors: [] as string[], payers: [] as string[][] };
    const c = await validator(hotC, charlie, false, payout, quiet);
    await payOnce(c, await readRound(c.ledger, 1));
    expect(await lastResult(c)).toMatchObject({ ok: false, code: 'VALIDATOR_NOT_PAYER' });
    expect(await paid()).toBe(0n);

    // A, the payer, pays with a remark naming the subnet and itself
    const a = await validator(hotA, alice, true, payout, { errors: [], payers: [] });
    await payOnce(a, await readRound(a.ledger, 1));
    expect(await lastResult(a)).toMatchObject({ ok: true, found: 'sent', payer: hotA.address });
    expect(await paid()).toBe(2_000_000_000n);
    const remarks = await client.findRemarks(payoutRemarkPrefix(netuid), payout.block);
    expect(remarks.map((r) => parsePayoutRemark(netuid, r.remark))).toEqual([
      { payer: hotA.address, id: payout.id },
    ]);

    // C looks again with the next round: it records the payer's payout and still sends nothing
    await payOnce(c, await readRound(c.ledger, 1));
    expect(await lastResult(c)).toMatchObject({
      ok: true,
      found: 'paid-by-payer',
      payer: hotA.address,
      payers: [hotA.address],
    });
    expect(quiet.errors).toEqual([]);
    const shown = (await ReadModel.load(c.ledger)).pool();
    expect(shown).toMatchObject({ payer: hotA.address, payers: [hotA.address], twoPayers: false });
    expect(shown.events.at(-1)?.detail).toContain(`paid by the payer ${hotA.address}`);

    // B is configured as payer too: it finds A's payout, pays nothing, and says so loudly
    const loud = { errors: [] as string[], payers: [] as string[][] };
    const b = await validator(hotB, bob, true, payout, loud);
    await payOnce(b, await readRound(b.ledger, 1));
    expect(await paid()).toBe(2_000_000_000n);
    expect(await lastResult(b)).toMatchObject({ ok: true, found: 'paid-by-payer', payer: hotA.address });
    expect(loud.errors.join('\n')).toMatch(new RegExp(`two payers on subnet ${netuid}`));
    expect(loud.payers.at(-1)).toEqual([hotA.address, hotB.address].sort());
    expect((await ReadModel.load(b.ledger)).pool()).toMatchObject({ twoPayers: true });
    // and nobody pays again on a later call
    for (const ctx of [a, b, c]) await payOnce(ctx, await readRound(ctx.ledger, 1));
    expect(await paid()).toBe(2_000_000_000n);
  });

  it("a second payer whose pool history differs never pays a champion another validator's hotkey already paid", async () => {
    const head = (await client.head()).number;
    const payoutA: Payout = {
      id: `payout-rider-${head}`,
      hotkey: 'rider',
      block: head,
      totalRao: 1_000_000_000,
      transfers: [{ coldkey: payee.address, amountRao: 1_000_000_000, role: 'champion', name: 'rider' }],
    };
    // B started later: its claim for the same champion opened at another block, for another amount
    const payoutB: Payout = {
      ...payoutA,
      id: `payout-rider-${head + 3}`,
      totalRao: 700_000_000,
      transfers: [{ coldkey: payee.address, amountRao: 700_000_000, role: 'champion', name: 'rider' }],
    };
    const start = await client.balance(payee.address);
    const a = await validator(hotA, alice, true, payoutA, { errors: [], payers: [] });
    await payOnce(a, await readRound(a.ledger, 1));
    expect((await client.balance(payee.address)) - start).toBe(1_000_000_000n);

    const loud = { errors: [] as string[], payers: [] as string[][] };
    const b = await validator(hotB, bob, true, payoutB, loud);
    await payOnce(b, await readRound(b.ledger, 1));
    expect((await client.balance(payee.address)) - start).toBe(1_000_000_000n);
    expect(await lastResult(b)).toMatchObject({ ok: false, code: 'VALIDATOR_TWO_PAYERS' });
    expect(loud.errors.join('\n')).toContain(`${hotA.address} already paid champion rider`);
    expect((await ReadModel.load(b.ledger)).pool().twoPayers).toBe(true);

    // a remark anyone can write (here Charlie's coldkey claiming to be A) is not attributed to A
    await client.remark(charlie, `${payoutRemarkPrefix(netuid)}${hotB.address}:payout-rider-1`);
    const c = await validator(hotC, charlie, false, payoutA, { errors: [], payers: [] });
    await payOnce(c, await readRound(c.ledger, 1));
    expect(await lastResult(c)).toMatchObject({
      ok: true,
      found: 'paid-by-payer',
      payer: hotA.address,
      payers: [hotA.address],
    });
  });
});
