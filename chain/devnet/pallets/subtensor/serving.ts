import type { AccountHex, CallContext } from '../../runtime/dispatch.js';
import { ensureSigned } from '../../runtime/dispatch.js';
import { type AxonInfo, S } from './storage.js';
import { subtensorError as error, isRegisteredOnAnyNetwork, type Readable } from './subnets.js';

export type ServeAxonArgs = Omit<AxonInfo, 'block'> & { netuid: number };

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

export function isValidIpAddress(ipType: number, ip: bigint): boolean {
  if (ipType === 4) return ip < U32_MAX && ip !== 0x7f00_0001n;
  if (ipType === 6) return ip !== U128_MAX && ip !== 1n;
  return true;
}

/** Returns the SubtensorModule error name `serve_axon` fails with, if any (`validate_serve_axon`, spec 393). */
export function serveAxonError(
  state: Readable,
  hotkey: AccountHex,
  a: ServeAxonArgs,
  block: bigint,
): string | undefined {
  if (!isRegisteredOnAnyNetwork(state, hotkey)) return 'HotKeyNotRegisteredInNetwork';
  if (a.ipType !== 4 && a.ipType !== 6) return 'InvalidIpType';
  if (!isValidIpAddress(a.ipType, a.ip)) return 'InvalidIpAddress';
  const previous = S.Axons.get(state, a.netuid, hotkey);
  const rateLimit = S.ServingRateLimit.get(state, a.netuid);
  const last = previous?.block ?? 0n;
  if (!(rateLimit === 0n || last === 0n || block - last >= rateLimit)) return 'ServingRateLimitExceeded';
  if (a.port === 0) return 'InvalidPort';
  return undefined;
}

export function doServeAxon(ctx: CallContext, a: ServeAxonArgs): void {
  const hotkey = ensureSigned(ctx.origin);
  const block = BigInt(ctx.blockNumber);
  const failure = serveAxonError(ctx.state, hotkey, a, block);
  if (failure) throw error(failure);
  const { netuid, ...axon } = a;
  S.Axons.set(ctx.state, [netuid, hotkey], { ...axon, block });
  ctx.deposit('SubtensorModule', 'AxonServed', netuid, hotkey);
}
