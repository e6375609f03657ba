import { describe, expect, it } from 'vitest';
import type { RodeoError } from '../config/index.js';
import { connectionFailure, poolFailure } from './decode-error.js';
import { isRetryable } from './errors.js';

const pool = (text: string, call = 'set_weights', legacy = false) =>
  poolFailure(new Error(text), 'ws://x', `${call} on netuid 1 by 5F`, call, legacy) as RodeoError;

describe('poolFailure: submit-time rejections as named errors', () => {
  it('maps current CustomTransactionError numbers by call', () => {
    const tooFast = pool('1010: Invalid Transaction: Custom error: 6');
    expect(tooFast.code).toBe('CHAIN_SETTING_WEIGHTS_TOO_FAST');
    expect(isRetryable(tooFast)).toBe(true);
    expect(tooFast.details).toMatchObject({ source: 'pool', custom: 6, retryable: true });
    expect(pool('1010: Invalid Transaction: Custom error: 6', 'commit_weights').code).toBe(
      'CHAIN_COMMITTING_WEIGHTS_TOO_FAST',
    );
    expect(pool('1010: Invalid Transaction: Custom error: 1').code).toBe(
      'CHAIN_NOT_ENOUGH_STAKE_TO_SET_WEIGHTS',
    );
    expect(pool('1010: Invalid Transaction: Custom error: 17', 'reveal_weights').code).toBe(
      'CHAIN_REVEAL_TOO_EARLY',
    );
    expect(pool('1010: Invalid Transaction: Custom error: 11', 'serve_axon').code).toBe(
      'CHAIN_INVALID_IP_ADDRESS',
    );
    expect(pool('1010: Invalid Transaction: Custom error: 3').code).toBe('CHAIN_SUBNET_NOT_EXISTS');
    expect(pool('1010: Invalid Transaction: Custom error: 200').code).toBe('CHAIN_TX_CUSTOM');
  });

  it('reads the JSON form and the legacy per-call numbers of spec 218', () => {
    // spec 218 rejects set_weights without stake with custom 3 (its own numbering), chopsticks prints it as JSON
    expect(pool('1010: {"invalid":{"custom":3}}', 'set_weights', true).code).toBe(
      'CHAIN_NOT_ENOUGH_STAKE_TO_SET_WEIGHTS',
    );
    expect(pool('1010: {"invalid":{"custom":5}}', 'burned_register', true).code).toBe(
      'CHAIN_TOO_MANY_REGISTRATIONS_THIS_INTERVAL',
    );
    expect(pool('1010: {"invalid":{"badProof":null}}').code).toBe('CHAIN_TX_BAD_SIGNATURE');
    expect(pool('1010: {"invalid":{"stale":null}}').code).toBe('CHAIN_TX_STALE');
  });

  it('names the standard pool messages', () => {
    expect(
      pool('1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)').code,
    ).toBe('CHAIN_TX_PAYMENT');
    expect(pool('1010: Invalid Transaction: Transaction is outdated').code).toBe('CHAIN_TX_STALE');
    expect(pool('1010: Invalid Transaction: Transaction has an ancient birth block').code).toBe(
      'CHAIN_TX_ANCIENT_BIRTH',
    );
    expect(pool('1014: Priority is too low: (1 vs 1)').code).toBe('CHAIN_TX_PRIORITY_TOO_LOW');
    expect(pool('1012: Transaction is temporarily banned').code).toBe('CHAIN_TX_BANNED');
    expect(pool('1011: Unknown Transaction Validity: wasm `unreachable`').code).toBe(
      'CHAIN_TX_UNKNOWN_VALIDITY',
    );
  });

  it('leaves errors that are not RPC rejections unchanged', () => {
    const other = new Error('createType(Call):: bad input');
    expect(poolFailure(other, 'ws://x', 'w', 'set_weights', false)).toBe(other);
  });
});

describe('connectionFailure', () => {
  it('turns a dropped socket into a retryable CHAIN_DISCONNECTED naming the URL', () => {
    const err = connectionFailure(
      new Error('disconnected from ws://h:1: 1006:: Abnormal Closure'),
      'ws://h:1',
      'reading storage',
    ) as RodeoError;
    expect(err.code).toBe('CHAIN_DISCONNECTED');
    expect(err.message).toContain('ws://h:1');
    expect(isRetryable(err)).toBe(true);
  });
});
