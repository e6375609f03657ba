import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Call } from '@polkadot/types/interfaces';
import { expandMetadata } from '@polkadot/types/metadata';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import type { Codec, Registry } from '@polkadot/types/types';
import { compactStripLength, hexToU8a, u8aToHex } from '@polkadot/util';
import { ChainErrors } from './errors.js';
import { SIGNED_EXTENSIONS } from './signed-extensions.js';

/**
 * The runtime as its metadata describes it: builds calls and storage keys and decodes storage values.
 * The client builds every call and key through this, so the same code runs against the live chain's
 * metadata and against a metadata file (the conformance test).
 */
export class RuntimeView {
  readonly registry: Registry;
  readonly meta: DecoratedMeta;
  readonly specName: string;
  readonly specVersion: number;

  constructor(registry: Registry, metadata: Metadata) {
    this.registry = registry;
    this.meta = expandMetadata(registry, metadata);
    const version = this.meta.consts.system?.version?.toJSON() as
      | { specName?: string; specVersion?: number }
      | undefined;
    this.specName = version?.specName ?? 'unknown';
    this.specVersion = version?.specVersion ?? 0;
  }

  /** A view over a metadata blob (SCALE bytes or hex), in a registry of its own. */
  static fromMetadata(bytes: Uint8Array | string): RuntimeView {
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, typeof bytes === 'string' ? hexToU8a(bytes) : bytes);
    registry.setMetadata(metadata, undefined, SIGNED_EXTENSIONS);
    return new RuntimeView(registry, metadata);
  }

  get runtime(): string {
    return `${this.specName} spec ${this.specVersion}`;
  }

  hasCall(pallet: string, call: string): boolean {
    return this.meta.tx[pallet]?.[call] !== undefined;
  }

  /** Number of arguments of a call (0 when absent). */
  callArity(pallet: string, call: string): number {
    return this.meta.tx[pallet]?.[call]?.meta.args.length ?? 0;
  }

  call(pallet: string, call: string, ...args: unknown[]): Call {
    const fn = this.meta.tx[pallet]?.[call];
    if (!fn) throw ChainErrors.UNSUPPORTED(`call ${pallet}.${call}`, this.runtime);
    return fn(...args);
  }

  hasStorage(pallet: string, item: string): boolean {
    return this.meta.query[pallet]?.[item] !== undefined;
  }

  private entry(pallet: string, item: string) {
    const entry = this.meta.query[pallet]?.[item];
    if (!entry) throw ChainErrors.UNSUPPORTED(`storage ${pallet}.${item}`, this.runtime);
    return entry;
  }

  /** The full storage key (hex) of an item for the given map keys. */
  key(pallet: string, item: string, ...args: unknown[]): string {
    return u8aToHex(compactStripLength(this.entry(pallet, item)(...args))[1]);
  }

  /** The key prefix (hex) of a map, optionally narrowed by its leading keys. */
  prefix(pallet: string, item: string, ...args: unknown[]): string {
    return u8aToHex(this.entry(pallet, item).keyPrefix(...args));
  }

  /** Decodes a raw storage value; an absent value gives the default, or undefined for an optional item. */
  decode(pallet: string, item: string, raw: string | null | undefined): Codec | undefined {
    const { meta } = this.entry(pallet, item);
    if (raw === null || raw === undefined) {
      if (meta.modifier.isOptional) return undefined;
      return this.registry.createTypeUnsafe(this.valueType(pallet, item), [meta.fallback.toU8a(true)]);
    }
    return this.registry.createTypeUnsafe(this.valueType(pallet, item), [hexToU8a(raw)]);
  }

  /** The registry type name of an item's value. */
  valueType(pallet: string, item: string): string {
    const { type } = this.entry(pallet, item).meta;
    return this.registry.createLookupType(type.isPlain ? type.asPlain : type.asMap.value);
  }

  constant(pallet: string, name: string): Codec | undefined {
    return this.meta.consts[pallet]?.[name];
  }
}
