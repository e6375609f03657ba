import { EventEmitter } from 'node:events';
import type { Header } from '@polkadot/types/interfaces';
import { compactToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Logger } from '../../config/index.js';
import { DevnetErrors } from './errors.js';
import { runtimeMetadata } from './metadata/build.js';
import type { DevnetBeacon } from './pallets/drand.js';
import { accountNonce } from './pallets/system.js';
import { Timestamp } from './pallets/timestamp.js';
import { type PoolTx, TxPool, type TxStatus } from './pool.js';
import { boundsViolation } from './runtime/calls.js';
import type { AccountHex } from './runtime/dispatch.js';
import { BlockExecution, type Validity } from './runtime/executive.js';
import { decodeExtrinsic, TransactionValidityError, UndecodableExtrinsic } from './runtime/extrinsic.js';
import type { StateSnapshot } from './runtime/state.js';

/** How many recent block states stay queryable (like a node with `--state-pruning 256`). */
export const STATE_HISTORY = 256;

export interface Block {
  hash: string;
  number: number;
  header: Header;
  extrinsics: Uint8Array[];
  /** Pruned (undefined) for blocks older than STATE_HISTORY, except genesis. */
  state: StateSnapshot | undefined;
}

/** Devnet stand-ins for the trie roots: blake2-256 over the SCALE of the sorted state / of the extrinsics. */
function stateRoot(state: StateSnapshot): Uint8Array {
  const parts = state.sortedKeys().map((k) => {
    const value = state.get(k) as Uint8Array;
    const key = Buffer.from(k.slice(2), 'hex');
    return u8aConcat(compactToU8a(key.length), key, compactToU8a(value.length), value);
  });
  return blake2AsU8a(u8aConcat(compactToU8a(parts.length), ...parts), 256);
}

function extrinsicsRoot(extrinsics: Uint8Array[]): Uint8Array {
  return blake2AsU8a(u8aConcat(compactToU8a(extrinsics.length), ...extrinsics), 256);
}

function timestampInherent(now: bigint): Uint8Array {
  const { registry } = runtimeMetadata();
  const call = registry.createType('Call', { callIndex: [2, 0], args: [now] }).toU8a();
  return u8aConcat(compactToU8a(call.length + 1), [4], call);
}

/**
 * The chain: blocks, their states, the transaction pool and block production. Finality is instant:
 * every block is final as soon as it is imported. Emits `block` with each new Block.
 */
export class Chain extends EventEmitter<{ block: [Block] }> {
  readonly pool = new TxPool();
  readonly genesisHash: string;
  readonly #blocks = new Map<string, Block>();
  readonly #byNumber: string[] = [];
  readonly #logger: Logger;
  readonly #beacon: DevnetBeacon | undefined;
  #head: Block;

