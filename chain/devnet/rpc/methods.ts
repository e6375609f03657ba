import { isHex, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { isRodeoError } from '../../../config/index.js';
import type { Block, Chain } from '../chain.js';
import { DevnetErrors } from '../errors.js';
import { runtimeMetadata } from '../metadata/build.js';
import { PoolRejection, type TxStatus } from '../pool.js';
import { TransactionValidityError, UndecodableExtrinsic } from '../runtime/extrinsic.js';
import { stateCall, UnknownRuntimeApi } from '../runtime-api.js';
import { CHAIN_NAME, CHAIN_PROPERTIES, RUNTIME_VERSION } from '../runtime-version.js';
import { type Connection, type Handler, invalidParams, RpcError } from './server.js';

/** Text of sp_runtime's InvalidTransaction variants, as nodes put them in `data` of error 1010. */
const INVALID_TRANSACTION: Record<string, string> = {
  Call: 'Transaction call is not expected',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  BadSigner: 'Invalid signing address',
};

/** Longest wait between a watched extrinsic's `inBlock` and `finalized` updates (see author_submitAndWatchExtrinsic). */
export const FINALIZED_STATUS_FALLBACK_MS = 2000;
const FINALIZED_STATUS_SETTLE_MS = 10;

export interface DevnetControl {
  produceBlocks(count: number): Promise<void>;
}

function hexParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || !isHex(value)) throw invalidParams(`${name} must be 0x-prefixed hex`);
  return value.toLowerCase();
}

const optionalHash = (value: unknown) =>
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

/** Maps pool/validation failures to the JSON-RPC errors a Substrate node returns from author_*. */
function authorError(err: unknown): RpcError {
  if (err instanceof TransactionValidityError) {
    if (err.kind === 'unknown') return new RpcError(1011, 'Unknown Transaction Validity', err.reason);
    return new RpcError(
      1010,
      'Invalid Transaction',
      err.message in INVALID_TRANSACTION ? INVALID_TRANSACTION[err.message] : err.message,
    );
  }
  if (err instanceof UndecodableExtrinsic)
    return new RpcError(
      1002,
      'Verification Error: Runtime error: Execution failed: Execution aborted due to trap: wasm trap: wasm `unreachable` instruction executed',
      `Bad input data provided to validate_transaction: ${err.message}`,
    );
  if (err instanceof PoolRejection)
    return err.kind === 'already-imported'
      ? new RpcError(1013, 'Transaction Already Imported', err.message)
      : new RpcError(
          1014,
          err.message,
          'The transaction has too low priority to replace another transaction already in the pool.',
        );
  throw err;
}

/** Client errors (unknown block, pruned state) use code 4003 like sc-rpc. */
function clientErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isRodeoError(err) || err instanceof UnknownRuntimeApi)
      throw new RpcError(4003, `Client error: ${err.message}`);
    throw err;
  }
}

function blockParam(chain: Chain, value: unknown): Block | undefined {
  const hash = optionalHash(value);
  return hash ? chain.blockByHash(hash) : chain.head;
}

function accountHex(value: unknown): string {
  if (typeof value !== 'string') throw invalidParams('account must be an SS58 address or 0x public key');
  try {
    return u8aToHex(decodeAddress(value));
  } catch {
    throw invalidParams(`invalid account ${value}`);
  }
}

