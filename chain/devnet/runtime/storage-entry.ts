import type { TypeRegistry } from '@polkadot/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { runtimeMetadata } from '../metadata/build.js';
import type { Hasher, StorageSpec } from '../metadata/spec.js';
import { decodeAs, encodeAs, lookupName } from './codec.js';
import type { Key, Overlay, StateSnapshot } from './state.js';

type Readable = Pick<Overlay, 'get' | 'keysWithPrefix'> | Pick<StateSnapshot, 'get' | 'keysWithPrefix'>;

const hashers: Record<Hasher, (data: Uint8Array) => Uint8Array> = {
  Blake2_128: (d) => blake2AsU8a(d, 128),
  Blake2_256: (d) => blake2AsU8a(d, 256),
  Blake2_128Concat: (d) => u8aConcat(blake2AsU8a(d, 128), d),
  Twox128: (d) => xxhashAsU8a(d, 128),
  Twox256: (d) => xxhashAsU8a(d, 256),
  Twox64Concat: (d) => u8aConcat(xxhashAsU8a(d, 64), d),
  Identity: (d) => d,
};
/** Bytes of hash in front of the encoded key part, for the hashers that keep the key readable. */
const concatPrefix: Partial<Record<Hasher, number>> = { Blake2_128Concat: 16, Twox64Concat: 8, Identity: 0 };

const palletPrefix = (pallet: string, item: string) =>
  u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128));

/**
 * Typed access to one storage item of the devnet metadata: keys are built with the item's hashers and
 * values (de)coded through the registry, as plain values (see `plain`). `K` is the tuple of key parts.
 */
export class StorageEntry<K extends unknown[], V> {
  readonly pallet: string;
  readonly name: string;
  #resolved: { spec: StorageSpec; registry: TypeRegistry; prefix: Key; fallback: Uint8Array } | undefined;

  constructor(pallet: string, name: string) {
    this.pallet = pallet;
    this.name = name;
  }

  #meta() {
    if (this.#resolved) return this.#resolved;
    const { registry, pallets } = runtimeMetadata();
    const spec = pallets.find((p) => p.name === this.pallet)?.storage?.find((s) => s.name === this.name);
    if (!spec) throw new Error(`storage ${this.pallet}.${this.name} is not declared in the devnet metadata`);
    const meta = registry.metadata.pallets
      .find((p) => p.name.eq(this.pallet))
      ?.storage.unwrap()
      .items.find((i) => i.name.eq(this.name));
    if (!meta) throw new Error(`storage ${this.pallet}.${this.name} is missing from the registry metadata`);
    this.#resolved = {
      spec,
      registry,
      prefix: u8aToHex(palletPrefix(this.pallet, this.name)),
      fallback: meta.fallback.toU8a(true),
    };
    return this.#resolved;
  }

  /** The full storage key for `keys` (or a prefix when fewer key parts are given). */
  key(...keys: Partial<K>): Key {
    const { spec, registry, prefix } = this.#meta();
    const parts = (keys as unknown[]).map((k, i) => {
      const [hasher, type] = spec.keys?.[i] ?? [];
      if (!hasher || type === undefined) throw new Error(`${this.pallet}.${this.name} has no key part ${i}`);
      return hashers[hasher](encodeAs(registry, type, k));
    });
    return parts.length === 0 ? prefix : prefix + u8aToHex(u8aConcat(...parts)).slice(2);
  }

  /** Decodes the key parts back from a full key (all hashers of the item must be concat/identity). */
  keyParts(key: Key): K {
    const { spec, registry, prefix } = this.#meta();
    let bytes = Buffer.from(key.slice(prefix.length), 'hex');
    return (spec.keys ?? []).map(([hasher, type]) => {
      const skip = concatPrefix[hasher];
      if (skip === undefined)
        throw new Error(`${this.pallet}.${this.name}: ${hasher} keys cannot be decoded`);
      const codec = registry.createTypeUnsafe(lookupName(registry, type), [bytes.subarray(skip)]);
      bytes = bytes.subarray(skip + codec.encodedLength);
      return decodeAs(registry, type, codec.toU8a());
    }) as K;
  }

  raw(state: Readable, ...keys: K): Uint8Array | undefined {
    return state.get(this.key(...keys));
  }

  has(state: Readable, ...keys: K): boolean {
    return this.raw(state, ...keys) !== undefined;
  }

  /** The value, or the item's default (`null` for an optional item) when absent. */
  get(state: Readable, ...keys: K): V {
    const { spec, registry, fallback } = this.#meta();
    const bytes = this.raw(state, ...keys);
    if (bytes === undefined && spec.optional) return null as V;
    return decodeAs<V>(registry, spec.value, bytes ?? fallback);
  }

  set(state: Overlay, keys: K, value: NonNullable<V>): void {
    const { spec, registry } = this.#meta();
    state.set(this.key(...keys), encodeAs(registry, spec.value, value));
  }

  remove(state: Overlay, ...keys: K): void {
    state.delete(this.key(...keys));
  }

  mutate(state: Overlay, keys: K, fn: (value: V) => NonNullable<V>): NonNullable<V> {
    const next = fn(this.get(state, ...keys));
    this.set(state, keys, next);
    return next;
  }

  /** All entries under a key prefix (the first key parts), decoded. */
  entries(state: Readable, ...prefixKeys: Partial<K>): [K, V][] {
    const { spec, registry } = this.#meta();
    return state
      .keysWithPrefix(this.key(...prefixKeys))
      .map((k) => [this.keyParts(k), decodeAs<V>(registry, spec.value, state.get(k) as Uint8Array)]);
  }
}

/** Declares a storage item of the devnet metadata; resolution is lazy so modules can declare at load time. */
export const storage = <K extends unknown[], V>(pallet: string, name: string) =>
  new StorageEntry<K, V>(pallet, name);
