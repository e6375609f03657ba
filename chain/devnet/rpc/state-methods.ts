import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Chain } from '../chain.js';
import { DevnetErrors } from '../errors.js';
import { servedMetadata } from '../metadata/build.js';
import { statefulEpochs } from '../pallets/subtensor/subnets.js';
import { stateCall } from '../runtime-api.js';
import { RUNTIME_VERSION } from '../runtime-version.js';
import {
  blockParam,
  clientErrors,
  hexParam,
  onBlocks,
  optionalHash,
  type Register,
  unsubscribe,
} from './params.js';
import { type Connection, invalidParams, RpcError } from './server.js';

/** state_* methods: metadata, runtime version, storage reads and subscriptions, runtime API calls. */
export function registerStateMethods(register: Register, chain: Chain): void {
  const metadataHex = () => u8aToHex(servedMetadata(statefulEpochs(chain.stateAt())).bytes[14]);
  register('state_getMetadata', () => metadataHex());
  register(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], () => RUNTIME_VERSION.rpc);
  register(['state_subscribeRuntimeVersion', 'chain_subscribeRuntimeVersion'], (_p, c) =>
    c.subscribe('state_runtimeVersion', (emit) => {
      emit(RUNTIME_VERSION.rpc);
      return () => {};
    }),
  );
  register(['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'], unsubscribe);

  const storageValue = (key: string, at?: string) => {
    const value = clientErrors(() => chain.stateAt(at)).get(key);
    return value === undefined ? null : u8aToHex(value);
  };
  /** Storage reads at an explicit block are noted on the connection (see author_submitAndWatchExtrinsic). */
  const readAt = (connection: Connection, at: unknown) => {
    const hash = optionalHash(at);
    if (hash) connection.noteRead(hash, 'state');
    return hash;
  };
  register(['state_getStorage', 'state_getStorageAt'], ([key, at], connection) =>
    storageValue(hexParam(key, 'key'), readAt(connection, at)),
  );
  register('state_getStorageHash', ([key, at]) => {
    const value = storageValue(hexParam(key, 'key'), optionalHash(at));
    return value === null ? null : blake2AsHex(value, 256);
  });
  register('state_getStorageSize', ([key, at]) => {
    const value = storageValue(hexParam(key, 'key'), optionalHash(at));
    return value === null ? null : (value.length - 2) / 2;
  });
  register('state_getKeys', ([prefix, at]) =>
    clientErrors(() => chain.stateAt(optionalHash(at))).keysWithPrefix(hexParam(prefix, 'prefix')),
  );
  register(['state_getKeysPaged', 'state_getKeysPagedAt'], ([prefix, count, startKey, at]) => {
    const state = clientErrors(() => chain.stateAt(optionalHash(at)));
    const limit = Number(count);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000)
      throw new RpcError(4002, 'count exceeds maximum value (1000)');
    const start = startKey === undefined || startKey === null ? undefined : hexParam(startKey, 'startKey');
    return state
      .keysWithPrefix(prefix === null || prefix === undefined ? '0x' : hexParam(prefix, 'prefix'), start)
      .slice(0, limit);
  });
  register('state_queryStorageAt', ([keys, at], connection) => {
    if (!Array.isArray(keys)) throw invalidParams('keys must be an array');
    readAt(connection, at);
    const block = blockParam(chain, at);
    if (!block) throw new RpcError(4003, `Client error: ${DevnetErrors.UNKNOWN_BLOCK(String(at)).message}`);
    return [
      {
        block: block.hash,
        changes: keys.map((k) => [hexParam(k, 'key'), storageValue(hexParam(k, 'key'), block.hash)]),
      },
    ];
  });
  register('state_subscribeStorage', ([keys], connection) => {
    const list = Array.isArray(keys) ? keys.map((k) => hexParam(k, 'key')) : [];
    return onBlocks(chain, connection, 'state_storage', (block, previous) => {
      const changes = list
        .map((k) => [k, storageValue(k, block.hash)] as const)
        .filter(([k, v]) => !previous || v !== storageValue(k, previous.hash));
      return changes.length > 0 || !previous ? { block: block.hash, changes } : undefined;
    });
  });
  register('state_unsubscribeStorage', unsubscribe);
  register('state_call', ([method, data, at]) => {
    if (typeof method !== 'string') throw invalidParams('method must be a string');
    return clientErrors(() => stateCall(chain, method, hexParam(data ?? '0x', 'data'), optionalHash(at)));
  });
}
