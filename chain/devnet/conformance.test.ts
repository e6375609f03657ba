import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { PalletMetadataLatest } from '@polkadot/types/interfaces';
import { expandMetadata } from '@polkadot/types/metadata';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runtimeMetadata, servedMetadata } from './metadata/build.js';
import { CUSTOM_SIGNED_EXTENSIONS } from './metadata/extensions.js';

/** Real finney spec-393 metadata, kept in the repository (source and licence: ../fixtures/subtensor/README.md). */
const FINNEY = fileURLToPath(new URL('../fixtures/subtensor/finney-393.scale', import.meta.url));

type Decorated = ReturnType<typeof expandMetadata>;
type Fn = (...args: unknown[]) => Codec;

/** `tx.<pallet>.<call>` or `query.<pallet>.<item>` of decorated metadata. */
function member(m: { meta: Decorated }, root: 'tx' | 'query', pallet: string, name: string): Fn {
  const fn = (m.meta[root] as unknown as Record<string, Record<string, Fn> | undefined>)[pallet]?.[name];
  if (!fn) throw new Error(`${root}.${pallet}.${name} is not decorated`);
  return fn;
}

function load(bytes: Uint8Array): { registry: TypeRegistry; meta: Decorated; metadata: Metadata } {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata, undefined, CUSTOM_SIGNED_EXTENSIONS, true);
  return { registry, meta: expandMetadata(registry, metadata), metadata };
}

const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').address;
const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob').address;

/** The calls the node sends, as [pallet, call, args]. */
const CALLS: [string, string, unknown[]][] = [
  ['subtensorModule', 'setWeights', [1, [0, 3, 7], [65535, 100, 1], 12]],
  ['subtensorModule', 'commitWeights', [1, `0x${'ab'.repeat(32)}`]],
  ['subtensorModule', 'revealWeights', [1, [0, 3], [65535, 9], [1, 2, 3], 12]],
  ['subtensorModule', 'serveAxon', [1, 1_002_003, 167772165, 8091, 4, 4, 0, 0]],
  ['subtensorModule', 'burnedRegister', [1, alice]],
  ['subtensorModule', 'addStake', [alice, 1, 10n ** 12n]],
  ['subtensorModule', 'registerNetwork', [alice]],
  ['subtensorModule', 'startCall', [1]],
  [
    'commitments',
    'setCommitment',
    [1, { fields: [{ Sha256: `0x${'11'.repeat(32)}` }, { Raw4: '0x01020304' }] }],
  ],
  ['balances', 'transferKeepAlive', [bob, 123_456_789n]],
  ['balances', 'transferAllowDeath', [bob, 1n]],
  ['system', 'remarkWithEvent', ['rodeo payout round 7']],
  ['adminUtils', 'sudoSetWeightsVersionKey', [1, 7]],
  ['adminUtils', 'sudoSetWeightsSetRateLimit', [1, 0]],
  ['adminUtils', 'sudoSetMinAllowedWeights', [1, 1]],
  ['adminUtils', 'sudoSetMaxAllowedUids', [1, 256]],
  ['adminUtils', 'sudoSetTempo', [1, 10]],
  ['adminUtils', 'sudoSetCommitRevealWeightsEnabled', [1, true]],
  ['adminUtils', 'sudoSetCommitRevealWeightsInterval', [1, 1]],
  ['adminUtils', 'sudoSetCommitRevealVersion', [4]],
  ['adminUtils', 'sudoSetServingRateLimit', [1, 0]],
  ['adminUtils', 'sudoSetMaxRegistrationsPerBlock', [1, 50]],
  ['adminUtils', 'sudoSetTargetRegistrationsPerInterval', [1, 50]],
  ['adminUtils', 'sudoSetNetworkRateLimit', [0]],
  ['adminUtils', 'sudoSetStakeThreshold', [0]],
];

