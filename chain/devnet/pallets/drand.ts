import { createHash } from 'node:crypto';
import { compactToU8a, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import {
  type BeaconKey,
  deriveBeaconKey,
  pulseRandomness,
  signRound,
  TimelockErrors,
  verifyPulse,
} from '../../timelock/index.js';
import { runtimeMetadata } from '../metadata/build.js';
import { MAX_KEPT_PULSES, MAX_PULSES_PER_BLOCK, MAX_REMOVED_PULSES } from '../metadata/pallets/drand.js';
import { badOrigin, ensureRoot, errorsOf, type PalletCalls, weight } from '../runtime/dispatch.js';
import { Overlay, type StateSnapshot } from '../runtime/state.js';
import { storage } from '../runtime/storage-entry.js';
import type { Env } from './system.js';

export interface Pulse {
  round: bigint;
  randomness: Uint8Array;
  signature: Uint8Array;
}

export interface BeaconConfiguration {
  publicKey: Uint8Array;
  period: number;
  genesisTime: number;
  hash: Uint8Array;
  groupHash: Uint8Array;
  schemeId: Uint8Array;
  metadata: { beaconId: Uint8Array };
}

const P = 'Drand';
export const Drand = {
  BeaconConfig: storage<[], BeaconConfiguration>(P, 'BeaconConfig'),
  Pulses: storage<[round: bigint], Pulse | null>(P, 'Pulses'),
  LastStoredRound: storage<[], bigint>(P, 'LastStoredRound'),
  OldestStoredRound: storage<[], bigint>(P, 'OldestStoredRound'),
  NextUnsignedAt: storage<[], number>(P, 'NextUnsignedAt'),
};

const error = errorsOf(P);

/** The seed of the devnet beacon's key: public on purpose, like //Alice (anyone can sign its rounds). */
export const DEVNET_BEACON_SEED = 'rodeo devnet drand beacon';

/** Devnet time per block, in seconds: a finney block (2 × Timestamp.MinimumPeriod), whatever the real interval. */
export const DEVNET_SECONDS_PER_BLOCK = 12;

/** Byte fields as hex for the codec (a Uint8Array would be read as already SCALE-encoded `Bytes`). */
function hexBytes<T>(value: T): T {
  if (value instanceof Uint8Array) return u8aToHex(value) as T;
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hexBytes(v)])) as T;
  return value;
}

let beaconKey: BeaconKey | undefined;
/** Signatures by round, shared by every devnet in the process (one key): write_pulse then compares. */
const signed = new Map<bigint, Uint8Array>();

function devnetBeaconKey(): BeaconKey {
  beaconKey ??= deriveBeaconKey(DEVNET_BEACON_SEED);
  return beaconKey;
}

function devnetSignature(round: bigint): Uint8Array {
  let signature = signed.get(round);
  if (!signature) {
    signature = signRound(round, devnetBeaconKey().secretKey);
    signed.set(round, signature);
    if (signed.size > 4096) signed.delete(signed.keys().next().value as bigint);
  }
  return signature;
}

/**
 * pallet_drand's QuicknetVerifier: e(sig, G2) == e(H(sha256(round)), pk). Under the devnet beacon's own key
 * the same answer comes cheaper from sig == sk·H (BLS signatures are unique).
 */
function verifyPulseWith(config: BeaconConfiguration, pulse: Pulse): boolean {
  if (u8aEq(config.publicKey, devnetBeaconKey().publicKey))
    return u8aEq(devnetSignature(pulse.round), pulse.signature);
  try {
    verifyPulse(pulse.round, pulse.signature, config.publicKey);
    return true;
  } catch (err) {
    if (TimelockErrors.SIGNATURE_INVALID.is(err)) return false;
    throw error('PulseVerificationError');
  }
}

/**
 * The devnet's own drand beacon: a BLS12-381 key derived from DEVNET_BEACON_SEED signing rounds as quicknet
 * does (unchained, signature on G1, public key on G2). Its clock is the chain's: block n is devnet time
 * `genesisTime + n × 12 s`, and round r is out once that time reaches `genesisTime + (r − 1) × period`.
 */
export class DevnetBeacon {
  constructor(
    readonly periodSeconds: number,
    readonly genesisTime: number,
  ) {}

  config(): BeaconConfiguration {
    const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    return {
      publicKey: devnetBeaconKey().publicKey,
      period: this.periodSeconds,
      genesisTime: this.genesisTime,
      hash: new Uint8Array(createHash('sha256').update(DEVNET_BEACON_SEED).digest()),
      groupHash: new Uint8Array(32),
      schemeId: ascii('bls-unchained-g1-rfc9380'),
      metadata: { beaconId: ascii('rodeo-devnet') },
    };
  }

