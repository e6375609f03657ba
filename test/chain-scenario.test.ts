import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { runChainScenario, type ScenarioStep } from './chain-scenario.js';

/**
 * What each step of the scenario gives on the devnet ('ok' or the CHAIN_* code without its prefix).
 * The same scenario was run on the real Subtensor runtime spec 218 under chopsticks; where spec 218 answers
 * differently because it is an older runtime, the comment says what it gives and why.
 */
const EXPECTED: [string, string][] = [
  ['set network rate limit 0 (sudo)', 'ok'],
  ['admin freeze window 0 (sudo)', 'ok'], // 218 has no admin freeze window: step absent
  ['register network', 'ok'],
  ['start_call', 'ok'], // 218 has no start_call: step absent
  ['set hyperparameters (sudo)', 'ok'],
  ['stake threshold 0 (sudo)', 'ok'],
  ['not sudo', 'REQUIRE_SUDO'], // 218: in the block (Sudo.RequireSudo); current runtimes: at the pool (BadSigner)
  ['burned_register validator', 'ok'],
  ['burned_register miner1', 'ok'],
  ['burned_register miner2', 'ok'],
  ['burned_register miner3', 'ok'],
  ['burned_register again', 'HOTKEY_ALREADY_REGISTERED'],
  ['add_stake on the validator', 'ok'],
  ['metagraph', 'ok'],
  ['hyperparameters', 'ok'],
  ['commit submission hash (Sha256)', 'ok'],
  ['commit endpoint (Raw)', 'ok'],
  ['read commitments', 'ok'],
  ['commit again at once', 'ok'], // 218: COMMITMENT_SET_RATE_LIMIT_EXCEEDED (RateLimit constant, since removed)
  ['commit by unregistered hotkey', 'ACCOUNT_NOT_ALLOWED_COMMIT'],
  ['commit two fields', 'ok'], // 218: TX_UNKNOWN_VALIDITY (its MaxFields is 1 and validation panics, RPC 1011)
  ['serve_axon 127.0.0.1', 'INVALID_IP_ADDRESS'],
  ['serve_axon 10.0.0.5', 'ok'],
  ['serve_axon 2001:db8::7', 'ok'],
  ['serve_axon port 0', 'INVALID_PORT'],
  ['serve_axon unregistered', 'HOTKEY_NOT_REGISTERED'],
  ['serving rate limit 100 (sudo)', 'ok'],
  ['serve_axon again too soon', 'SERVING_RATE_LIMIT_EXCEEDED'],
  ['axons in metagraph', 'ok'],
  ['set_weights', 'ok'],
  ['weights row', 'ok'],
  ['set_weights duplicate uids', 'DUPLICATE_UIDS'],
  ['set_weights length mismatch', 'WEIGHT_VEC_NOT_EQUAL_SIZE'],
  ['set_weights unknown uid', 'UID_VEC_CONTAIN_INVALID_ONE'],
  ['set_weights unregistered hotkey', 'HOTKEY_NOT_REGISTERED'],
  // 218: SUBNET_NOT_EXISTS. Current runtimes default CommitRevealWeightsEnabled to true for any netuid,
  // so the commit-reveal check answers first.
  ['set_weights unknown subnet', 'COMMIT_REVEAL_ENABLED'],
  ['weights version key 5 (sudo)', 'ok'],
  ['set_weights old version key', 'INCORRECT_WEIGHT_VERSION_KEY'],
  ['min allowed weights 4 (sudo)', 'ok'],
  ['set_weights too few', 'WEIGHT_VEC_LENGTH_IS_LOW'],
  ['min allowed weights 1 (sudo)', 'ok'],
  // 218 also runs 'max weights limit 20000' -> MAX_WEIGHT_EXCEEDED; current runtimes cannot lower MaxWeightsLimit
  ['weights rate limit 100 (sudo)', 'ok'],
  ['set_weights too fast', 'SETTING_WEIGHTS_TOO_FAST'],
  ['weights rate limit 0 (sudo)', 'ok'],
  ['stake threshold 1000 TAO (sudo)', 'ok'],
  ['set_weights without stake', 'NOT_ENOUGH_STAKE_TO_SET_WEIGHTS'], // both at the pool (218: legacy custom 3)
  ['stake threshold 0 again (sudo)', 'ok'],
  ['commit-reveal on (sudo)', 'ok'],
  ['set_weights while commit-reveal', 'COMMIT_REVEAL_ENABLED'],
  ['commit_weights', 'ok'],
  ['reveal at once', 'REVEAL_TOO_EARLY'],
  ['reveal in the window', 'ok'],
  ['weights row after reveal', 'ok'],
  ['reveal again', 'NO_WEIGHTS_COMMIT_FOUND'],
  ['commit_weights again', 'ok'],
  // 218: INVALID_REVEAL_COMMIT_HASH_NOT_MATCH in the block. Current runtimes look the hash up in the pool
  // (CustomTransactionError::CommitNotFound), so a wrong salt never reaches the block.
  ['reveal wrong salt in the window', 'NO_WEIGHTS_COMMIT_FOUND'],
  ['weights rate limit 100 (sudo) under commit-reveal', 'ok'],
  ['commit_weights too fast', 'COMMITTING_WEIGHTS_TOO_FAST'],
  ['commit-reveal off (sudo)', 'ok'],
  // 218: COMMIT_REVEAL_DISABLED in the block. Current runtimes check the pending commit's reveal window in the
  // pool first (CommitBlockNotInRevealRange).
  ['reveal while commit-reveal off', 'REVEAL_TOO_EARLY'],
  ['fund payer (sudo)', 'ok'],
  ['payout with remark', 'ok'],
  ['payee balance', 'ok'],
  ['find payout remark', 'ok'],
  ['find unknown remark', 'ok'],
  ['transfer without funds', 'TX_PAYMENT'],
  ['payout above balance', 'INSUFFICIENT_BALANCE'],
];

