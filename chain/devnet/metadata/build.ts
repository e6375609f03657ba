import { Metadata, TypeRegistry } from '@polkadot/types';
import type { ChainProperties } from '@polkadot/types/interfaces';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { CHAIN_PROPERTIES } from '../runtime-version.js';
import { buildCommonTypes } from './common-types.js';
import { buildExtensions, CUSTOM_SIGNED_EXTENSIONS } from './extensions.js';
import { adminUtilsSpec } from './pallets/admin-utils.js';
import { balancesSpec } from './pallets/balances.js';
import { commitmentsSpec } from './pallets/commitments.js';
import { drandSpec } from './pallets/drand.js';
import { SPEC_424_EPOCHS, subtensorSpec } from './pallets/subtensor.js';
import { sudoSpec } from './pallets/sudo.js';
import { systemSpec } from './pallets/system.js';
import { timestampSpec } from './pallets/timestamp.js';
import { transactionPaymentSpec } from './pallets/transaction-payment.js';
import { utilitySpec } from './pallets/utility.js';
import { type ApiTypes, buildRuntimeApis } from './runtime-apis.js';
import type { PalletSpec, SpecContext } from './spec.js';
import { TypeBuilder } from './type-builder.js';

/** Metadata magic number `meta`. */
const MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]);

/** Timestamp.MinimumPeriod: half the Subtensor slot (12 s), which polkadot.js uses to size mortal eras. */
const MINIMUM_PERIOD_MS = 6000;

export interface RuntimeMetadata {
  /** A registry decorated with this metadata (calls, events, errors, lookup types). */
  registry: TypeRegistry;
  /** Versioned metadata bytes (`meta` + version + body) for versions 14, 15 and 16. */
  bytes: { 14: Uint8Array; 15: Uint8Array; 16: Uint8Array };
  pallets: PalletSpec[];
  apiTypes: ApiTypes;
  /** Type id of the UncheckedExtrinsic (opaque bytes) argument of payment APIs. */
  extrinsicType: number;
  eventRecordType: number;
}

/** The SubtensorModule spec without what spec 424+ added for the stateful epoch scheduler. */
function withoutStatefulEpochs(spec: PalletSpec): PalletSpec {
  const drop = (names: readonly string[]) => (x: { name: string }) => !names.includes(x.name);
  return {
    ...spec,
    storage: spec.storage?.filter(drop(SPEC_424_EPOCHS.storage)),
    calls: spec.calls?.filter(drop(SPEC_424_EPOCHS.calls)),
    events: spec.events?.filter(drop(SPEC_424_EPOCHS.events)),
    errors: spec.errors?.slice(0, spec.errors.length - SPEC_424_EPOCHS.errors.length),
  };
}