  /** The genesis state with this beacon's configuration in `Drand.BeaconConfig`. */
  withConfig(genesis: StateSnapshot): StateSnapshot {
    const state = new Overlay(genesis);
    Drand.BeaconConfig.set(state, [], hexBytes(this.config()));
    return genesis.apply(state.changes());
  }

  /** The latest round out at block `n` (round 1 at block 0). */
  latestRound(blockNumber: number): bigint {
    return BigInt(Math.floor((blockNumber * DEVNET_SECONDS_PER_BLOCK) / this.periodSeconds) + 1);
  }

  pulse(round: bigint): Pulse {
    const signature = devnetSignature(round);
    return { round, randomness: pulseRandomness(signature), signature };
  }

  /**
   * What pallet_drand's offchain worker submits before block `n` is sealed: one bare `write_pulse` per new
   * round, ascending, at most MAX_PULSES_PER_BLOCK (on the first block, only the latest round). The devnet
   * seals them itself, so the payload carries no offchain-worker key or signature.
   */
  writePulseExtrinsics(state: Overlay, blockNumber: number): Uint8Array[] {
    if (Drand.NextUnsignedAt.get(state) > blockNumber) return [];
    const current = this.latestRound(blockNumber);
    let last = Drand.LastStoredRound.get(state);
    if (last === 0n) last = current - 1n;
    const out: Uint8Array[] = [];
    const { registry } = runtimeMetadata();
    for (let round = last + 1n; round <= current && out.length < MAX_PULSES_PER_BLOCK; round++) {
      const p = this.pulse(round);
      const call = registry
        .createType('Call', {
          callIndex: [26, 0],
          args: {
            pulses_payload: {
              blockNumber,
              pulses: [hexBytes(p)],
              public: { Sr25519: new Uint8Array(32) },
            },
            signature: null,
          },
        })
        .toU8a();
      out.push(u8aConcat(compactToU8a(call.length + 1), [4], call));
    }
    return out;
  }
}

function pruneOldPulses(state: Overlay, lastStored: bigint): void {
  let oldest = Drand.OldestStoredRound.get(state);
  if (oldest === 0n) return;
  for (
    let removed = 0;
    lastStored - oldest + 1n > MAX_KEPT_PULSES && removed < MAX_REMOVED_PULSES;
    removed++
  ) {
    Drand.Pulses.remove(state, oldest);
    oldest++;
  }
  Drand.OldestStoredRound.set(state, [], oldest);
}

/** `write_pulse` (pallets/drand/src/lib.rs): verify each pulse, store it above LastStoredRound, prune, event. */
function writePulse(env: Env & { blockNumber: number }, pulses: Pulse[]): void {
  const { state } = env;
  const config = Drand.BeaconConfig.get(state);
  let last = Drand.LastStoredRound.get(state);
  const isFirst = last === 0n && Drand.OldestStoredRound.get(state) === 0n;
  const rounds: bigint[] = [];
  for (const pulse of pulses) {
    if (!verifyPulseWith(config, pulse)) continue;
    if (pulse.round <= last) throw error('InvalidRoundNumber');
    Drand.Pulses.set(state, [pulse.round], hexBytes(pulse));
    last = pulse.round;
    rounds.push(pulse.round);
  }
  Drand.LastStoredRound.set(state, [], last);
  const first = rounds[0];
  if (isFirst && first !== undefined) Drand.OldestStoredRound.set(state, [], first);
  pruneOldPulses(state, last);
  Drand.NextUnsignedAt.set(state, [], env.blockNumber);
  if (rounds.length > 0) env.deposit(P, 'NewPulse', rounds);
}

/** Drand calls with the weights of their spec-393 annotations (write_pulse: unsigned, from the beacon). */
export const drandCalls: PalletCalls = {
  write_pulse: {
    weight: weight(4_294_000_000, 3, 4),
    pays: 'No',
    dispatch: (ctx, a) => {
      if (ctx.origin.kind !== 'none') throw badOrigin();
      const payload = a.pulsesPayload as { pulses: Pulse[] };
      writePulse(ctx, payload.pulses);
    },
  },
  set_beacon_config: {
    weight: weight(8_766_000, 0, 2),
    dispatch: (ctx, a) => {
      ensureRoot(ctx.origin);
      Drand.BeaconConfig.set(
        ctx.state,
        [],
        hexBytes((a.configPayload as { config: BeaconConfiguration }).config),
      );
      Drand.NextUnsignedAt.set(ctx.state, [], ctx.blockNumber + 1);
      ctx.deposit(P, 'BeaconConfigChanged');
    },
  },
  set_oldest_stored_round: {
    weight: weight(5_370_000, 0, 1),
    dispatch: (ctx, a) => {
      ensureRoot(ctx.origin);
      Drand.OldestStoredRound.set(ctx.state, [], a.oldestRound as bigint);
      ctx.deposit(P, 'SetOldestStoredRound', a.oldestRound);
    },
  },
};