  /** `beacon`: the drand beacon whose pulses each block brings in (its configuration joins the genesis state). */
  constructor(genesis: StateSnapshot, logger: Logger, beacon?: DevnetBeacon) {
    super();
    this.#logger = logger;
    this.#beacon = beacon;
    const genesisBlock = this.#import(
      beacon ? beacon.withConfig(genesis) : genesis,
      '0x'.padEnd(66, '0'),
      0,
      [],
    );
    this.genesisHash = genesisBlock.hash;
    this.#head = genesisBlock;
  }

  get head(): Block {
    return this.#head;
  }

  blockByHash(hash: string): Block | undefined {
    return this.#blocks.get(hash.toLowerCase());
  }

  blockByNumber(number: number): Block | undefined {
    const hash = this.#byNumber[number];
    return hash === undefined ? undefined : this.#blocks.get(hash);
  }

  /** The state after block `hash` (the head when omitted). */
  stateAt(hash?: string | null): StateSnapshot {
    const block = hash ? this.blockByHash(hash) : this.#head;
    if (!block) throw DevnetErrors.UNKNOWN_BLOCK(hash ?? '');
    if (!block.state) throw DevnetErrors.STATE_PRUNED(block.hash);
    return block.state;
  }

  /** A BlockExecution for "the next block" on top of `at`, used to validate and to answer runtime APIs. */
  nextBlockContext(at?: string | null): BlockExecution {
    const parent = at ? this.blockByHash(at) : this.#head;
    if (!parent) throw DevnetErrors.UNKNOWN_BLOCK(at ?? '');
    return new BlockExecution(this.stateAt(parent.hash), parent.number + 1, parent.hash, (err) =>
      this.#bug(err),
    );
  }

  /** Decodes and validates a transaction and queues it; throws TransactionValidityError, UndecodableExtrinsic, PoolRejection. */
  submit(bytes: Uint8Array, watcher?: (status: TxStatus) => void): PoolTx {
    const xt = decodeExtrinsic(bytes);
    const violation = boundsViolation(xt.call);
    if (violation) throw new UndecodableExtrinsic(violation);
    const validity: Validity = this.nextBlockContext().validate(xt);
    const tx: PoolTx = {
      xt,
      who: validity.who,
      nonce: validity.nonce,
      watchers: new Set(watcher ? [watcher] : []),
    };
    this.pool.add(tx);
    for (const w of tx.watchers) w(validity.future ? 'future' : 'ready');
    return tx;
  }

  accountNextIndex(who: AccountHex): number {
    return this.pool.nextNonce(who, accountNonce(this.#head.state as StateSnapshot, who));
  }

  /** Builds, imports and finalizes the next block from the pool. */
  produceBlock(): Block {
    const parent = this.#head;
    const exec = this.nextBlockContext(parent.hash);
    exec.onInitialize();
    const previous = Timestamp.Now.get(exec.state);
    const now = BigInt(Date.now()) > previous ? BigInt(Date.now()) : previous + 1n;
    const inherent = timestampInherent(now);
    exec.applyInherent(decodeExtrinsic(inherent).call);
    const extrinsics = [inherent];
    // pallet_drand's offchain worker: the beacon's new rounds, as unsigned write_pulse extrinsics
    for (const bytes of this.#beacon?.writePulseExtrinsics(exec.state, exec.number) ?? []) {
      exec.applyInherent(decodeExtrinsic(bytes).call);
      extrinsics.push(bytes);
    }
    const included: string[] = [];
    for (const tx of this.pool.pending()) {
      try {
        exec.state.transactional(() => exec.apply(tx.xt));
        extrinsics.push(tx.xt.bytes);
        included.push(tx.xt.hash);
      } catch (err) {
        if (err instanceof TransactionValidityError && err.reason === 'Future') continue;
        if (!(err instanceof TransactionValidityError)) this.#bug(err);
        this.pool.remove(tx.xt.hash, 'invalid');
      }
    }
    const changes = exec.finalize();
    const block = this.#import(
      parent.state?.apply(changes) as StateSnapshot,
      parent.hash,
      parent.number + 1,
      extrinsics,
    );
    this.#head = block;
    for (const hash of included) this.pool.remove(hash, { inBlock: block.hash }, { finalized: block.hash });
    this.emit('block', block);
    return block;
  }

  #import(state: StateSnapshot, parentHash: string, number: number, extrinsics: Uint8Array[]): Block {
    const { registry } = runtimeMetadata();
    const header = registry.createType('Header', {
      parentHash,
      number,
      stateRoot: stateRoot(state),
      extrinsicsRoot: extrinsicsRoot(extrinsics),
      digest: { logs: [] },
    }) as Header;
    const block: Block = { hash: header.hash.toHex(), number, header, extrinsics, state };
    this.#blocks.set(block.hash, block);
    this.#byNumber[number] = block.hash;
    const pruned = this.blockByNumber(number - STATE_HISTORY);
    if (pruned && pruned.number > 0) pruned.state = undefined;
    return block;
  }

  #bug(err: unknown): void {
    this.#logger.error({ err }, 'devnet runtime bug');
  }
}