/** `statefulEpochs: false` leaves out the spec-424+ epoch scheduler items (finney 393's layout). */
export function buildMetadata(
  options: { statefulEpochs: boolean } = { statefulEpochs: true },
): RuntimeMetadata {
  const b = new TypeBuilder();
  const t = buildCommonTypes(b);
  const ctx: SpecContext = { b, t, call: b.reserve(), event: b.reserve() };
  const pallets = [
    systemSpec(ctx),
    timestampSpec(ctx, MINIMUM_PERIOD_MS),
    balancesSpec(ctx),
    transactionPaymentSpec(ctx),
    options.statefulEpochs ? subtensorSpec(ctx) : withoutStatefulEpochs(subtensorSpec(ctx)),
    utilitySpec(ctx),
    sudoSpec(ctx),
    commitmentsSpec(ctx),
    adminUtilsSpec(ctx),
    drandSpec(ctx),
  ];

  const enumOf = (spec: PalletSpec, kind: 'Call' | 'Event' | 'Error') => {
    const path = `${spec.path}::${kind}`;
    const params = [{ name: 'T' }];
    if (kind === 'Call' && spec.calls)
      return b.variant(
        path,
        spec.calls.map((c) => ({
          name: c.name,
          index: c.index,
          fields: c.args.map(([name, type, typeName]) => ({ name, type, typeName })),
        })),
        params,
      );
    if (kind === 'Event' && spec.events) return b.variant(path, spec.events, params);
    if (kind === 'Error' && spec.errors)
      return b.variant(
        path,
        spec.errors.map((name, index) => ({ name, index, fields: [] })),
        params,
      );
    return undefined;
  };
  const palletEnums = pallets.map((p) => ({
    call: enumOf(p, 'Call'),
    event: enumOf(p, 'Event'),
    error: enumOf(p, 'Error'),
  }));
  const outer = (kind: 'call' | 'event' | 'error', typeName: (p: PalletSpec) => string) =>
    pallets.flatMap((p, i) => {
      const type = palletEnums[i]?.[kind];
      return type === undefined
        ? []
        : [{ name: p.name, index: p.index, fields: [{ type, typeName: typeName(p) }] }];
    });
  b.define(
    ctx.call,
    { Variant: { variants: outer('call', (p) => `dispatch::CallableCallFor<${p.name}, Runtime>`) } },
    ['node_subtensor_runtime', 'RuntimeCall'],
  );
  b.define(
    ctx.event,
    { Variant: { variants: outer('event', (p) => `${p.path.split('::')[0]}::Event<Runtime>`) } },
    ['node_subtensor_runtime', 'RuntimeEvent'],
  );
  const runtimeError = b.variant(
    'node_subtensor_runtime::RuntimeError',
    outer('error', (p) => `${p.path.split('::')[0]}::Error<Runtime>`),
  );
  const runtime = b.composite('node_subtensor_runtime::Runtime', []);
  const extensions = buildExtensions(b, t, runtime);
  const extraType = b.tuple(...extensions.map((e) => e.type));
  const extrinsicParams = [
    { name: 'Address', type: t.multiAddress },
    { name: 'Call', type: ctx.call },
    { name: 'Signature', type: t.multiSignature },
    { name: 'Extra', type: extraType },
  ];
  const innerExtrinsic = b.composite(
    'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic',
    [{ type: t.bytes }],
    extrinsicParams,
  );
  const extrinsicType = b.composite(
    'fp_self_contained::unchecked_extrinsic::UncheckedExtrinsic',
    [{ type: innerExtrinsic, typeName: 'generic::UncheckedExtrinsic<Address, Call, Signature, Extension>' }],
    extrinsicParams,
  );
  const { apis, types: apiTypes } = buildRuntimeApis(b, t, extrinsicType);
  const eventsItem = pallets[0]?.storage?.find((s) => s.name === 'Events');
  if (!eventsItem) throw new Error('System.Events is missing from the System spec');

  // A registry that only knows the lookup encodes fallbacks and constants from plain values.
  const lookupRegistry = new TypeRegistry();
  const types = b.portable();
  const lookup = lookupRegistry.createType('PortableRegistry', { types });
  lookupRegistry.setLookup(lookup);
  const encode = (type: number, value: unknown) =>
    u8aToHex(lookupRegistry.createTypeUnsafe(lookupRegistry.createLookupType(type), [value]).toU8a());

  const palletsJson = pallets.map((p, i) => ({
    name: p.name,
    storage: p.storage
      ? {
          prefix: p.name,
          items: p.storage.map((s) => ({
            name: s.name,
            modifier: s.optional ? 'Optional' : 'Default',
            type: s.keys
              ? {
                  Map: {
                    hashers: s.keys.map(([h]) => h),
                    key: s.keys.length === 1 ? s.keys[0]?.[1] : b.tuple(...s.keys.map(([, k]) => k)),
                    value: s.value,
                  },
                }
              : { Plain: s.value },
            fallback: s.optional ? '0x00' : encode(s.value, s.fallback),
            docs: [],
          })),
        }
      : null,
    calls: palletEnums[i]?.call === undefined ? null : { type: palletEnums[i]?.call },
    events: palletEnums[i]?.event === undefined ? null : { type: palletEnums[i]?.event },
    constants: (p.constants ?? []).map((c) => ({
      name: c.name,
      type: c.type,
      value: encode(c.type, c.value),
      docs: [],
    })),
    errors: palletEnums[i]?.error === undefined ? null : { type: palletEnums[i]?.error },
    index: p.index,
    docs: [],
  }));
  // Tuple key types may have been added while building storage: take the final type list.
  const finalTypes = b.portable();
  const signedExtensions = extensions.map((e) => ({ ...e }));

  const specRegistry = new TypeRegistry();
  const v15 = specRegistry.createType('MetadataV15', {
    lookup: { types: finalTypes },
    pallets: palletsJson,
    extrinsic: {
      version: 4,
      addressType: t.multiAddress,
      callType: ctx.call,
      signatureType: t.multiSignature,
      extraType,
      signedExtensions,
    },
    type: runtime,
    apis: apis.map((a) => ({
      name: a.name,
      methods: a.methods.map((m) => ({
        name: m.name,
        inputs: m.inputs.map(([name, type]) => ({ name, type })),
        output: m.output,
        docs: [],
      })),
      docs: [],
    })),
    outerEnums: { callType: ctx.call, eventType: ctx.event, errorType: runtimeError },
    custom: { map: {} },
  });
  const v14 = specRegistry.createType('MetadataV14', {
    lookup: { types: finalTypes },
    pallets: palletsJson.map(({ docs: _docs, ...rest }) => rest),
    extrinsic: { type: extrinsicType, version: 4, signedExtensions },
    type: runtime,
  });
  // v16 is v15 converted by @polkadot/types, with the transaction extensions' implicit types restored
  // (its v15->v16 conversion drops them).
  const v16Json = new Metadata(specRegistry, u8aConcat(MAGIC, [15], v15.toU8a())).asLatest.toJSON() as {
    extrinsic: { transactionExtensions: { implicit: number }[] };
  };
  v16Json.extrinsic.transactionExtensions.forEach((e, i) => {
    e.implicit = extensions[i]?.additionalSigned ?? e.implicit;
  });
  const v16 = specRegistry.createType('MetadataV16', v16Json);
  const bytes = {
    14: u8aConcat(MAGIC, [14], v14.toU8a()),
    15: u8aConcat(MAGIC, [15], v15.toU8a()),
    16: u8aConcat(MAGIC, [16], v16.toU8a()),
  };

  const registry = new TypeRegistry();
  registry.setChainProperties(
    registry.createType('ChainProperties', {
      ss58Format: CHAIN_PROPERTIES.ss58Format,
      tokenDecimals: [CHAIN_PROPERTIES.tokenDecimals],
      tokenSymbol: [CHAIN_PROPERTIES.tokenSymbol],
    }) as ChainProperties,
  );
  registry.setMetadata(new Metadata(registry, bytes[16]), undefined, CUSTOM_SIGNED_EXTENSIONS, true);
  const eventRecordType = registry.lookup.getSiType(eventsItem.value).def.asSequence.type.toNumber();
  return { registry, bytes, pallets, apiTypes, extrinsicType, eventRecordType };
}

let cached: RuntimeMetadata | undefined;
let cached393: RuntimeMetadata | undefined;

/**
 * The devnet's metadata is a pure function of this code: build it once per process. The runtime decodes
 * and stores with the full metadata (a superset of finney 393's layout).
 */
export function runtimeMetadata(): RuntimeMetadata {
  cached ??= buildMetadata();
  return cached;
}

/** The metadata a devnet serves to clients: spec 393's layout, plus the stateful epoch scheduler's items when it runs it. */
export function servedMetadata(statefulEpochs: boolean): RuntimeMetadata {
  if (statefulEpochs) return runtimeMetadata();
  cached393 ??= buildMetadata({ statefulEpochs: false });
  return cached393;
}
