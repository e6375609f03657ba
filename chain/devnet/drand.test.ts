import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drandRoundAt, TimelockErrors, verifyPulse } from '../timelock/index.js';
import { MAX_PULSES_PER_BLOCK } from './metadata/pallets/drand.js';
import { DevnetBeacon } from './pallets/drand.js';
import { type DevnetHarness, send, startHarness } from './test-support.js';

interface PulseJson {
  round: number;
  randomness: string;
  signature: string;
}

describe('devnet drand pallet (its own beacon, read through @polkadot/api)', () => {
  let h: DevnetHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const config = async () =>
    (await h.api.query.drand.beaconConfig()).toJSON() as {
      publicKey: string;
      period: number;
      genesisTime: number;
      schemeId: string;
    };

  it('publishes a verifiable pulse per round on the chain clock (12 s of devnet time a block)', async () => {
    await h.devnet.produceBlocks(3);
    const head = (await h.api.rpc.chain.getHeader()).number.toNumber();
    const cfg = await config();
    expect(cfg.period).toBe(12);
    expect(Buffer.from(cfg.schemeId.slice(2), 'hex').toString()).toBe('bls-unchained-g1-rfc9380');
    expect(cfg.publicKey).toMatch(/^0x[0-9a-f]{192}$/);
    const last = Number((await h.api.query.drand.lastStoredRound()).toString());
    // block n is devnet time genesis + 12n: its round is the one drand's clock gives for that time
    expect(last).toBe(drandRoundAt(cfg.genesisTime + head * 12, cfg));
    // the first block brought in only its own round, as the offchain worker does when nothing is stored
    expect(Number((await h.api.query.drand.oldestStoredRound()).toString())).toBe(2);
    for (let round = 2; round <= last; round++) {
      const pulse = (await h.api.query.drand.pulses(round)).toJSON() as unknown as PulseJson;
      expect(pulse.round).toBe(round);
      expect(pulse.signature).toMatch(/^0x[0-9a-f]{96}$/);
      expect(() => verifyPulse(round, pulse.signature, cfg.publicKey)).not.toThrow();
    }
    // a signature is bound to its round
    const two = (await h.api.query.drand.pulses(2)).toJSON() as unknown as PulseJson;
    let wrong: unknown;
    try {
      verifyPulse(3, two.signature, cfg.publicKey);
    } catch (err) {
      wrong = err;
    }
    expect(TimelockErrors.SIGNATURE_INVALID.is(wrong)).toBe(true);
    expect((await h.api.query.drand.pulses(1)).isNone).toBe(true);
  });

  it('brings pulses in as unsigned write_pulse extrinsics with NewPulse events', async () => {
    await h.devnet.produceBlocks(1);
    const hash = await h.api.rpc.chain.getBlockHash();
    const block = await h.api.rpc.chain.getBlock(hash);
    const calls = block.block.extrinsics.map((x) => `${x.method.section}.${x.method.method}`);
    expect(calls).toEqual(['timestamp.set', 'drand.writePulse']);
    const events = await (await h.api.at(hash)).query.system.events();
    const newPulse = events.find((e) => e.event.section === 'drand' && e.event.method === 'NewPulse');
    const last = Number((await h.api.query.drand.lastStoredRound()).toString());
    expect(newPulse?.event.data.toJSON()).toEqual([[last]]);
  });

  it('set_oldest_stored_round is root only', async () => {
    const refused = await send(h, h.api.tx.drand.setOldestStoredRound(7), h.bob);
    expect(refused.error).toBe('BadOrigin');
    const ok = await send(h, h.api.tx.sudo.sudo(h.api.tx.drand.setOldestStoredRound(7)), h.alice);
    expect(ok.names).toContain('drand.SetOldestStoredRound');
    expect(Number((await h.api.query.drand.oldestStoredRound()).toString())).toBe(7);
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
