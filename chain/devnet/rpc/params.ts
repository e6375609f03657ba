import { isHex, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { isRodeoError } from '../../../config/index.js';
import type { Block, Chain } from '../chain.js';
import { UnknownRuntimeApi } from '../runtime-api.js';
import { type Connection, type Handler, invalidParams, RpcError } from './server.js';

/** Registers a handler under several method names (current and legacy aliases). */
export type Register = (names: string | string[], handler: Handler) => void;

export const unsubscribe: Handler = ([id], connection) => connection.unsubscribe(id);

export function hexParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || !isHex(value)) throw invalidParams(`${name} must be 0x-prefixed hex`);
  return value.toLowerCase();
}

export const optionalHash = (value: unknown) =>
  value === undefined || value === null ? undefined : hexParam(value, 'hash');

export function headerJson(block: Block) {
  const { header } = block;
  return {
    parentHash: header.parentHash.toHex(),
    number: `0x${block.number.toString(16)}`,
    stateRoot: header.stateRoot.toHex(),
    extrinsicsRoot: header.extrinsicsRoot.toHex(),
    digest: { logs: [] },
  };
}

/** Client errors (unknown block, pruned state) use code 4003 like sc-rpc. */
export function clientErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isRodeoError(err) || err instanceof UnknownRuntimeApi)
      throw new RpcError(4003, `Client error: ${err.message}`);
    throw err;
  }
}

export function blockParam(chain: Chain, value: unknown): Block | undefined {
  const hash = optionalHash(value);
  return hash ? chain.blockByHash(hash) : chain.head;
}

export function accountHex(value: unknown): string {
  if (typeof value !== 'string') throw invalidParams('account must be an SS58 address or 0x public key');
  try {
    return u8aToHex(decodeAddress(value));
  } catch {
    throw invalidParams(`invalid account ${value}`);
  }
}

/** Subscribes to new blocks, starting with the current one; `undefined` results are not sent. */
export function onBlocks(
  chain: Chain,
  connection: Connection,
  notification: string,
  toResult: (block: Block, previous: Block | undefined) => unknown,
) {
  return connection.subscribe(notification, (emit) => {
    emit(toResult(chain.head, undefined));
    let previous = chain.head;
    const listener = (block: Block) => {
      const result = toResult(block, previous);
      previous = block;
      if (result !== undefined) emit(result);
    };
    chain.on('block', listener);
    return () => chain.off('block', listener);
  });
}