/** The storage the node reads, as [pallet, item, key args]. */
const STORAGE: [string, string, unknown[]][] = [
  ['system', 'account', [alice]],
  ['system', 'number', []],
  ['system', 'events', []],
  ['subtensorModule', 'networksAdded', [1]],
  ['subtensorModule', 'subnetworkN', [1]],
  ['subtensorModule', 'tempo', [1]],
  ['subtensorModule', 'keys', [1, 5]],
  ['subtensorModule', 'uids', [1, alice]],
  ['subtensorModule', 'axons', [1, alice]],
  ['subtensorModule', 'validatorPermit', [1]],
  ['subtensorModule', 'lastUpdate', [1]],
  ['subtensorModule', 'incentive', [1]],
  ['subtensorModule', 'dividends', [1]],
  ['subtensorModule', 'emission', [1]],
  ['subtensorModule', 'active', [1]],
  ['subtensorModule', 'blockAtRegistration', [1, 5]],
  ['subtensorModule', 'weights', [1, 5]],
  ['subtensorModule', 'totalHotkeyAlpha', [alice, 1]],
  ['subtensorModule', 'weightsSetRateLimit', [1]],
  ['subtensorModule', 'maxWeightsLimit', [1]],
  ['subtensorModule', 'minAllowedWeights', [1]],
  ['subtensorModule', 'weightsVersionKey', [1]],
  ['subtensorModule', 'commitRevealWeightsEnabled', [1]],
  ['subtensorModule', 'revealPeriodEpochs', [1]],
  ['subtensorModule', 'weightCommits', [1, alice]],
  ['subtensorModule', 'stakeThreshold', []],
  ['subtensorModule', 'subnetOwner', [1]],
  ['commitments', 'commitmentOf', [1, alice]],
  ['commitments', 'lastCommitment', [1, alice]],
  ['sudo', 'key', []],
];

