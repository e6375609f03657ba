import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptWeightsPayload, revealRoundFor } from '../timelock/index.js';
import {
  advanceToEpoch,
  createSubnet,
  type DevnetHarness,
  eventData,
  query,
  rejection,
  type SubnetFixture,
  send,
  startHarness,
  sudoAll,
  tx,
} from './test-support.js';

let h: DevnetHarness;
let sn: SubnetFixture;
const TEMPO = 10;
const VERSION = 4;

beforeAll(async () => {
  h = await startHarness();
  sn = await createSubnet(h, { miners: 3 });
  await sudoAll(h, [
    tx(h, 'adminUtils.sudoSetTempo', sn.netuid, TEMPO),
    tx(h, 'adminUtils.sudoSetCommitRevealWeightsEnabled', sn.netuid, true),
  ]);
  await advanceToEpoch(h, sn.netuid);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

interface Beacon {
  publicKey: Uint8Array;
  genesisTime: number;
  period: number;
}

/** The round a client picks from the chain's own drand state (BeaconConfig, LastStoredRound). */
async function revealRound(): Promise<number> {
  const beacon = await query<Beacon>(h, 'drand.beaconConfig');
  const last = Number(await query<bigint>(h, 'drand.lastStoredRound'));
  return revealRoundFor({
    currentBlock: h.devnet.head().number,
    netuid: sn.netuid,
    tempo: TEMPO,
    revealPeriodEpochs: Number(await query<bigint>(h, 'subtensorModule.revealPeriodEpochs', sn.netuid)),
    blockTimeSeconds: 12,
    nowSeconds: beacon.genesisTime + (last - 1) * beacon.period,
    drand: beacon,
  }).revealRound;
}

async function commitFor(
  uids: number[],
  values: number[],
  options: { round?: number; encryptTo?: number; hotkey?: string } = {},
) {
  const beacon = await query<Beacon>(h, 'drand.beaconConfig');
  const round = options.round ?? (await revealRound());
  const commit = encryptWeightsPayload(
    { uids, values, versionKey: 0, hotkey: options.hotkey ?? sn.validator.hotkey.address },
    options.encryptTo ?? round,
    beacon.publicKey,
  );
  return { commit, round };
}

const commitTx = (commit: Uint8Array, round: number, version = VERSION) =>
  tx(h, 'subtensorModule.commitTimelockedWeights', sn.netuid, u8aToHex(commit), round, version);

const weightsOf = (uid: number) => query<[number, number][]>(h, 'subtensorModule.weights', sn.netuid, uid);

/** Produces blocks (at most `limit`) until `done` holds; returns the block it held at. */
async function until(done: () => Promise<boolean>, limit: number): Promise<number> {
  for (let i = 0; i < limit; i++) {
    if (await done()) return h.devnet.head().number;
    await h.devnet.produceBlocks(1);
  }
  throw new Error(`condition not met within ${limit} blocks`);
}

describe('commit_timelocked_weights on the devnet', () => {
  it('stores the commit under its epoch and the runtime reveals it once its round is on chain', async () => {
    const v = sn.validator;
    const uids = sn.miners.map((m) => m.uid);
    const { commit, round } = await commitFor(uids, [65535, 32768, 1]);
    const outcome = await send(h, commitTx(commit, round), v.hotkey);
    expect(outcome.error).toBeUndefined();
    expect(eventData(outcome, 'subtensorModule.TimelockedWeightsCommitted')).toEqual([
      u8aToHex(v.hotkey.publicKey),
      sn.netuid,
      blake2AsHex(commit, 256),
      BigInt(round),
    ]);
    const commitBlock = h.devnet.head().number;
    const epoch = Math.floor((commitBlock + sn.netuid + 1) / (TEMPO + 1));
    const pending = await query<[string, bigint, Uint8Array, bigint][]>(
      h,
      'subtensorModule.timelockedWeightCommits',
      sn.netuid,
      epoch,
    );
    expect(pending.map(([who, block, bytes, r]) => [who, block, u8aToHex(bytes), r])).toEqual([
      [u8aToHex(v.hotkey.publicKey), BigInt(commitBlock), u8aToHex(commit), BigInt(round)],
    ]);
    expect(await weightsOf(v.uid)).toEqual([]);

    const revealedAt = await until(async () => (await weightsOf(v.uid)).length > 0, 3 * TEMPO + 10);
    // the pulse of the commit's round was stored before the block that revealed it
    const pulse = await query<{ round: bigint } | null>(h, 'drand.pulses', round);
    expect(pulse?.round).toBe(BigInt(round));
    expect(revealedAt).toBeGreaterThan(commitBlock);
    // in the reveal epoch (RevealPeriodEpochs = 1 after the commit's), on the legacy grid of spec 393
    expect(Math.floor((revealedAt + sn.netuid + 1) / (TEMPO + 1))).toBe(epoch + 1);
    expect(await weightsOf(v.uid)).toEqual([
      [uids[0], 65535],
      [uids[1], 32768],
      [uids[2], 1],
    ]);
    const hash = await h.api.rpc.chain.getBlockHash(revealedAt);
    const events = (await (await h.api.at(hash)).query.system?.events?.()) as unknown as {
      event: { section: string; method: string; data: { toJSON(): unknown } };
    }[];
    const names = events.map((e) => `${e.event.section}.${e.event.method}`);
    expect(names).toContain('subtensorModule.WeightsSet');
    expect(names).toContain('subtensorModule.TimelockedWeightsRevealed');
  });

  it('refuses a wrong commit-reveal version, a round already out (custom error 15) and an unregistered signer', async () => {
    const v = sn.validator;
    const uids = sn.miners.map((m) => m.uid);
    await h.devnet.produceBlocks(TEMPO + 1); // past the weights rate limit of the last commit
    const { commit, round } = await commitFor(uids, [1, 2, 3]);
    const wrongVersion = await send(h, commitTx(commit, round, 3), v.hotkey);
    expect(wrongVersion.error).toBe('subtensorModule.IncorrectCommitRevealVersion');
    const last = Number(await query<bigint>(h, 'drand.lastStoredRound'));
    expect(await rejection(send(h, commitTx(commit, last - 1), v.hotkey))).toBe(
      '1010: Invalid Transaction: Custom error: 15',
    );
    const stranger = await send(h, commitTx(commit, round), h.ferdie);
    expect(stranger.error).toBe('subtensorModule.HotKeyNotRegisteredInSubNet');
  });

  it('drops a commit whose reveal round is not the round it was encrypted to, and one naming another hotkey', async () => {
    const v = sn.validator;
    const uids = sn.miners.map((m) => m.uid);
    const before = await weightsOf(v.uid);
    await h.devnet.produceBlocks(TEMPO + 1);
    const round = await revealRound();
    const wrongRound = await commitFor(uids, [5, 5, 5], { round, encryptTo: round + 1 });
    const outcome = await send(h, commitTx(wrongRound.commit, round), v.hotkey);
    expect(outcome.error).toBeUndefined();
    // the round comes and goes: the commit is taken and dropped, the weights stay
    await until(
      async () => (await query<bigint>(h, 'drand.lastStoredRound')) > BigInt(round + 2),
      3 * TEMPO + 10,
    );
    await h.devnet.produceBlocks(TEMPO + 1);
    expect(await weightsOf(v.uid)).toEqual(before);

    const other = await commitFor(uids, [7, 7, 7], { hotkey: sn.miners[0]!.hotkey.address });
    expect((await send(h, commitTx(other.commit, other.round), v.hotkey)).error).toBeUndefined();
    await until(
      async () => (await query<bigint>(h, 'drand.lastStoredRound')) > BigInt(other.round + 2),
      3 * TEMPO + 10,
    );
    await h.devnet.produceBlocks(TEMPO + 1);
    expect(await weightsOf(v.uid)).toEqual(before);
  });
});
