import { compactFromU8a, compactToU8a, u8aConcat } from '@polkadot/util';
import { runtimeMetadata } from '../metadata/build.js';
import { encodeAs } from './codec.js';
import type { Overlay } from './state.js';
import { storage } from './storage-entry.js';

export type Phase = { ApplyExtrinsic: number } | 'Finalization' | 'Initialization';

const Events = storage<[], unknown>('System', 'Events');
const EventCount = storage<[], number>('System', 'EventCount');

function phaseBytes(phase: Phase): Uint8Array {
  if (typeof phase === 'object') {
    const out = new Uint8Array(5);
    new DataView(out.buffer).setUint32(1, phase.ApplyExtrinsic, true);
    return out;
  }
  return new Uint8Array([phase === 'Finalization' ? 1 : 2]);
}

/** SCALE bytes of a RuntimeEvent: pallet index, variant index, then the fields in declaration order. */
function encodeEvent(pallet: string, event: string, fields: unknown[]): Uint8Array {
  const { pallets, registry } = runtimeMetadata();
  const spec = pallets.find((p) => p.name === pallet);
  const variant = spec?.events?.find((v) => v.name === event);
  if (!spec || !variant) throw new Error(`event ${pallet}.${event} is not declared in the devnet metadata`);
  if (variant.fields.length !== fields.length)
    throw new Error(`event ${pallet}.${event} takes ${variant.fields.length} fields, got ${fields.length}`);
  return u8aConcat(
    [spec.index, variant.index],
    ...variant.fields.map((f, i) => encodeAs(registry, f.type, fields[i])),
  );
}

/** Appends an EventRecord (no topics) to System.Events, inside the current storage transaction. */
export function depositEvent(
  state: Overlay,
  phase: Phase,
  pallet: string,
  event: string,
  fields: unknown[],
): void {
  const key = Events.key();
  const raw = state.get(key) ?? new Uint8Array([0]);
  const [offset, count] = compactFromU8a(raw);
  const record = u8aConcat(phaseBytes(phase), encodeEvent(pallet, event, fields), [0]);
  state.set(key, u8aConcat(compactToU8a(count.addn(1)), raw.subarray(offset), record));
  EventCount.mutate(state, [], (n) => n + 1);
}
