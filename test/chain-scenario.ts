import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  type ChainClient,
  connectChain,
  convertWeightsForEmit,
  type RevealInput,
  type Signer,
} from '../chain/index.js';
import { defaultConfig, type Logger, RodeoError, silentLogger } from '../config/index.js';

/** A chain to run the scenario on: the devnet, or a real runtime under chopsticks. */
export interface ScenarioChain {
  endpoint: string;
  produceBlocks(n: number): Promise<void>;
}

/** One step: 'ok' or the CHAIN_* code it failed with; `detail` holds what was read back (JSON-safe). */
export interface ScenarioStep {
  step: string;
  outcome: string;
  detail?: unknown;
}

const TAO = 1_000_000_000n;
const TEMPO = 10;
/** Bound on blocks produced while waiting for a reveal window. */
const MAX_WAIT_BLOCKS = 4 * (TEMPO + 1);

const jsonSafe = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));

/**
 * The chain scenario of issue 5: registers a subnet and neurons, commits a submission hash and an endpoint,
 * serves axons, sets weights, commits and reveals weights, pays out with a remark, and hits each rate limit
 * and error on the way. Every step is recorded with its outcome, so the same run can be compared between the
 * devnet and a real runtime.
 */
export async function runChainScenario(
  chain: ScenarioChain,
  logger: Logger = silentLogger,
): Promise<ScenarioStep[]> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const key = (uri: string): Signer => keyring.addFromUri(uri);
  const alice = key('//Alice');
  const bob = key('//Bob');
  const owner = key('//Rodeo//owner');
  const validator = key('//Rodeo//validator');
  const miners = [key('//Rodeo//miner1'), key('//Rodeo//miner2'), key('//Rodeo//miner3')];
  const stranger = key('//Rodeo//stranger');
  const payee = key('//Rodeo//payee');
  const broke = key('//Rodeo//broke');

  const steps: ScenarioStep[] = [];
  const run = async <T>(
    step: string,
    fn: () => Promise<T>,
    show?: (value: T) => unknown,
  ): Promise<T | undefined> => {
    try {
      const value = await fn();
      steps.push({ step, outcome: 'ok', ...(show ? { detail: jsonSafe(show(value)) } : {}) });
      return value;
    } catch (err) {
      if (!(err instanceof RodeoError)) throw err;
      steps.push({ step, outcome: err.code, ...(err.hint ? { detail: err.hint } : {}) });
      return undefined;
    }
  };

  await chain.produceBlocks(1);
  const client: ChainClient = await connectChain(
    { ...defaultConfig().chain, endpoint: chain.endpoint },
    logger,
    {
      onPooled: () => chain.produceBlocks(1),
    },
  );
  try {
    // --- setup: a subnet with an owner, a validator and three miners
    await run('set network rate limit 0 (sudo)', () => client.sudoSetNetworkRateLimit(alice, 0));
    // current runtimes refuse admin changes just before each epoch; a localnet turns that off
    if (client.view.hasCall('adminUtils', 'sudoSetAdminFreezeWindow')) {
      await run('admin freeze window 0 (sudo)', () => client.sudoSetAdminFreezeWindow(alice, 0));
    }
    // current runtimes start a subnet's epochs only after start_call
    if (client.view.hasCall('adminUtils', 'sudoSetStartCallDelay')) {
      await run('start call delay 0 (sudo)', () => client.sudoSetStartCallDelay(alice, 0));
    }
    const registered = await run(
      'register network',
      () => client.registerNetwork(alice, owner.address),
      (r) => ({ event: r.events.some((e) => e.name === 'NetworkAdded') }),
    );
    if (!registered) return steps;
    const { netuid } = registered;
    if (client.view.hasCall('subtensorModule', 'startCall')) {
      await run('start_call', () => client.startCall(alice, netuid));
    }
    const setParams = (label: string, params: Parameters<ChainClient['sudoSetHyperparams']>[2]) =>
      run(label, () => client.sudoSetHyperparams(alice, netuid, params));
    await setParams('set hyperparameters (sudo)', {
      tempo: TEMPO,
      weightsSetRateLimit: 0,
      maxRegistrationsPerBlock: 50,
      targetRegistrationsPerInterval: 50,
      minAllowedWeights: 1,
      commitRevealWeightsEnabled: false,
      servingRateLimit: 0,
      weightsVersionKey: 0,
    });
    await run('stake threshold 0 (sudo)', () => client.sudoSetStakeThreshold(alice, 0n));
    await run('not sudo', () => client.sudoSetNetworkRateLimit(bob, 0));
    for (const [i, hotkey] of [validator, ...miners].entries()) {
      await run(`burned_register ${i === 0 ? 'validator' : `miner${i}`}`, () =>
        client.burnedRegister(alice, netuid, hotkey.address),
      );
    }
    await run('burned_register again', () => client.burnedRegister(alice, netuid, validator.address));
    // current runtimes grant validator permits only to neurons with stake
    await run('add_stake on the validator', () =>
      client.addStake(alice, validator.address, netuid, 100n * TAO),
    );
    await chain.produceBlocks(TEMPO + 2);
    const graph = await run(
      'metagraph',
      () => client.metagraph(netuid),
      (m) => ({
        n: m.neurons.length,
        hotkeys: m.neurons.map((x) => x.hotkey),
        coldkeys: [...new Set(m.neurons.map((x) => x.coldkey))],
        permits: m.neurons.map((x) => x.validatorPermit),
      }),
    );
    const uidOf = (s: Signer) => graph?.neurons.find((x) => x.hotkey === s.address)?.uid ?? -1;
    const minerUids = miners.map(uidOf);
    if (uidOf(validator) < 0 || minerUids.some((uid) => uid < 0)) return steps;
    await run(
      'hyperparameters',
      () => client.hyperparams(netuid),
      (h) => ({
        tempo: h.tempo,
        weightsSetRateLimit: h.weightsSetRateLimit,
        minAllowedWeights: h.minAllowedWeights,
        maxWeightsLimit: h.maxWeightsLimit,
        commitRevealWeightsEnabled: h.commitRevealWeightsEnabled,
        stakeThreshold: h.stakeThreshold,
      }),
    );

    // --- commitments
    const submission = `0x${'ab'.repeat(32)}`;
    await run('commit submission hash (Sha256)', () =>
      client.setCommitment(miners[0]!, netuid, [{ sha256: submission }]),
    );
    await run('commit endpoint (Raw)', () =>
      client.setCommitment(miners[1]!, netuid, [{ raw: 'http://10.0.0.5:8091' }]),
    );
    await run(
      'read commitments',
      () => client.commitments(netuid),
      (list) =>
        list
          .map((c) => ({
            hotkey: c.hotkey,
            fields: c.fields.map((f) => (f.kind === 'raw' ? f.text : 'hex' in f ? f.hex : f.kind)),
          }))
          .sort((a, b) => a.hotkey.localeCompare(b.hotkey)),
    );
    await run('commit again at once', () =>
      client.setCommitment(miners[0]!, netuid, [{ sha256: submission }]),
    );
    await run('commit by unregistered hotkey', () => client.setCommitment(stranger, netuid, [{ raw: 'x' }]));
    await run('commit two fields', () =>
      client.setCommitment(miners[2]!, netuid, [{ sha256: submission }, { raw: 'http://10.0.0.6:8091' }]),
    );

    // --- axons
    const axon = { netuid, port: 8091, version: 1_000 };
    await run('serve_axon 127.0.0.1', () => client.serveAxon(miners[0]!, { ...axon, ip: '127.0.0.1' }));
    await run('serve_axon 10.0.0.5', () => client.serveAxon(miners[0]!, { ...axon, ip: '10.0.0.5' }));
    await run('serve_axon 2001:db8::7', () => client.serveAxon(miners[1]!, { ...axon, ip: '2001:db8::7' }));
    await run('serve_axon port 0', () => client.serveAxon(miners[2]!, { ...axon, ip: '10.0.0.7', port: 0 }));
    await run('serve_axon unregistered', () => client.serveAxon(stranger, { ...axon, ip: '10.0.0.8' }));
    await setParams('serving rate limit 100 (sudo)', { servingRateLimit: 100 });
    await run('serve_axon again too soon', () => client.serveAxon(miners[0]!, { ...axon, ip: '10.0.0.5' }));
    await run(
      'axons in metagraph',
      () => client.metagraph(netuid),
      (m) =>
        m.neurons
          .filter((x) => x.axon)
          .map((x) => ({ uid: x.uid, ip: x.axon!.ip, port: x.axon!.port, ipType: x.axon!.ipType })),
    );

    // --- set_weights and its errors, in the runtime's dispatch order
    const emit = convertWeightsForEmit(minerUids, [1, 0.5, 0.25]);
    const weights = { netuid, ...emit, versionKey: 0 };
    await run('set_weights', () => client.setWeights(validator, weights));
    await run(
      'weights row',
      () => client.weights(netuid, uidOf(validator)),
      (rows) => rows[0]?.weights.map((w) => [w.uid, w.value]),
    );
    await run('set_weights duplicate uids', () =>
      client.setWeights(validator, { ...weights, uids: [minerUids[0]!, minerUids[0]!], values: [1, 2] }),
    );
    await run('set_weights length mismatch', () => client.setWeights(validator, { ...weights, values: [1] }));
    await run('set_weights unknown uid', () =>
      client.setWeights(validator, { ...weights, uids: [99], values: [1] }),
    );
    await run('set_weights unregistered hotkey', () => client.setWeights(stranger, weights));
    await run('set_weights unknown subnet', () => client.setWeights(validator, { ...weights, netuid: 999 }));
    await setParams('weights version key 5 (sudo)', { weightsVersionKey: 5 });
    await run('set_weights old version key', () => client.setWeights(validator, weights));
    await setParams('min allowed weights 4 (sudo)', { weightsVersionKey: 0, minAllowedWeights: 4 });
    await run('set_weights too few', () => client.setWeights(validator, weights));
    await setParams('min allowed weights 1 (sudo)', { minAllowedWeights: 1 });
    // MaxWeightsLimit can only be lowered where AdminUtils has sudo_set_max_weight_limit (spec 218, not 393)
    if (client.view.hasCall('adminUtils', 'sudoSetMaxWeightLimit')) {
      await setParams('max weights limit 20000 (sudo)', { maxWeightsLimit: 20000 });
      await run('set_weights one too heavy', () => client.setWeights(validator, weights));
      await setParams('max weights limit 65535 (sudo)', { maxWeightsLimit: 65535 });
    }
    await setParams('weights rate limit 100 (sudo)', { weightsSetRateLimit: 100 });
    await run('set_weights too fast', () => client.setWeights(validator, weights));
    await setParams('weights rate limit 0 (sudo)', { weightsSetRateLimit: 0 });
    await run('stake threshold 1000 TAO (sudo)', () => client.sudoSetStakeThreshold(alice, 1000n * TAO));
    await run('set_weights without stake', () => client.setWeights(validator, weights));
    await run('stake threshold 0 again (sudo)', () => client.sudoSetStakeThreshold(alice, 0n));

    // --- commit-reveal (v2 hash commits)
    await setParams('commit-reveal on (sudo)', { commitRevealWeightsEnabled: true, revealPeriodEpochs: 1 });
    await run('set_weights while commit-reveal', () => client.setWeights(validator, weights));
    const reveal: RevealInput = { ...weights, salt: [1, 2, 3, 4, 5, 6, 7, 8] };
    await run(
      'commit_weights',
      () => client.commitWeights(validator, reveal),
      (r) => ({ hashLength: r.hash.length }),
    );
    await run('reveal at once', () => client.revealWeights(validator, reveal));
    const revealInWindow = async (input: RevealInput) => {
      for (let waited = 0; ; waited++) {
        try {
          return await client.revealWeights(validator, input);
        } catch (err) {
          if (
            !(err instanceof RodeoError && err.code === 'CHAIN_REVEAL_TOO_EARLY') ||
            waited >= MAX_WAIT_BLOCKS
          )
            throw err;
          await chain.produceBlocks(1);
        }
      }
    };
    await run('reveal in the window', () => revealInWindow(reveal));
    await run(
      'weights row after reveal',
      () => client.weights(netuid, uidOf(validator)),
      (rows) => rows[0]?.weights.map((w) => [w.uid, w.value]),
    );
    await run('reveal again', () => client.revealWeights(validator, reveal));
    await run('commit_weights again', () => client.commitWeights(validator, reveal));
    await run('reveal wrong salt in the window', () => revealInWindow({ ...reveal, salt: [9, 9, 9] }));
    await setParams('weights rate limit 100 (sudo) under commit-reveal', { weightsSetRateLimit: 100 });
    await run('commit_weights too fast', () => client.commitWeights(validator, reveal));
    await setParams('commit-reveal off (sudo)', {
      commitRevealWeightsEnabled: false,
      weightsSetRateLimit: 0,
    });
    await run('reveal while commit-reveal off', () => client.revealWeights(validator, reveal));

    // --- payouts with a remark
    const start = (await client.head()).number;
    await run('fund payer (sudo)', () => client.sudoFund(alice, [owner.address], 100n * TAO));
    const remark = `rodeo-payout-${netuid}-1`;
    await run('payout with remark', () =>
      client.payout(owner, { dest: payee.address, amount: 2n * TAO, remark }),
    );
    await run(
      'payee balance',
      () => client.balance(payee.address),
      (b) => b,
    );
    await run(
      'find payout remark',
      () => client.findRemark(remark, start),
      (found) => found && { signer: found.signer, transfers: found.transfers },
    );
    await run(
      'find unknown remark',
      () => client.findRemark('rodeo-payout-none', start),
      (found) => found ?? null,
    );
    await run('transfer without funds', () => client.transfer(broke, payee.address, TAO));
    await run('payout above balance', () =>
      client.payout(owner, { dest: payee.address, amount: 10_000n * TAO, remark: 'x' }),
    );
    return steps;
  } finally {
    await client.close();
  }
}
