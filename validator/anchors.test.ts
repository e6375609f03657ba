import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, type Signer } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { anchorLatest, anchorOnce, anchorRecords, anchorRemark } from './anchors.js';
import type { ValidatorContext } from './context.js';
import { RECORD, type StateRecord } from './record-types.js';
import { replayLedger } from './replay.js';
import { type SyntheticMiner, writeSyntheticRound } from './testing/synthetic-rounds.js';

const TAO = 1_000_000_000n;
/** netuid the synthetic start records name. */
const NETUID = 1;

const miners: SyntheticMiner[] = [1, 2].map((uid) => ({
  hotkey: `hk${uid}`,
  uid,
  coldkey: `cold${uid}`,
  accuracy: [0.9, 0.4][uid - 1]!,
  timing: { ttftMs: 100 + uid * 50, intervalMs: 20, charsPerEvent: 6 },
  image: `registry.example/e${uid}@sha256:${String(uid).repeat(64)}`,
  sourceCommit: String(uid).repeat(40),
  commitBlock: uid,
}));

/**
 * Ledger anchors against the devnet over WebSocket: the validator anchors its head after each seal exactly
 * once (a crash between sending and recording sends nothing again), and replay with the chain detects a ledger
 * whose last round was deleted, or that was rewritten after it was anchored.
 */