describe('chain scenario on the devnet', () => {
  let devnet: Devnet;
  let steps: ScenarioStep[];
  const detail = (step: string) => steps.find((s) => s.step === step)?.detail;

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    steps = await runChainScenario({ endpoint: devnet.url, produceBlocks: (n) => devnet.produceBlocks(n) });
  }, 120_000);
  afterAll(() => devnet?.close());

  it('gives the expected outcome and named error at every step', () => {
    expect(steps.map((s) => [s.step, s.outcome.replace(/^CHAIN_/, '')])).toEqual(EXPECTED);
  });

  it('reads back what it wrote', () => {
    expect(detail('metagraph')).toMatchObject({ n: 5, permits: [false, true, false, false, false] });
    expect(detail('weights row')).toEqual([
      [2, 65535],
      [3, 32768],
      [4, 16384],
    ]);
    expect(detail('weights row after reveal')).toEqual(detail('weights row'));
    expect(detail('axons in metagraph')).toEqual([
      { uid: 2, ip: '10.0.0.5', port: 8091, ipType: 4 },
      { uid: 3, ip: '2001:db8::7', port: 8091, ipType: 6 },
    ]);
    const commitments = detail('read commitments') as { fields: string[] }[];
    expect(commitments.map((c) => c.fields)).toEqual(
      expect.arrayContaining([[`0x${'ab'.repeat(32)}`], ['http://10.0.0.5:8091']]),
    );
    expect(detail('payee balance')).toBe('2000000000');
    expect(detail('find payout remark')).toMatchObject({ transfers: [{ amount: '2000000000' }] });
    expect(detail('find unknown remark')).toBeNull();
  });

  it('advises with figures read from the chain', () => {
    expect(detail('set_weights too fast')).toMatch(/^wait \d+ block\(s\)/);
    expect(detail('serve_axon again too soon')).toMatch(/^wait \d+ block\(s\)/);
    expect(detail('set_weights old version key')).toContain('set version_key >= 5');
    expect(detail('set_weights without stake')).toMatch(/needs 1000000000000$/);
  });
});
