import type { CommonTypes } from './common-types.js';
import type { SiVariant, TypeBuilder } from './type-builder.js';

export type Hasher =
  | 'Blake2_128'
  | 'Blake2_256'
  | 'Blake2_128Concat'
  | 'Twox128'
  | 'Twox256'
  | 'Twox64Concat'
  | 'Identity';

/** One call: `args` are `[name, typeId, typeName]` in declaration order. */
export interface CallSpec {
  name: string;
  index: number;
  args: [string, number, string][];
}

/** One storage item. `keys` are `[hasher, typeId]` per key part; `fallback` is the default as a plain value. */
export interface StorageSpec {
  name: string;
  optional?: boolean;
  keys?: [Hasher, number][];
  value: number;
  fallback?: unknown;
}

export interface ConstantSpec {
  name: string;
  type: number;
  value: unknown;
}

/** A pallet as the devnet declares it in its metadata (a subset of the real Subtensor pallet). */
export interface PalletSpec {
  name: string;
  index: number;
  /** Rust module path prefix of the pallet's Call/Event/Error enums, e.g. `pallet_subtensor::pallet`. */
  path: string;
  calls?: CallSpec[];
  events?: SiVariant[];
  /** Error variant names by index (all of the real enum, so error indices decode identically). */
  errors?: string[];
  storage?: StorageSpec[];
  constants?: ConstantSpec[];
}

/** What a pallet module receives to declare its types: `call`/`event` are the reserved RuntimeCall/RuntimeEvent ids. */
export interface SpecContext {
  b: TypeBuilder;
  t: CommonTypes;
  call: number;
  event: number;
}
