import type { GenericCall } from '@polkadot/types/generic';
import { GenericCall as GenericCallClass } from '@polkadot/types/generic';
import { runtimeMetadata } from '../metadata/build.js';
import { adminUtilsCalls } from '../pallets/admin-utils.js';
import { balancesCalls } from '../pallets/balances.js';
import { commitmentsCalls } from '../pallets/commitments.js';
import { drandCalls } from '../pallets/drand.js';
import { subtensorCalls } from '../pallets/subtensor/calls.js';
import { sudoCalls } from '../pallets/sudo.js';
import { systemCalls } from '../pallets/system.js';
import { timestampCalls } from '../pallets/timestamp.js';
import { utilityCalls } from '../pallets/utility.js';
import { callArgs } from './codec.js';
import type { CallArgs, CallDef, DispatchClass, PalletCalls, Pays } from './dispatch.js';

export interface DispatchInfo {
  weight: bigint;
  class: DispatchClass;
  pays: Pays;
  paysOnSuccess: Pays | undefined;
}

export interface ResolvedCall {
  pallet: string;
  name: string;
  def: CallDef;
  args: CallArgs;
}

const PALLET_CALLS: Record<string, PalletCalls> = {
  System: systemCalls,
  Timestamp: timestampCalls,
  Balances: balancesCalls,
  SubtensorModule: subtensorCalls,
  Utility: utilityCalls(callWeight),
  Sudo: sudoCalls(callWeight),
  Commitments: commitmentsCalls,
  AdminUtils: adminUtilsCalls,
  Drand: drandCalls,
};

/** Finds the implementation of a decoded call and converts its arguments to plain values (camelCase names). */
export function resolveCall(call: GenericCall): ResolvedCall {
  const [palletIndex, callIndex] = call.callIndex;
  const spec = runtimeMetadata().pallets.find((p) => p.index === palletIndex);
  const name = spec?.calls?.find((c) => c.index === callIndex)?.name;
  const def = spec && name ? PALLET_CALLS[spec.name]?.[name] : undefined;
  if (!spec || !name || !def) throw new Error(`call ${palletIndex}/${callIndex} has no implementation`);
  return { pallet: spec.name, name, def, args: callArgs(call) };
}

/** Checks BoundedVec bounds of a call and of the calls nested in it (what the runtime's decoder enforces). */
export function boundsViolation(call: GenericCall): string | undefined {
  const { pallet, name, def, args } = resolveCall(call);
  const own = def.bounds?.(args);
  if (own) return `${pallet}.${name}: ${own}`;
  for (const value of Object.values(args)) {
    const nested = Array.isArray(value) ? value : [value];
    for (const inner of nested) {
      if (!(inner instanceof GenericCallClass)) continue;
      const violation = boundsViolation(inner);
      if (violation) return violation;
    }
  }
  return undefined;
}

export function dispatchInfo(call: GenericCall): DispatchInfo {
  const { def, args } = resolveCall(call);
  return {
    weight: typeof def.weight === 'bigint' ? def.weight : def.weight(args),
    class: def.class ?? 'Normal',
    pays: def.pays ?? 'Yes',
    paysOnSuccess: def.paysOnSuccess,
  };
}

function callWeight(call: GenericCall): bigint {
  return dispatchInfo(call).weight;
}

/** Every call the metadata declares, as `Pallet.call_name`, with whether it is implemented (for tests). */
export function declaredCalls(): { call: string; implemented: boolean }[] {
  return runtimeMetadata().pallets.flatMap((p) =>
    (p.calls ?? []).map((c) => ({
      call: `${p.name}.${c.name}`,
      implemented: !!PALLET_CALLS[p.name]?.[c.name],
    })),
  );
}
