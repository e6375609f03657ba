import type { TypeRegistry } from '@polkadot/types';
import { GenericAccountId32, GenericCall } from '@polkadot/types/generic';
import {
  AbstractInt,
  BTreeMap,
  Bytes,
  bool,
  Compact,
  Enum,
  Null,
  Option,
  Result,
  Struct,
  Text,
  Tuple,
  U8aFixed,
  Vec,
  VecFixed,
} from '@polkadot/types-codec';
import type { Codec } from '@polkadot/types-codec/types';

/**
 * Converts a decoded codec into plain JS values the pallets work with: integers up to 32 bits become
 * numbers and wider ones bigints, accounts and fixed byte arrays lowercase hex, `Vec<u8>` a Uint8Array,
 * structs objects with camelCase keys, options `null` or the value, unit enum variants their name and
 * other variants `{ Name: value }`. Calls stay `GenericCall` so they can be dispatched.
 */
export function plain(codec: Codec): unknown {
  if (codec instanceof GenericCall) return codec;
  if (codec instanceof AbstractInt) return codec.bitLength() <= 32 ? codec.toNumber() : codec.toBigInt();
  if (codec instanceof bool) return codec.isTrue;
  if (codec instanceof GenericAccountId32 || codec instanceof U8aFixed) return codec.toHex();
  if (codec instanceof Bytes) return codec.toU8a(true);
  if (codec instanceof Text) return codec.toString();
  if (codec instanceof Compact) return plain(codec.unwrap());
  if (codec instanceof Option) return codec.isSome ? plain(codec.unwrap()) : null;
  if (codec instanceof Result) return codec.isOk ? { Ok: plain(codec.asOk) } : { Err: plain(codec.asErr) };
  if (codec instanceof Struct) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of codec.entries()) out[String(key)] = plain(value);
    return out;
  }
  if (codec instanceof Enum) return codec.isBasic ? codec.type : { [codec.type]: plain(codec.value) };
  if (codec instanceof Vec || codec instanceof VecFixed || codec instanceof Tuple) return codec.map(plain);
  if (codec instanceof BTreeMap) return [...codec.entries()].map(([k, v]) => [plain(k), plain(v)]);
  if (codec instanceof Null) return null;
  throw new Error(`cannot convert ${codec.toRawType()} to a plain value`);
}

/** The @polkadot/types name of a lookup type id. */
export const lookupName = (registry: TypeRegistry, id: number) => registry.createLookupType(id);

export function encodeAs(registry: TypeRegistry, type: number, value: unknown): Uint8Array {
  return registry.createTypeUnsafe(lookupName(registry, type), [value]).toU8a();
}

export function decodeAs<T>(registry: TypeRegistry, type: number, bytes: Uint8Array): T {
  return plain(registry.createTypeUnsafe(lookupName(registry, type), [bytes])) as T;
}

const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A decoded call's arguments as plain values keyed by camelCase name (`version_key` → `versionKey`). */
export function callArgs(call: GenericCall): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of call.argsEntries) args[camelCase(key)] = plain(value);
  return args;
}