describe('ledger anchors on chain', { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let client: ChainClient;
  let validator: Signer;
  let mallory: Signer;
  const dirs: string[] = [];
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    validator = keyring.addFromUri('//Anchor//validator');
    mallory = keyring.addFromUri('//Anchor//mallory');
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    // the hotkey pays for its remarks
    await client.transfer(alice, validator.address, 10n * TAO);
    await client.transfer(alice, mallory.address, 10n * TAO);
  });

  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await client?.close();
    await devnet?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function newLedger(): Promise<Ledger> {
    const dir = mkdtempSync(join(tmpdir(), 'rodeo-anchor-'));
    dirs.push(dir);
    const ledger = await openLedger(join(dir, 'ledger'));
    ledgers.push(ledger);
    return ledger;
  }

  function context(ledger: Ledger, anchorEveryRounds = 1): ValidatorContext {
    return {
      config: ConfigSchema.parse({ validator: { anchorEveryRounds } }),
      netuid: NETUID,
      chain: client,
      hotkey: validator,
      coldkey: undefined,
      ledger,
      logger: silentLogger,
      observer: {},
      versionKey: 0n,
      signal: new AbortController().signal,
    };
  }

  /** Rounds 1..n written as the daemon does, each anchored after its seal. */
  async function anchoredLedger(n: number, ms = miners): Promise<Ledger> {
    const ledger = await newLedger();
    const ctx = context(ledger);
    let state: StateRecord | undefined;
    for (let round = 1; round <= n; round++) {
      state = await writeSyntheticRound(ledger, validator, round, ms, state, { tasksPerRound: 3 });
      await anchorOnce(ctx, round);
    }
    return ledger;
  }

  /** A copy of `ledger` with only the records of rounds <= `lastRound` (an export cut short, re-imported). */
  async function truncatedCopy(ledger: Ledger, lastRound: number): Promise<Ledger> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await ledger.exportNdjson(out);
    out.end();
    const kept = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line && (JSON.parse(line) as { round: number }).round <= lastRound);
    const copy = await newLedger();
    const input = new PassThrough();
    input.end(`${kept.join('\n')}\n`);
    await copy.importNdjson(input, 'truncated export');
    return copy;
  }

  const anchors = (fromBlock?: number) => ({
    anchors: { chain: client, scanBlocks: 1000, ...(fromBlock === undefined ? {} : { fromBlock }) },
  });

  it('anchors each sealed round once, and the honest ledger replays against the chain', async () => {
    const ledger = await anchoredLedger(3);
    for (const round of [1, 2, 3]) {
      const seal = await ledger.lastRecord('seal', round);
      const recs = (await anchorRecords(ledger, round, seal!.seq)).map((r) => r.data);
      expect(recs.map((d) => d.phase)).toEqual(['intent', 'result']);
      expect(recs[1]).toMatchObject({
        ok: true,
        found: 'sent',
        remark: anchorRemark({ netuid: NETUID, round, seq: seal!.seq, hash: seal!.hash }),
      });
    }
    const before = (await client.head()).number;
    await anchorOnce(context(ledger), 3);
    expect((await client.head()).number).toBe(before);

    // a remark that looks like an anchor but is signed by another key does not count
    await client.remark(
      mallory,
      anchorRemark({ netuid: NETUID, round: 9, seq: 99_999, hash: 'ab'.repeat(32) }),
    );

    const result = await replayLedger(ledger, anchors());
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.anchors).toMatchObject({ recorded: 3, latest: { round: 3 } });
  });

  it('fails the replay of a ledger whose last round was deleted, naming the missing round', async () => {
    const from = (await client.head()).number + 1;
    const ledger = await anchoredLedger(3);
    const cut = await truncatedCopy(ledger, 2);
    // the attack: without the chain the cut ledger is a clean, shorter ledger
    expect((await replayLedger(cut)).ok).toBe(true);
    const result = await replayLedger(cut, anchors());
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ round: 3, type: 'seal', code: 'VALIDATOR_REPLAY_TRUNCATED' });
    expect(result.failure?.message).toContain('the validator anchored round 3');
    expect(result.failure?.message).toContain('round 3 is missing');

    // with no anchor left in the copy, the scan starts at its last round's block (here a synthetic one, so
    // the verifier passes the block to scan from)
    const two = await truncatedCopy(ledger, 1);
    const both = await replayLedger(two, anchors(from));
    expect(both.failure?.code).toBe('VALIDATOR_REPLAY_TRUNCATED');
    expect(both.failure?.message).toContain('rounds 2..3 are missing');
  });

  it('fails the replay of a ledger rewritten after its heads were anchored', async () => {
    const from = (await client.head()).number + 1;
    await anchoredLedger(2);
    // the same validator rewrites its history (another field, resealed with its own key) and drops its anchors
    const rewritten = await newLedger();
    const state = await writeSyntheticRound(rewritten, validator, 1, miners.slice(0, 1), undefined, {
      tasksPerRound: 3,
    });
    await writeSyntheticRound(rewritten, validator, 2, miners.slice(0, 1), state, { tasksPerRound: 3 });
    expect((await replayLedger(rewritten)).ok).toBe(true);
    const result = await replayLedger(rewritten, anchors(from));
    expect(result.failure).toMatchObject({ round: 1, code: 'VALIDATOR_REPLAY_ANCHOR_MISMATCH' });
    expect(result.failure?.message).toContain("anchored round 1's seal");
  });

  it('after a crash between sending the remark and recording it, finds the anchor instead of sending again', async () => {
    const ledger = await newLedger();
    const ctx = context(ledger);
    await writeSyntheticRound(ledger, validator, 1, miners, undefined, { tasksPerRound: 3 });
    const seal = (await ledger.lastRecord('seal', 1))!;
    const remark = anchorRemark({ netuid: NETUID, round: 1, seq: seal.seq, hash: seal.hash });
    // the process recorded its intent and sent the remark, then died
    const head = (await client.head()).number;
    await ledger.append(RECORD.anchorTx, 2, {
      forRound: 1,
      phase: 'intent',
      remark,
      seq: seal.seq,
      hash: seal.hash,
      head,
    });
    const sent = await client.remark(validator, remark);
    const after = (await client.head()).number;
    // the restart settles earlier rounds before round 2
    await anchorLatest(ctx, 2);
    expect((await client.head()).number).toBe(after);
    const recs = (await anchorRecords(ledger, 1, seal.seq)).map((r) => r.data);
    expect(recs.at(-1)).toMatchObject({
      phase: 'result',
      ok: true,
      found: 'already-on-chain',
      block: sent.blockNumber,
    });

    // a crash between the seal and the intent: the restart anchors it
    await writeSyntheticRound(ledger, validator, 2, miners, undefined, { tasksPerRound: 3 });
    await anchorLatest(ctx, 3);
    const seal2 = (await ledger.lastRecord('seal', 2))!;
    expect((await anchorRecords(ledger, 2, seal2.seq)).at(-1)?.data).toMatchObject({
      ok: true,
      found: 'sent',
    });
    expect((await client.head()).number).toBe(after + 1);
  });

  it('anchors only every Nth round, and never when anchorEveryRounds is 0', async () => {
    const ledger = await newLedger();
    await writeSyntheticRound(ledger, validator, 1, miners, undefined, { tasksPerRound: 3 });
    const before = (await client.head()).number;
    await anchorOnce(context(ledger, 2), 1);
    await anchorOnce(context(ledger, 0), 1);
    expect((await client.head()).number).toBe(before);
    expect(await ledger.lastRecord(RECORD.anchorTx)).toBeUndefined();
  });

  it('records a failed anchor (an unfunded hotkey) and lets the round go on', async () => {
    const ledger = await newLedger();
    const broke = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Anchor//broke');
    await writeSyntheticRound(ledger, broke, 1, miners, undefined, { tasksPerRound: 3 });
    await anchorOnce({ ...context(ledger), hotkey: broke }, 1);
    const last = (await ledger.lastRecord<{ phase: string; ok: boolean; code: string }>(RECORD.anchorTx))!;
    expect(last.data).toMatchObject({ phase: 'result', ok: false });
    expect(last.data.code).toMatch(/^CHAIN_/);
  });
});
