import type { GenericCall } from '@polkadot/types/generic';
import { decrease, lookupAddress, mint, withdraw } from '../pallets/balances.js';
import { subtensorOnInitialize } from '../pallets/subtensor/block-step.js';
import { validateSubtensorTransaction } from '../pallets/subtensor/extension.js';
import { Sudo } from '../pallets/sudo.js';
import { type Env, System } from '../pallets/system.js';
import { Timestamp } from '../pallets/timestamp.js';
import { RUNTIME_VERSION } from '../runtime-version.js';
import { type DispatchInfo, dispatchInfo, resolveCall } from './calls.js';
import { type AccountHex, type CallContext, DispatchError, type Origin } from './dispatch.js';
import { depositEvent, type Phase } from './events.js';
import {
  type DecodedExtrinsic,
  eraBirth,
  implicitBytes,
  invalid,
  unknownValidity,
  verifySignature,
} from './extrinsic.js';
import { computeFee } from './fees.js';
import { Overlay, type StateSnapshot } from './state.js';

const ZERO_ACCOUNT = `0x${'00'.repeat(32)}`;

/** A signed transaction that passed validation against some state. */
export interface Validity {
  who: AccountHex;
  nonce: number;
  /** Nonce ahead of the account's: valid later, not now. */
  future: boolean;
  fee: bigint;
  info: DispatchInfo;
}

/**
 * Executes one block on top of a parent state, the way frame_executive does: System initialization,
 * on_initialize hooks, inherents, signed extrinsics (validate, fee, dispatch, refund, events), finalization.
 * A fresh instance on top of the best block is also "the next block" pool transactions are validated in.
 */
export class BlockExecution {
  readonly state: Overlay;
  readonly number: number;
  #phase: Phase = 'Initialization';
  #extrinsics = 0;
  readonly #onBug: (err: unknown) => void;

  constructor(parent: StateSnapshot, number: number, parentHash: string, onBug: (err: unknown) => void) {
    this.state = new Overlay(parent);
    this.number = number;
    this.#onBug = onBug;
    System.Number.set(this.state, [], number);
    System.ParentHash.set(this.state, [], parentHash);
    System.BlockHash.set(this.state, [number - 1], parentHash);
    System.Events.remove(this.state);
    System.EventCount.remove(this.state);
  }

  readonly deposit: Env['deposit'] = (pallet, event, ...fields) =>
    depositEvent(this.state, this.#phase, pallet, event, fields);

  context(origin: Origin): CallContext {
    return {
      state: this.state,
      origin,
      blockNumber: this.number,
      deposit: this.deposit,
      dispatch: (call, nestedOrigin) => this.dispatch(call, nestedOrigin),
    };
  }

  /** Dispatches a call in its own storage transaction; throws DispatchError on failure. */
  dispatch(call: GenericCall, origin: Origin): void {
    const { def, args } = resolveCall(call);
    this.state.transactional(() => {
      try {
        def.dispatch(this.context(origin), args);
      } catch (err) {
        if (err instanceof DispatchError) throw err;
        this.#onBug(err);
        throw new DispatchError('Other', `runtime bug: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }

  onInitialize(): void {
    this.#phase = 'Initialization';
    subtensorOnInitialize({ state: this.state, deposit: this.deposit }, this.number);
  }

  /** Applies the unsigned Timestamp.set inherent as extrinsic 0. */
  applyInherent(call: GenericCall): void {
    this.#phase = { ApplyExtrinsic: this.#extrinsics };
    const info = dispatchInfo(call);
    this.dispatch(call, { kind: 'none' });
    this.#extrinsicEvent(info, info.pays);
    this.#extrinsics++;
  }

  /** Checks a transaction against the state of this block (signature, era, nonce, fees, extensions). */
  validate(xt: DecodedExtrinsic): Validity {
    const signed = xt.signed;
    if (!signed) throw unknownValidity('NoUnsignedValidator');
    let who: AccountHex;
    try {
      who = lookupAddress(signed.address);
    } catch {
      throw unknownValidity('CannotLookup');
    }
    const birthHash = System.BlockHash.raw(this.state, eraBirth(signed.era, this.number));
    const genesisHash = System.BlockHash.raw(this.state, 0);
    if (!birthHash || !genesisHash) throw invalid('AncientBirthBlock');
    if (!verifySignature(xt, who, implicitBytes(genesisHash, birthHash))) throw invalid('BadProof');
    if (who === ZERO_ACCOUNT) throw invalid('BadSigner');
    const info = dispatchInfo(xt.call);
    const account = System.Account.get(this.state, who);
    if (info.pays === 'Yes' && account.providers === 0 && account.sufficients === 0) throw invalid('Payment');
    if (signed.nonce < account.nonce) throw invalid('Stale');
    const fee = computeFee(xt.bytes.length, info, signed.tip);
    if (fee > 0n) {
      // Can the fee be withdrawn keeping the account alive? Try it in a transaction we always roll back.
      this.state.begin();
      try {
        decrease({ state: this.state, deposit: () => {} }, who, fee, true);
      } catch {
        throw invalid('Payment');
      } finally {
        this.state.rollback();
      }
    }
    if (xt.call.section === 'sudo' && Sudo.Key.get(this.state) !== who) throw invalid('BadSigner');
    validateSubtensorTransaction(this.state, this.number, who, xt.call);
    return { who, nonce: signed.nonce, future: signed.nonce > account.nonce, fee, info };
  }

  /**
   * Validates and applies a signed extrinsic: nonce, fee, dispatch (its failure is an ExtrinsicFailed event),
   * refund. A TransactionValidityError means it cannot go in this block.
   */
  apply(xt: DecodedExtrinsic): void {
    const v = this.validate(xt);
    if (v.future) throw invalid('Future');
    this.#phase = { ApplyExtrinsic: this.#extrinsics };
    System.Account.mutate(this.state, [v.who], (a) => ({ ...a, nonce: a.nonce + 1 }));
    withdraw(this, v.who, v.fee, true);
    let error: DispatchError | undefined;
    try {
      this.dispatch(xt.call, { kind: 'signed', who: v.who });
    } catch (err) {
      if (!(err instanceof DispatchError)) throw err;
      error = err;
    }
    const tip = xt.signed?.tip ?? 0n;
    const pays = (!error && v.info.paysOnSuccess) || v.info.pays;
    const actualFee = pays === 'Yes' ? v.fee : tip < v.fee ? tip : v.fee;
    if (v.fee > actualFee) mint(this, v.who, v.fee - actualFee);
    this.deposit('TransactionPayment', 'TransactionFeePaid', v.who, actualFee, tip);
    this.#extrinsicEvent(v.info, pays, error);
    this.#extrinsics++;
  }

  #extrinsicEvent(info: DispatchInfo, pays: string, error?: DispatchError): void {
    const eventInfo = { weight: { refTime: info.weight, proofSize: 0 }, class: info.class, paysFee: pays };
    if (error) this.deposit('System', 'ExtrinsicFailed', error.value, eventInfo);
    else this.deposit('System', 'ExtrinsicSuccess', eventInfo);
  }

  /** on_finalize + System finalization; returns the block's storage changes. */
  finalize(): ReadonlyMap<string, Uint8Array | null> {
    this.#phase = 'Finalization';
    Timestamp.DidUpdate.remove(this.state);
    System.ExtrinsicCount.set(this.state, [], this.#extrinsics);
    const toRemove = this.number - 1 - RUNTIME_VERSION.blockHashCount;
    if (toRemove > 0) System.BlockHash.remove(this.state, toRemove);
    return this.state.changes();
  }
}
