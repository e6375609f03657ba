import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drandRoundAt, TimelockErrors, verifyPulse } from '../timelock/index.js';
import { MAX_PULSES_PER_BLOCK } from './metadata/pallets/drand.js';
import { DevnetBeacon } from './pallets/drand.js';
import { type DevnetHarness, query, send, startHarness, tx } from './test-support.js';

describe('devnet drand pallet (its own beacon, read through @polkadot/api)', () => {
  let h: DevnetHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const config = () =>
    query<{ publicKey: Uint8Array; period: number; genesisTime: number; schemeId: Uint8Array }>(
      h,
      'drand.beaconConfig',
    );
  const pulseAt = (round: number) =>
    query<{ round: bigint; randomness: Uint8Array; signature: Uint8Array } | null>(h, 'drand.pulses', round);
  const lastStored = async () => Number(await query<bigint>(h, 'drand.lastStoredRound'));

  it('publishes a verifiable pulse per round on the chain clock (12 s of devnet time a block)', async () => {
    await h.devnet.produceBlocks(3);
    const head = (await h.api.rpc.chain.getHeader()).number.toNumber();
    const cfg = await config();
    expect(cfg.period).toBe(12);
    expect(Buffer.from(cfg.schemeId).toString()).toBe('bls-unchained-g1-rfc9380');
    expect(cfg.publicKey.length).toBe(96);
    const last = await lastStored();
    // block n is devnet time genesis + 12n: its round is the one drand's clock gives for that time
    expect(last).toBe(drandRoundAt(cfg.genesisTime + head * 12, cfg));
    // the first block brought in only its own round, as the offchain worker does when nothing is stored
    expect(await query<bigint>(h, 'drand.oldestStoredRound')).toBe(2n);
    for (let round = 2; round <= last; round++) {
      const pulse = await pulseAt(round);
      expect(pulse?.round).toBe(BigInt(round));
      expect(pulse?.signature.length).toBe(48);
      expect(() => verifyPulse(round, pulse?.signature ?? '', cfg.publicKey)).not.toThrow();
    }
    // a signature is bound to its round
    const two = await pulseAt(2);
    let wrong: unknown;
    try {
      verifyPulse(3, two?.signature ?? '', cfg.publicKey);
    } catch (err) {
      wrong = err;
    }
    expect(TimelockErrors.SIGNATURE_INVALID.is(wrong)).toBe(true);
    expect(await pulseAt(1)).toBeNull();
  });

  it('brings pulses in as unsigned write_pulse extrinsics with NewPulse events', async () => {
    await h.devnet.produceBlocks(1);
    const hash = await h.api.rpc.chain.getBlockHash();
    const block = await h.api.rpc.chain.getBlock(hash);
    const calls = block.block.extrinsics.map((x) => `${x.method.section}.${x.method.method}`);
    expect(calls).toEqual(['timestamp.set', 'drand.writePulse']);
    const events = (await (await h.api.at(hash)).query.system?.events?.()) as unknown as {
      event: { section: string; method: string; data: { toJSON(): unknown } };
    }[];
    const newPulse = events.find((e) => e.event.section === 'drand' && e.event.method === 'NewPulse');
    expect(newPulse?.event.data.toJSON()).toEqual([[await lastStored()]]);
  });

  it('set_oldest_stored_round is root only', async () => {
    const refused = await send(h, tx(h, 'drand.setOldestStoredRound', 7), h.bob);
    expect(refused.error).toBe('BadOrigin');
    const ok = await send(h, tx(h, 'sudo.sudo', tx(h, 'drand.setOldestStoredRound', 7)), h.alice);
    expect(ok.names).toContain('drand.SetOldestStoredRound');
    expect(await query<bigint>(h, 'drand.oldestStoredRound')).toBe(7n);
  });
});

describe('devnet beacon clock', () => {
  it('a 3 s period brings in four rounds a block, at most MAX_PULSES_PER_BLOCK', () => {
    const beacon = new DevnetBeacon(3, 1_700_000_000);
    expect(beacon.latestRound(0)).toBe(1n);
    expect(beacon.latestRound(1)).toBe(5n);
    expect(beacon.latestRound(10)).toBe(41n);
    expect(MAX_PULSES_PER_BLOCK).toBe(50);
  });
});
