import type { GenericCall } from '@polkadot/types/generic';
import { u8aToHex } from '@polkadot/util';
import { runtimeMetadata } from '../metadata/build.js';
import type { Overlay } from './state.js';

export type AccountHex = string;

export type Origin = { kind: 'signed'; who: AccountHex } | { kind: 'root' } | { kind: 'none' };

export type DispatchClass = 'Normal' | 'Operational' | 'Mandatory';
export type Pays = 'Yes' | 'No';

/** A `sp_runtime::DispatchError` raised by a call, as the plain value its metadata type encodes. */
export class DispatchError extends Error {
  readonly value: unknown;
  constructor(value: unknown, description: string) {
    super(description);
    this.name = 'DispatchError';
    this.value = value;
  }
}

export const badOrigin = () => new DispatchError('BadOrigin', 'BadOrigin');
export const tokenError = (name: string) => new DispatchError({ Token: name }, `Token.${name}`);

/** `errorsOf('SubtensorModule')('SettingWeightsTooFast')` builds the module error with the real index. */
export function errorsOf(pallet: string): (name: string) => DispatchError {
  return (name) => {
    const spec = runtimeMetadata().pallets.find((p) => p.name === pallet);
    const index = spec?.errors?.indexOf(name) ?? -1;
    if (!spec || index < 0) throw new Error(`${pallet} has no error ${name}`);
    return new DispatchError(
      { Module: { index: spec.index, error: u8aToHex(new Uint8Array([index, 0, 0, 0])) } },
      `${pallet}.${name}`,
    );
  };
}

/** The dispatch context a call runs in. */
export interface CallContext {
  state: Overlay;
  origin: Origin;
  blockNumber: number;
  /** Deposits a pallet event; `fields` in declaration order, as plain values. */
  deposit(pallet: string, event: string, ...fields: unknown[]): void;
  /** Dispatches a nested call (sudo, batches) in its own storage transaction. */
  dispatch(call: GenericCall, origin: Origin): void;
}

export type CallArgs = Record<string, unknown>;

export interface CallDef {
  /** Declared ref-time weight, from the runtime's weight annotation. */
  weight: bigint | ((args: CallArgs) => bigint);
  class?: DispatchClass;
  pays?: Pays;
  /** Pays once the call succeeded (sudo: Pays::No for the key holder). */
  paysOnSuccess?: Pays;
  /** Length bounds of BoundedVec arguments: a violation makes the extrinsic undecodable in the runtime. */
  bounds?(args: CallArgs): string | undefined;
  dispatch(ctx: CallContext, args: CallArgs): void;
}

export type PalletCalls = Record<string, CallDef>;

/** DbWeight of the Subtensor runtime (RocksDb): 25 µs per read, 100 µs per write. */
export const weight = (refTime: number, reads = 0, writes = 0): bigint =>
  BigInt(refTime) + BigInt(reads) * 25_000_000n + BigInt(writes) * 100_000_000n;

export function ensureSigned(origin: Origin): AccountHex {
  if (origin.kind !== 'signed') throw badOrigin();
  return origin.who;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw badOrigin();
}
