import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { NEW_LOGIC_FLAG } from './metadata/pallets/system.js';
import { Balances } from './pallets/balances.js';
import { S } from './pallets/subtensor/storage.js';
import { STATEFUL_EPOCHS_KEY } from './pallets/subtensor/subnets.js';
import { Sudo } from './pallets/sudo.js';
import { System } from './pallets/system.js';
import { Overlay, StateSnapshot } from './runtime/state.js';

/** The usual Substrate development accounts (sr25519), all funded; //Alice holds the sudo key. */
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

/** Free balance of each dev account at genesis: 1,000,000 TAO (in rao). */
export const DEV_BALANCE = 1_000_000n * 1_000_000_000n;

/** frame_system stores this placeholder as BlockHash(0) until block 1 records the real genesis hash. */
const HASH69 = `0x${'45'.repeat(32)}`;

export interface DevAccount {
  name: string;
  uri: string;
  address: string;
  publicKey: string;
}

export function devAccounts(): DevAccount[] {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return DEV_ACCOUNTS.map((name) => {
    const pair = keyring.addFromUri(`//${name}`);
    return { name, uri: `//${name}`, address: pair.address, publicKey: u8aToHex(pair.publicKey) };
  });
}

/** Genesis state: funded dev accounts, //Alice as sudo, and the root network (netuid 0) as Subtensor creates it. */
/** `statefulEpochs`: the chain runs spec 424+'s stateful epoch scheduler (and serves its metadata items). */
export function genesisState(options: { statefulEpochs?: boolean } = {}): StateSnapshot {
  const state = new Overlay(new StateSnapshot(new Map()));
  if (options.statefulEpochs) state.set(STATEFUL_EPOCHS_KEY, new Uint8Array([1]));
  const accounts = devAccounts();
  for (const account of accounts)
    System.Account.set(state, [account.publicKey], {
      nonce: 0,
      consumers: 0,
      providers: 1,
      sufficients: 0,
      data: { free: DEV_BALANCE, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG },
    });
  const issuance = DEV_BALANCE * BigInt(accounts.length);
  Balances.TotalIssuance.set(state, [], issuance);
  S.TotalIssuance.set(state, [], issuance);
  Sudo.Key.set(state, [], (accounts[0] as DevAccount).publicKey);
  System.BlockHash.set(state, [0], HASH69);
  System.Number.set(state, [], 0);
  S.NetworksAdded.set(state, [0], true);
  S.TotalNetworks.set(state, [], 1);
  S.MaxAllowedUids.set(state, [0], 64);
  S.MaxAllowedValidators.set(state, [0], 64);
  S.MinAllowedWeights.set(state, [0], 0);
  S.Tempo.set(state, [0], 100);
  S.NetworkRegistrationAllowed.set(state, [0], true);
  S.TargetRegistrationsPerInterval.set(state, [0], 1);
  S.SubtokenEnabled.set(state, [0], true);
  return new StateSnapshot(state.changes() as Map<string, Uint8Array>);
}
