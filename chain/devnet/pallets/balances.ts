import { EXISTENTIAL_DEPOSIT } from '../metadata/pallets/balances.js';
import {
  type AccountHex,
  type CallContext,
  DispatchError,
  ensureSigned,
  type PalletCalls,
  tokenError,
  weight,
} from '../runtime/dispatch.js';
import { storage } from '../runtime/storage-entry.js';
import { type Env, putAccount, System } from './system.js';

export const Balances = {
  TotalIssuance: storage<[], bigint>('Balances', 'TotalIssuance'),
};

/** What `who` can spend; with `keepAlive` the existential deposit stays (Preservation::Preserve). */
export function reducibleBalance(env: Pick<Env, 'state'>, who: AccountHex, keepAlive: boolean): bigint {
  const { free, frozen } = System.Account.get(env.state, who).data;
  let floor = frozen;
  if (keepAlive && floor < EXISTENTIAL_DEPOSIT) floor = EXISTENTIAL_DEPOSIT;
  return free > floor ? free - floor : 0n;
}

/**
 * Takes `amount` from `who` with the checks of fungible `can_withdraw` (more than the total issuance:
 * Arithmetic.Underflow; more than the spendable balance: FundsUnavailable; below the existential
 * deposit while keeping alive: NotExpendable); an expendable account left below ED is reaped.
 */
export function decrease(env: Env, who: AccountHex, amount: bigint, keepAlive: boolean): void {
  if (amount > Balances.TotalIssuance.get(env.state))
    throw new DispatchError({ Arithmetic: 'Underflow' }, 'Arithmetic.Underflow');
  if (amount > reducibleBalance(env, who, false)) throw tokenError('FundsUnavailable');
  if (keepAlive && amount > reducibleBalance(env, who, true)) throw tokenError('NotExpendable');
  const info = System.Account.get(env.state, who);
  let free = info.data.free - amount;
  if (free < EXISTENTIAL_DEPOSIT && free > 0n) {
    env.deposit('Balances', 'DustLost', who, free);
    Balances.TotalIssuance.mutate(env.state, [], (ti) => ti - free);
    free = 0n;
  }
  const alive = free > 0n;
  putAccount(env, who, {
    ...info,
    providers: alive ? Math.max(info.providers, 1) : 0,
    data: { ...info.data, free },
  });
}

/** Adds `amount` to `who` (fungible `increase_balance`); a new account needs at least the ED. */
export function increase(env: Env, who: AccountHex, amount: bigint): void {
  const info = System.Account.get(env.state, who);
  const isNew = info.providers === 0;
  if (isNew && info.data.free + amount < EXISTENTIAL_DEPOSIT) throw tokenError('BelowMinimum');
  const free = info.data.free + amount;
  putAccount(env, who, { ...info, providers: Math.max(info.providers, 1), data: { ...info.data, free } });
  if (isNew) env.deposit('Balances', 'Endowed', who, free);
}

/** Withdraws and burns `amount` (fees, registration burn, stake), emitting `Withdraw`. */
export function withdraw(env: Env, who: AccountHex, amount: bigint, keepAlive: boolean): void {
  if (amount === 0n) return;
  decrease(env, who, amount, keepAlive);
  Balances.TotalIssuance.mutate(env.state, [], (ti) => ti - amount);
  env.deposit('Balances', 'Withdraw', who, amount);
}

/** Mints `amount` to `who` (fee refunds, genesis), emitting `Deposit`. */
export function mint(env: Env, who: AccountHex, amount: bigint): void {
  if (amount === 0n) return;
  increase(env, who, amount);
  Balances.TotalIssuance.mutate(env.state, [], (ti) => ti + amount);
  env.deposit('Balances', 'Deposit', who, amount);
}

function transfer(ctx: CallContext, dest: unknown, value: bigint, keepAlive: boolean): void {
  const from = ensureSigned(ctx.origin);
  const to = lookupAddress(dest);
  decrease(ctx, from, value, keepAlive);
  increase(ctx, to, value);
  ctx.deposit('Balances', 'Transfer', from, to, value);
}

/** `MultiAddress` → account; only the `Id` form resolves (AccountIdLookup), like the runtime. */
export function lookupAddress(address: unknown): AccountHex {
  if (typeof address === 'object' && address !== null && 'Id' in address)
    return (address as { Id: AccountHex }).Id;
  throw new DispatchError('CannotLookup', 'CannotLookup');
}

export const balancesCalls: PalletCalls = {
  transfer_allow_death: {
    weight: weight(45_000_000, 1, 1),
    dispatch: (ctx, a) => transfer(ctx, a.dest, a.value as bigint, false),
  },
  transfer_keep_alive: {
    weight: weight(37_000_000, 1, 1),
    dispatch: (ctx, a) => transfer(ctx, a.dest, a.value as bigint, true),
  },
  transfer_all: {
    weight: weight(42_000_000, 1, 1),
    dispatch: (ctx, a) => {
      const keepAlive = a.keepAlive as boolean;
      return transfer(ctx, a.dest, reducibleBalance(ctx, ensureSigned(ctx.origin), keepAlive), keepAlive);
    },
  },
};
