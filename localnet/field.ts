import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';

/** The simulated engines of a devnet field, in the order they are added as --miners grows. */
export const PROFILES = ['strong', 'average', 'slow-starter', 'bursty', 'copycat', 'broken'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface FieldMiner {
  index: number;
  profile: ProfileName;
  name: string;
  hotkey: KeyringPair;
  coldkey: KeyringPair;
  /** Submission identity: the copycat reuses the strong miner's image digest and source commit. */
  image: string;
  sourceCommit: string;
}

export interface FieldValidator {
  /** 0-based; validator 0 is validatorHot/validatorCold. */
  index: number;
  hotkey: KeyringPair;
  coldkey: KeyringPair;
}

export interface Field {
  sudo: KeyringPair;
  owner: KeyringPair;
  /** The first validator (the pool payer when payouts are on). */
  validatorHot: KeyringPair;
  validatorCold: KeyringPair;
  /** Every validator of the subnet, the first one included; each has its own hotkey and coldkey. */
  validators: FieldValidator[];
  miners: FieldMiner[];
}

const hex = (seed: string, length: number) => {
  let out = '';
  let x = 0x811c9dc5;
  while (out.length < length) {
    for (const ch of `${seed}:${out.length}`) x = Math.imul(x ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
};

/**
 * Deterministic dev keys and submissions for `count` miners (profiles repeat beyond six) and `validators`
 * validators.
 */
export function buildField(count: number, validators = 1): Field {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const miners: FieldMiner[] = [];
  for (let i = 0; i < count; i++) {
    const profile = PROFILES[i % PROFILES.length]!;
    const round = Math.floor(i / PROFILES.length);
    const identity = profile === 'copycat' ? `strong-${round}` : `${profile}-${round}`;
    miners.push({
      index: i,
      profile,
      name: `sim-${profile}${round ? `-${round + 1}` : ''}`,
      hotkey: keyring.addFromUri(`//RodeoMiner${i}`),
      coldkey: keyring.addFromUri(`//RodeoMiner${i}Cold`),
      image: `registry.rodeo.local/sim/${identity}@sha256:${hex(identity, 64)}`,
      sourceCommit: hex(`${identity}-commit`, 40),
    });
  }
  const vals: FieldValidator[] = [
    { index: 0, hotkey: keyring.addFromUri('//RodeoValidator'), coldkey: keyring.addFromUri('//Alice') },
  ];
  for (let i = 1; i < validators; i++) {
    vals.push({
      index: i,
      hotkey: keyring.addFromUri(`//RodeoValidator${i + 1}`),
      coldkey: keyring.addFromUri(`//RodeoValidator${i + 1}Cold`),
    });
  }
  return {
    sudo: keyring.addFromUri('//Alice'),
    owner: keyring.addFromUri('//RodeoOwner'),
    validatorHot: vals[0]!.hotkey,
    validatorCold: vals[0]!.coldkey,
    validators: vals,
    miners,
  };
}
