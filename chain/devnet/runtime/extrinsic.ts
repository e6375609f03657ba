import type { GenericCall } from '@polkadot/types/generic';
import { compactFromU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { runtimeMetadata } from '../metadata/build.js';
import { RUNTIME_VERSION } from '../runtime-version.js';
import { plain } from './codec.js';

/** Why the pool or the block builder refuses a transaction (sp_runtime TransactionValidityError). */
export class TransactionValidityError extends Error {
  readonly kind: 'invalid' | 'unknown';
  /** InvalidTransaction / UnknownTransaction variant name. */
  readonly reason: string;
  readonly custom: number | undefined;
  constructor(kind: 'invalid' | 'unknown', reason: string, custom?: number) {
    super(custom === undefined ? reason : `Custom error: ${custom}`);
    this.name = 'TransactionValidityError';
    this.kind = kind;
    this.reason = reason;
    this.custom = custom;
  }
}

export const invalid = (reason: string) => new TransactionValidityError('invalid', reason);
export const customError = (code: number) => new TransactionValidityError('invalid', 'Custom', code);
export const unknownValidity = (reason: string) => new TransactionValidityError('unknown', reason);

/** The runtime could not even decode the extrinsic (a wasm trap in `validate_transaction`). */
export class UndecodableExtrinsic extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UndecodableExtrinsic';
  }
}

export type Era = { immortal: true } | { immortal: false; period: number; phase: number };

export interface SignedPart {
  address: unknown;
  /** MultiSignature, SCALE-encoded (type byte + signature). */
  signature: Uint8Array;
  /** The raw bytes of the extensions' extra data, as signed. */
  extra: Uint8Array;
  era: Era;
  nonce: number;
  tip: bigint;
  metadataHashMode: number;
}

export interface DecodedExtrinsic {
  bytes: Uint8Array;
  hash: string;
  signed: SignedPart | undefined;
  call: GenericCall;
  callBytes: Uint8Array;
}

function readCompact(bytes: Uint8Array, at: number): [value: bigint, next: number] {
  const [length, value] = compactFromU8a(bytes.subarray(at));
  if (length === 0 || at + length > bytes.length) throw new UndecodableExtrinsic('truncated compact integer');
  return [BigInt(value.toString()), at + length];
}

function readEra(bytes: Uint8Array, at: number): [Era, number] {
  const first = bytes[at];
  if (first === undefined) throw new UndecodableExtrinsic('missing era');
  if (first === 0) return [{ immortal: true }, at + 1];
  const second = bytes[at + 1];
  if (second === undefined) throw new UndecodableExtrinsic('truncated era');
  const encoded = first + (second << 8);
  const period = 2 << (encoded % (1 << 4));
  const quantize = Math.max(period >> 12, 1);
  const phase = (encoded >> 4) * quantize;
  if (period < 4 || phase >= period) throw new UndecodableExtrinsic('invalid era');
  return [{ immortal: false, period, phase }, at + 2];
}

/** Block in which a mortal transaction was born, seen from block `current` (sp_runtime Era::birth). */
export function eraBirth(era: Era, current: number): number {
  if (era.immortal) return 0;
  return Math.floor((Math.max(current, era.phase) - era.phase) / era.period) * era.period + era.phase;
}

/** Decodes an UncheckedExtrinsic v4 (length-prefixed) with the devnet's extensions. */
export function decodeExtrinsic(bytes: Uint8Array): DecodedExtrinsic {
  const { registry, pallets } = runtimeMetadata();
  const [length, bodyStart] = readCompact(bytes, 0);
  if (BigInt(bytes.length - bodyStart) !== length)
    throw new UndecodableExtrinsic('length prefix does not match');
  const version = bytes[bodyStart];
  if (version === undefined || (version & 0x7f) !== 4)
    throw new UndecodableExtrinsic(`unsupported extrinsic version ${version}`);
  let at = bodyStart + 1;
  let signed: SignedPart | undefined;
  const decodeAt = (type: string) => {
    const codec = registry.createTypeUnsafe(type, [bytes.subarray(at)]);
    at += codec.encodedLength;
    if (at > bytes.length) throw new UndecodableExtrinsic(`truncated ${type}`);
    return codec;
  };
  try {
    if (version & 0x80) {
      const ext = registry.metadata.extrinsic;
      const address = plain(decodeAt(registry.createLookupType(ext.addressType)));
      const signature = decodeAt(registry.createLookupType(ext.signatureType)).toU8a();
      const extraStart = at;
      const [era, afterEra] = readEra(bytes, at);
      const [nonce, afterNonce] = readCompact(bytes, afterEra);
      const [tip, afterTip] = readCompact(bytes, afterNonce);
      const mode = bytes[afterTip];
      if (mode === undefined || mode > 1) throw new UndecodableExtrinsic('invalid CheckMetadataHash mode');
      at = afterTip + 1;
      signed = {
        address,
        signature,
        extra: bytes.slice(extraStart, at),
        era,
        nonce: Number(nonce),
        tip,
        metadataHashMode: mode,
      };
    }
    const callBytes = bytes.slice(at);
    const call = registry.createType('Call', callBytes) as unknown as GenericCall;
    if (call.encodedLength !== callBytes.length)
      throw new UndecodableExtrinsic('trailing bytes after the call');
    const [palletIndex, callIndex] = call.callIndex;
    if (!pallets.find((p) => p.index === palletIndex)?.calls?.some((c) => c.index === callIndex))
      throw new UndecodableExtrinsic(`unknown call ${palletIndex}/${callIndex}`);
    return { bytes, hash: u8aToHex(blake2AsU8a(bytes, 256)), signed, call, callBytes };
  } catch (err) {
    if (err instanceof UndecodableExtrinsic) throw err;
    throw new UndecodableExtrinsic(err instanceof Error ? err.message : String(err));
  }
}

/** Implicit (signed-only) data of the extensions: versions, genesis, birth block, no metadata hash. */
export function implicitBytes(genesisHash: Uint8Array, birthHash: Uint8Array): Uint8Array {
  const versions = new Uint8Array(8);
  const view = new DataView(versions.buffer);
  view.setUint32(0, RUNTIME_VERSION.specVersion, true);
  view.setUint32(4, RUNTIME_VERSION.transactionVersion, true);
  return u8aConcat(versions, genesisHash, birthHash, [0]);
}

/** Verifies the signature over call ‖ extra ‖ implicit (blake2-256 of it when longer than 256 bytes). */
export function verifySignature(xt: DecodedExtrinsic, signer: string, implicit: Uint8Array): boolean {
  const signed = xt.signed;
  if (!signed) return false;
  const payload = u8aConcat(xt.callBytes, signed.extra, implicit);
  const message = payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
  try {
    return signatureVerify(message, signed.signature, signer).isValid;
  } catch {
    return false;
  }
}
