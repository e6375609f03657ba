import type { Codec } from '@polkadot/types/types';
import { hexToU8a, isHex, stringToU8a, u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { big, field, list, num } from './codec.js';
import { ChainErrors } from './errors.js';
import type { RuntimeView } from './runtime.js';
import type { StorageReader } from './storage.js';
import type { Commitment, CommitmentField, CommitmentInput } from './types.js';

const HASH_KINDS: Record<string, 'sha256' | 'blake2256' | 'keccak256' | 'sha3256'> = {
  Sha256: 'sha256',
  BlakeTwo256: 'blake2256',
  Keccak256: 'keccak256',
  ShaThree256: 'sha3256',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function rawField(bytes: Uint8Array): CommitmentField {
  return { kind: 'raw', hex: u8aToHex(bytes), bytes, text: text(bytes) };
}

/** One `Data` enum value: Raw0..Raw128 (and BigRaw) -> bytes and utf8 text, hashes -> hex. */
export function decodeField(data: Codec): CommitmentField {
  const { type, value } = data as unknown as { type: string; value: Codec };
  if (type === 'None') return { kind: 'none' };
  if (/^Raw\d+$/.test(type) || type === 'BigRaw') return rawField(value.toU8a(true));
  const hash = HASH_KINDS[type];
  if (hash) return { kind: hash, hex: value.toHex() };
  if (type === 'TimelockEncrypted') {
    return {
      kind: 'timelocked',
      hex: u8aToHex(field(value, 'encrypted')?.toU8a(true)),
      revealRound: big(field(value, 'revealRound')),
    };
  }
  if (type === 'ResetBondsFlag') return { kind: 'resetBonds' };
  return { kind: 'other', variant: type, hex: value.toHex() };
}

/** A field to commit -> the `Data` variant polkadot.js encodes (`{ Sha256: hash }`, `{ Raw12: bytes }`). */
export function encodeField(input: CommitmentInput): Record<string, Uint8Array> {
  if ('sha256' in input) {
    if (!isHex(input.sha256, 256))
      throw ChainErrors.BAD_COMMITMENT(`sha256 ${input.sha256} is not 32 bytes of hex`);
    return { Sha256: hexToU8a(input.sha256) };
  }
  const bytes = typeof input.raw === 'string' ? stringToU8a(input.raw) : input.raw;
  if (bytes.length > 128)
    throw ChainErrors.BAD_COMMITMENT(`raw field of ${bytes.length} bytes (at most 128)`);
  return { [`Raw${bytes.length}`]: bytes };
}

function toCommitment(hotkey: string, value: Codec): Commitment {
  return {
    hotkey,
    block: num(field(value, 'block')),
    extrinsicIndex: 0,
    deposit: big(field(value, 'deposit')),
    fields: list(field(field(value, 'info'), 'fields')).map(decodeField),
  };
}

/**
 * Every `CommitmentOf` of a subnet with the block it was set at: the keys under the netuid prefix, then their
 * values in one batch. The hotkey is the tail of each key (Twox64Concat keeps the account after its hash).
 */
export async function readCommitments(
  reader: StorageReader,
  view: RuntimeView,
  netuid: number,
): Promise<Commitment[]> {
  const head = await reader.send<string>('chain_getBlockHash', [], 'reading the head');
  const keys = await reader.keys(view.prefix('commitments', 'commitmentOf', netuid), head);
  if (keys.length === 0) return [];
  const { values } = await reader.queryRaw(keys, head);
  const out: Commitment[] = [];
  keys.forEach((key, i) => {
    const value = view.decode('commitments', 'commitmentOf', values[i]);
    if (value)
      out.push(toCommitment(encodeAddress(hexToU8a(key).slice(-32), view.registry.chainSS58), value));
  });
  return out;
}

/** The commitment of one hotkey on a subnet as it stood after block `at` (a block hash; the head when unset). */
export async function readCommitmentOf(
  reader: StorageReader,
  netuid: number,
  hotkey: string,
  at?: string,
): Promise<Commitment | undefined> {
  const {
    values: [value],
  } = await reader.query([{ pallet: 'commitments', item: 'commitmentOf', args: [netuid, hotkey] }], at);
  return value ? toCommitment(hotkey, value) : undefined;
}

/**
 * The fields of every Commitments.set_commitment on `netuid` signed by `hotkey` in block `blockHash`, read from
 * the block's body (kept by nodes that prune old state). Whether each succeeded is not checked: it says what the
 * hotkey published in that block.
 */
/** The index of each hotkey's last signed `set_commitment` in the block body. */
async function locateInBody(
  reader: StorageReader,
  view: RuntimeView,
  hash: string,
  block: number,
  list_: Commitment[],
  known: Map<string, number>,
): Promise<void> {
  const body = await reader.send<{ block: { extrinsics: string[] } } | null>(
    'chain_getBlock',
    [hash],
    `locating commitments of block ${block}`,
  );
  const byKey = new Map(list_.map((c) => [u8aToHex(decodeAddress(c.hotkey)), c]));
  (body?.block.extrinsics ?? []).forEach((bytes, index) => {
    const xt = view.registry.createType('Extrinsic', bytes);
    if (!xt.isSigned || xt.method.section !== 'commitments' || xt.method.method !== 'setCommitment') return;
    const c = byKey.get(u8aToHex(decodeAddress(xt.signer.toString())));
    if (!c) return;
    c.extrinsicIndex = index;
    known.set(`${block}:${c.hotkey}`, index);
  });
}

export async function readCommitmentCalls(
  reader: StorageReader,
  view: RuntimeView,
  blockHash: string,
  netuid: number,
  hotkey: string,
): Promise<CommitmentField[][]> {
  const block = await reader.send<{ block: { extrinsics: string[] } } | null>(
    'chain_getBlock',
    [blockHash],
    `reading block ${blockHash}`,
  );
  const who = u8aToHex(decodeAddress(hotkey));
  const out: CommitmentField[][] = [];
  for (const bytes of block?.block.extrinsics ?? []) {
    const xt = view.registry.createType('Extrinsic', bytes);
    const call = xt.method;
    if (!xt.isSigned || call.section !== 'commitments' || call.method !== 'setCommitment') continue;
    if (u8aToHex(decodeAddress(xt.signer.toString())) !== who || num(call.args[0]) !== netuid) continue;
    out.push(list(field(call.args[1], 'fields')).map(decodeField));
  }
  return out;
}

/**
 * Sets each commitment's extrinsic index from its block's `Commitments.Commitment` event (who = the hotkey).
 * A node that pruned the block's state (most keep 256 blocks) cannot serve its events: the index is then
 * the position of the hotkey's `set_commitment` in the block body, which every node keeps.
 * `known` caches indexes by block and hotkey across calls (a commitment's position never changes).
 */
export async function locateCommitments(
  reader: StorageReader,
  view: RuntimeView,
  commitments: Commitment[],
  known: Map<string, number>,
): Promise<void> {
  const byBlock = new Map<number, Commitment[]>();
  for (const c of commitments) {
    const cached = known.get(`${c.block}:${c.hotkey}`);
    if (cached !== undefined) c.extrinsicIndex = cached;
    else byBlock.set(c.block, [...(byBlock.get(c.block) ?? []), c]);
  }
  for (const [block, list_] of byBlock) {
    const hash = await reader.send<string | null>(
      'chain_getBlockHash',
      [block],
      `locating commitments of block ${block}`,
    );
    if (!hash) continue;
    let events: Codec | undefined;
    try {
      ({
        values: [events],
      } = await reader.query([{ pallet: 'system', item: 'events' }], hash));
    } catch {
      await locateInBody(reader, view, hash, block, list_, known);
      continue;
    }
    for (const record of list(events)) {
      const { phase, event } = record as unknown as {
        phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } };
        event: { section: string; method: string; data: Codec[] };
      };
      if (!phase.isApplyExtrinsic || event.section !== 'commitments' || event.method !== 'Commitment')
        continue;
      const who = event.data[1]?.toString();
      const c = list_.find((x) => x.hotkey === who);
      if (!c) continue;
      c.extrinsicIndex = phase.asApplyExtrinsic.toNumber();
      known.set(`${block}:${c.hotkey}`, c.extrinsicIndex);
    }
  }
}