describe('conformance with the real finney spec-393 metadata', () => {
  let real: ReturnType<typeof load>;
  let mine: ReturnType<typeof load>;
  beforeAll(() => {
    real = load(readFileSync(FINNEY));
    // what a devnet serves by default: finney 393's layout (the stateful-epoch items are checked below)
    mine = load(servedMetadata(false).bytes[16]);
  });

  const typeDef = (r: TypeRegistry, id: { toNumber(): number }) => r.lookup.getTypeDef(id.toNumber()).type;

  it('declares every pallet item with the real index, fields, hashers, types and defaults', () => {
    const differences: string[] = [];
    for (const pallet of mine.metadata.asLatest.pallets) {
      const name = pallet.name.toString();
      const other = real.metadata.asLatest.pallets.find((p) =>
        p.name.eq(pallet.name),
      ) as PalletMetadataLatest;
      if (!other?.index.eq(pallet.index)) {
        differences.push(`pallet ${name}`);
        continue;
      }
      for (const kind of ['calls', 'events', 'errors'] as const) {
        if (pallet[kind].isNone) continue;
        const theirs = real.registry.lookup.getSiType(other[kind].unwrap().type).def.asVariant.variants;
        for (const v of mine.registry.lookup.getSiType(pallet[kind].unwrap().type).def.asVariant.variants) {
          const r = theirs.find((x) => x.index.eq(v.index));
          const shape = (reg: TypeRegistry, variant: typeof v) =>
            `${variant.name}(${variant.fields.map((f) => `${f.name.toString()}:${typeDef(reg, f.type)}`).join(',')})`;
          if (!r || shape(mine.registry, v) !== shape(real.registry, r))
            differences.push(`${name}.${kind} ${v.name}`);
        }
      }
      for (const item of pallet.storage.isSome ? pallet.storage.unwrap().items : []) {
        const r = other.storage.unwrap().items.find((x) => x.name.eq(item.name));
        const shape = (reg: TypeRegistry, i: typeof item) =>
          [
            i.modifier.toString(),
            i.fallback.toHex(),
            ...(i.type.isPlain
              ? [typeDef(reg, i.type.asPlain)]
              : [
                  i.type.asMap.hashers.map(String).join(','),
                  typeDef(reg, i.type.asMap.key),
                  typeDef(reg, i.type.asMap.value),
                ]),
          ].join(' ');
        if (!r || shape(mine.registry, item) !== shape(real.registry, r))
          differences.push(`${name}.${item.name}`);
      }
      for (const c of pallet.constants) {
        const r = other.constants.find((x) => x.name.eq(c.name));
        if (!r || typeDef(mine.registry, c.type) !== typeDef(real.registry, r.type))
          differences.push(`${name}::${c.name}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('declares the same transaction extensions, in order, with the same types', () => {
    const shape = (m: ReturnType<typeof load>) =>
      m.metadata.asLatest.extrinsic.transactionExtensions.map(
        (e) => `${e.identifier}:${typeDef(m.registry, e.type)}/${typeDef(m.registry, e.implicit)}`,
      );
    expect(shape(mine)).toEqual(shape(real));
  });

  it.each(CALLS)('encodes %s.%s identically', (pallet, call, args) => {
    const encode = (m: ReturnType<typeof load>) => u8aToHex(member(m, 'tx', pallet, call)(...args).toU8a());
    expect(encode(mine)).toBe(encode(real));
  });

  it('encodes nested calls (sudo, batch_all) identically', () => {
    const encode = (m: ReturnType<typeof load>) => {
      const tx = (pallet: string, name: string) => member(m, 'tx', pallet, name);
      const inner = tx('adminUtils', 'sudoSetTempo')(1, 10);
      const weights = tx('subtensorModule', 'setWeights')(1, [1], [1], 0);
      const batch = tx('utility', 'batchAll')([weights, tx('system', 'remarkWithEvent')('x')]);
      return [u8aToHex(tx('sudo', 'sudo')(inner).toU8a()), u8aToHex(batch.toU8a())];
    };
    expect(encode(mine)).toEqual(encode(real));
  });

  it.each(STORAGE)('builds the %s.%s storage key identically', (pallet, item, args) => {
    const key = (m: ReturnType<typeof load>) => u8aToHex(member(m, 'query', pallet, item)(...args) as never);
    expect(key(mine)).toBe(key(real));
  });

  it('builds the same signing payload for a mortal set_weights transaction', () => {
    const payload = (m: ReturnType<typeof load>) => {
      const method = member(m, 'tx', 'subtensorModule', 'setWeights')(1, [2], [3], 4);
      return u8aToHex(
        m.registry
          .createType('ExtrinsicPayload', {
            method: method.toHex(),
            era: m.registry.createType('ExtrinsicEra', { current: 1234, period: 64 }),
            nonce: 7,
            tip: 0,
            specVersion: 393,
            transactionVersion: 1,
            genesisHash: `0x${'22'.repeat(32)}`,
            blockHash: `0x${'33'.repeat(32)}`,
            mode: 0,
          })
          .toU8a({ method: true }),
      );
    };
    expect(payload(mine)).toBe(payload(real));
  });

  it('adds exactly the spec-424+ epoch scheduler items when a devnet runs it, with the keys of subtensor main', () => {
    const full = load(runtimeMetadata().bytes[16]);
    const names = (m: ReturnType<typeof load>, kind: 'calls' | 'events' | 'errors' | 'storage') => {
      const pallet = m.metadata.asLatest.pallets.find((p) => p.name.eq('SubtensorModule'));
      if (!pallet) return [];
      if (kind === 'storage') return pallet.storage.unwrap().items.map((i) => i.name.toString());
      return m.registry.lookup
        .getSiType(pallet[kind].unwrap().type)
        .def.asVariant.variants.map((v) => `${v.index.toNumber()}:${v.name.toString()}`);
    };
    const added = (kind: 'calls' | 'events' | 'errors' | 'storage') =>
      names(full, kind).filter((n) => !names(mine, kind).includes(n));
    expect(added('storage')).toEqual(['LastEpochBlock', 'PendingEpochAt', 'SubnetEpochIndex']);
    expect(added('calls')).toEqual(['141:trigger_epoch']);
    expect(added('events')).toEqual(['131:EpochTriggered']);
    expect(added('errors').slice(-3)).toEqual([
      '143:EpochTriggerAlreadyPending',
      '144:AutoEpochAlreadyImminent',
      '145:DynamicTempoBlockedByCommitReveal',
    ]);
    // Identity-hashed NetUid: twox128(pallet) ++ twox128(item) ++ the u16's two bytes
    const key = u8aToHex(member(full, 'query', 'subtensorModule', 'lastEpochBlock')(3) as never);
    expect(key.endsWith(`${xxhashAsHex('LastEpochBlock', 128).slice(2)}0300`)).toBe(true);
  });
});