/** Subscribes to new blocks; `initial` sends the current value right away. */
function onBlocks(
  chain: Chain,
  connection: Connection,
  notification: string,
  toResult: (block: Block, previous: Block | undefined) => unknown,
  initial: boolean,
) {
  return connection.subscribe(notification, (emit) => {
    if (initial) emit(toResult(chain.head, undefined));
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

/** The JSON-RPC method table of the devnet: the subset @polkadot/api uses, plus `dev_newBlock`. */
export function rpcMethods(chain: Chain, control: DevnetControl): Map<string, Handler> {
  const h = new Map<string, Handler>();
  const alias = (names: string[], handler: Handler) => {
    for (const name of names) h.set(name, handler);
  };
  const unsubscribe: Handler = ([id], connection) => connection.unsubscribe(id);

  // dev_* methods are callable but not advertised: @polkadot/api warns about RPCs it cannot decorate.
  h.set('rpc_methods', () => ({
    version: 1,
    methods: [...h.keys()].filter((m) => !m.startsWith('dev_')).sort(),
  }));
  h.set('system_chain', () => CHAIN_NAME);
  h.set('system_name', () => 'rodeo-devnet');
  h.set('system_version', () => '0.1.0');
  h.set('system_chainType', () => 'Development');
  h.set('system_properties', () => CHAIN_PROPERTIES);
  h.set('system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }));
  h.set('system_peers', () => []);
  h.set('system_accountNextIndex', ([account]) => chain.accountNextIndex(accountHex(account)));

  h.set('chain_getBlockHash', ([n]) => {
    if (n === undefined || n === null) return chain.head.hash;
    const number = typeof n === 'string' ? Number.parseInt(n, n.startsWith('0x') ? 16 : 10) : Number(n);
    return chain.blockByNumber(number)?.hash ?? null;
  });
  h.set('chain_getHeader', ([hash]) => {
    const block = blockParam(chain, hash);
    return block ? headerJson(block) : null;
  });
  h.set('chain_getBlock', ([hash], connection) => {
    const block = blockParam(chain, hash);
    if (!block) return null;
    connection.noteRead(block.hash, 'body');
    return {
      block: { header: headerJson(block), extrinsics: block.extrinsics.map((x) => u8aToHex(x)) },
      justifications: null,
    };
  });
  alias(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => chain.head.hash);
  const heads =
    (notification: string): Handler =>
    (_p, c) =>
      onBlocks(chain, c, notification, headerJson, true);
  alias(['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'], heads('chain_newHead'));
  alias(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], heads('chain_finalizedHead'));
  h.set('chain_subscribeAllHeads', heads('chain_allHead'));
  alias(
    [
      'chain_unsubscribeNewHeads',
      'chain_unsubscribeNewHead',
      'unsubscribe_newHead',
      'chain_unsubscribeFinalizedHeads',
      'chain_unsubscribeFinalisedHeads',
      'chain_unsubscribeAllHeads',
    ],
    unsubscribe,
  );

  const metadataHex = () => u8aToHex(runtimeMetadata().bytes[14]);
  h.set('state_getMetadata', () => metadataHex());
  alias(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], () => RUNTIME_VERSION.rpc);
  alias(['state_subscribeRuntimeVersion', 'chain_subscribeRuntimeVersion'], (_p, c) =>
    c.subscribe('state_runtimeVersion', (emit) => {
      emit(RUNTIME_VERSION.rpc);
      return () => {};
    }),
  );
  alias(['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'], unsubscribe);

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
  alias(['state_getStorage', 'state_getStorageAt'], ([key, at], connection) =>
    storageValue(hexParam(key, 'key'), readAt(connection, at)),
  );
  h.set('state_getStorageHash', ([key, at]) => {
    const value = storageValue(hexParam(key, 'key'), optionalHash(at));
    return value === null ? null : blake2AsHex(value, 256);
  });
  h.set('state_getStorageSize', ([key, at]) => {
    const value = storageValue(hexParam(key, 'key'), optionalHash(at));
    return value === null ? null : (value.length - 2) / 2;
  });
  h.set('state_getKeys', ([prefix, at]) =>
    clientErrors(() => chain.stateAt(optionalHash(at))).keysWithPrefix(hexParam(prefix, 'prefix')),
  );
  alias(['state_getKeysPaged', 'state_getKeysPagedAt'], ([prefix, count, startKey, at]) => {
    const state = clientErrors(() => chain.stateAt(optionalHash(at)));
    const limit = Number(count);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000)
      throw new RpcError(4002, 'count exceeds maximum value (1000)');
    const start = startKey === undefined || startKey === null ? undefined : hexParam(startKey, 'startKey');
    return state
      .keysWithPrefix(prefix === null || prefix === undefined ? '0x' : hexParam(prefix, 'prefix'), start)
      .slice(0, limit);
  });
  h.set('state_queryStorageAt', ([keys, at], connection) => {
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
  h.set('state_subscribeStorage', ([keys], connection) => {
    const list = Array.isArray(keys) ? keys.map((k) => hexParam(k, 'key')) : [];
    return onBlocks(
      chain,
      connection,
      'state_storage',
      (block, previous) => {
        const changes = list
          .map((k) => [k, storageValue(k, block.hash)] as const)
          .filter(([k, v]) => !previous || v !== storageValue(k, previous.hash));
        return changes.length > 0 || !previous ? { block: block.hash, changes } : undefined;
      },
      true,
    );
  });
  h.set('state_unsubscribeStorage', unsubscribe);
  h.set('state_call', ([method, data, at]) => {
    if (typeof method !== 'string') throw invalidParams('method must be a string');
    return clientErrors(() => stateCall(chain, method, hexParam(data ?? '0x', 'data'), optionalHash(at)));
  });

  h.set('author_submitExtrinsic', ([xt]) => {
    try {
      return chain.submit(Buffer.from(hexParam(xt, 'extrinsic').slice(2), 'hex')).xt.hash;
    } catch (err) {
      throw authorError(err);
    }
  });
  h.set('author_submitAndWatchExtrinsic', ([xt], connection) => {
    const bytes = Buffer.from(hexParam(xt, 'extrinsic').slice(2), 'hex');
    const pending: TxStatus[] = [];
    let deliver: ((status: TxStatus) => void) | undefined;
    try {
      chain.submit(bytes, (status) => (deliver ? deliver(status) : pending.push(status)));
    } catch (err) {
      throw authorError(err);
    }
    return connection.subscribe('author_extrinsicUpdate', (emit) => {
      const cleanups = new Set<() => void>();
      // Finality is instant, but @polkadot/api drops an `inBlock` update whose block and events it is
      // still fetching when `finalized` arrives (switchMap): `finalized` waits until this client read
      // the block body and state (what polkadot.js fetches), or FINALIZED_STATUS_FALLBACK_MS.
      deliver = (status) => {
        if (typeof status !== 'object' || !('finalized' in status)) return emit(status);
        const hash = status.finalized;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          for (const cleanup of cleanups) cleanup();
          cleanups.clear();
          emit(status);
        };
        // The reads' responses reach the client first; it needs a moment (promise continuations) to
        // turn them into the InBlock result before the next message may cancel it.
        const check = () => {
          if (released || !connection.hasRead(hash, 'body') || !connection.hasRead(hash, 'state')) return;
          const settle = setTimeout(release, FINALIZED_STATUS_SETTLE_MS);
          cleanups.add(() => clearTimeout(settle));
        };
        const timer = setTimeout(release, FINALIZED_STATUS_FALLBACK_MS);
        cleanups.add(() => clearTimeout(timer));
        cleanups.add(connection.onRead(check));
      };
      for (const status of pending) deliver(status);
      return () => {
        deliver = () => {};
        for (const cleanup of cleanups) cleanup();
      };
    });
  });
  h.set('author_unwatchExtrinsic', unsubscribe);
  h.set('author_pendingExtrinsics', () => chain.pool.pending().map((tx) => u8aToHex(tx.xt.bytes)));

  h.set('dev_newBlock', async ([options]) => {
    const count =
      typeof options === 'object' && options !== null && 'count' in options ? Number(options.count) : 1;
    if (!Number.isInteger(count) || count < 1) throw invalidParams('count must be a positive integer');
    await control.produceBlocks(count);
    return chain.head.hash;
  });
  return h;
}
