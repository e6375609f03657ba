import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, silentLogger } from '../config/index.js';
import { calls } from './calls.js';
import { type ChainClient, connectChain } from './client.js';
import { type Devnet, startDevnet } from './devnet/index.js';
import { detectFeatures } from './features.js';
import { HYPERPARAM_ITEMS } from './hyperparams.js';
import { METAGRAPH_VECTORS } from './metagraph.js';
import { RuntimeView } from './runtime.js';
import type { ChainFeatures } from './types.js';

/** Real finney spec-393 metadata, kept in the repository (source and licence: fixtures/subtensor/README.md). */
const FINNEY = resolve(import.meta.dirname, 'fixtures/subtensor/finney-393.scale');

const HOTKEY = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const COLDKEY = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const TAO = 1_000_000_000n;

/** Every call the client sends, with sample arguments; null where a runtime lacks the call. */
const CALLS: [string, (v: RuntimeView, f: ChainFeatures) => unknown][] = [
  [
    'set_weights',
    (v) =>
      calls.setWeights(v, { netuid: 7, uids: [0, 3, 300], values: [65535, 2, 1], versionKey: 1_002_003n }),
  ],
  [
    'set_mechanism_weights',
    (v) => calls.setWeights(v, { netuid: 7, mecid: 1, uids: [0, 3], values: [65535, 2], versionKey: 4 }),
  ],
  [
    'commit_timelocked_mechanism_weights',
    (v) =>
      calls.commitTimelockedWeights(
        v,
        7,
        { commit: new Uint8Array(260).map((_, i) => i % 7), revealRound: 42, commitRevealVersion: 4 },
        1,
      ),
  ],
  ['commit_weights', (v) => calls.commitWeights(v, 7, `0x${'5a'.repeat(32)}`)],
  [
    'commit_timelocked_weights',
    (v) =>
      calls.commitTimelockedWeights(v, 7, {
        commit: new Uint8Array(300).map((_, i) => i % 251),
        revealRound: 5_000_123,
        commitRevealVersion: 4,
      }),
  ],
  [
    'reveal_weights',
    (v) => calls.revealWeights(v, { netuid: 7, uids: [1], values: [65535], salt: [9, 8, 7], versionKey: 3 }),
  ],
  [
    'serve_axon (IPv4)',
    (v) => calls.serveAxon(v, { netuid: 7, ip: '203.0.113.7', port: 8091, version: 1_000 }),
  ],
  [
    'serve_axon (IPv6)',
    (v) => calls.serveAxon(v, { netuid: 7, ip: '2001:db8::7', port: 443, version: 2_003_004 }),
  ],
  ['set_commitment (Sha256)', (v) => calls.setCommitment(v, 7, [{ sha256: `0x${'ab'.repeat(32)}` }])],
  [
    'set_commitment (Raw + Sha256)',
    (v) =>
      calls.setCommitment(v, 7, [{ raw: 'http://203.0.113.7:8091' }, { sha256: `0x${'cd'.repeat(32)}` }]),
  ],
  [
    'payout batch',
    (v, f) => calls.payout(v, f, { dest: COLDKEY, amount: 12n * TAO, remark: 'rodeo-payout-7-42' }),
  ],
  ['transfer_keep_alive', (v) => calls.transfer(v, COLDKEY, 5n * TAO)],
  ['burned_register', (v) => calls.burnedRegister(v, 7, HOTKEY)],
  ['register_network', (v, f) => calls.registerNetwork(v, f, HOTKEY)],
  ['add_stake', (v) => calls.addStake(v, HOTKEY, 7, 100n * TAO)],
  ['start_call', (v) => calls.startCall(v, 7)],
  [
    'sudo hyperparameters',
    (v) =>
      calls.sudo(
        v,
        calls.hyperparams(v, 7, {
          tempo: 99,
          weightsSetRateLimit: 100,
          weightsVersionKey: 5,
          minAllowedWeights: 8,
          maxAllowedUids: 256,
          maxAllowedValidators: 64,
          commitRevealWeightsEnabled: true,
          revealPeriodEpochs: 1,
          servingRateLimit: 50,
          maxRegistrationsPerBlock: 1,
          targetRegistrationsPerInterval: 2,
          immunityPeriod: 5000,
          activityCutoff: 5000,
        }),
      ),
  ],
  ['sudo network rate limit', (v) => calls.sudo(v, [calls.networkRateLimit(v, 0)])],
  ['sudo stake threshold', (v, f) => calls.sudo(v, [calls.stakeThreshold(v, f, 1000n * TAO)])],
  ['sudo admin freeze window', (v) => calls.sudo(v, [calls.adminFreezeWindow(v, 0)])],
  ['sudo start call delay', (v) => calls.sudo(v, [calls.startCallDelay(v, 0)])],
];

/** Every storage key the client reads. */
const KEYS: [string, string, unknown[]][] = [
  ['system', 'number', []],
  ['system', 'events', []],
  ['system', 'account', [HOTKEY]],
  ...[...METAGRAPH_VECTORS, ...HYPERPARAM_ITEMS, 'subnetworkN'].map((item): [string, string, unknown[]] => [
    'subtensorModule',
    item,
    [7],
  ]),
  ['subtensorModule', 'keys', [7, 3]],
  ['subtensorModule', 'blockAtRegistration', [7, 3]],
  ['subtensorModule', 'weights', [7, 3]],
  ['subtensorModule', 'uids', [7, HOTKEY]],
  ['subtensorModule', 'axons', [7, HOTKEY]],
  ['subtensorModule', 'owner', [HOTKEY]],
  ['subtensorModule', 'totalHotkeyAlpha', [HOTKEY, 7]],
  ['subtensorModule', 'stakeThreshold', []],
  ['subtensorModule', 'commitRevealWeightsVersion', []],
  ['commitments', 'commitmentOf', [7, HOTKEY]],
  ['subtensorModule', 'timelockedWeightCommits', [7, 12]],
  ['subtensorModule', 'weights', [7 + 4096, 3]],
  ['subtensorModule', 'mechanismCountCurrent', [7]],
  ['drand', 'beaconConfig', []],
  ['drand', 'lastStoredRound', []],
  ['drand', 'pulses', [5_000_123]],
];

describe('conformance with the real finney metadata (spec 393)', () => {
  let finney: RuntimeView;
  let devnet: Devnet;
  let client: ChainClient;

  beforeAll(async () => {
    await cryptoWaitReady();
    finney = RuntimeView.fromMetadata(readFileSync(FINNEY));
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger);
  });
  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  it('reads the expected features from the finney metadata', () => {
    expect(detectFeatures(finney)).toMatchObject({
      specVersion: 393,
      registerNetworkTakesMechid: false,
      hashCommits: true,
      timelockedCommits: true,
      stakeThresholdItem: 'stakeThreshold',
      stakeThresholdCall: 'sudoSetStakeThreshold',
      alphaIsShares: true,
      commitmentMaxFields: 3,
      legacyCustomErrors: false,
    });
  });

  it.each(CALLS)('%s encodes identically for the devnet and finney', (_name, build) => {
    const real = build(finney, detectFeatures(finney)) as { toHex(): string };
    let sent: { toHex(): string };
    try {
      sent = build(client.view, client.features) as { toHex(): string };
    } catch (err) {
      // the client feature-detects calls and never sends one the chain lacks (the devnet has no
      // sudo_set_start_call_delay: its start-call delay is 0 from genesis); finney must still build it
      expect((err as { code?: string }).code).toBe('CHAIN_UNSUPPORTED');
      expect(real.toHex()).toMatch(/^0x[0-9a-f]+$/);
      return;
    }
    expect(sent.toHex()).toBe(real.toHex());
  });

  it.each(KEYS)('storage %s.%s has the same key', (pallet, item, args) => {
    expect(client.view.key(pallet, item, ...args)).toBe(finney.key(pallet, item, ...args));
  });

  it('decodes the same bytes to the same values (axon, commitment, weights row)', () => {
    const samples: [string, string, string][] = [
      // block 34, version 1000, ip 10.0.0.5, port 8091, ip_type 4, protocol 4, placeholders 0
      ['subtensorModule', 'axons', '0x2200000000000000e80300000500000a0000000000000000000000009b1f04040000'],
      // deposit 0, block 35, fields [Sha256(ab..), Raw4("rodo")]
      ['commitments', 'commitmentOf', `0x0000000000000000230000000883${'ab'.repeat(32)}05726f646f`],
      ['subtensorModule', 'weights', '0x080200ffff03000080'],
    ];
    for (const [pallet, item, bytes] of samples) {
      expect(client.view.decode(pallet, item, bytes)?.toJSON()).toEqual(
        finney.decode(pallet, item, bytes)?.toJSON(),
      );
    }
  });

  it('signs an extrinsic the finney registry decodes back to the same call and signer', () => {
    const pair = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const call = calls.setWeights(finney, { netuid: 7, uids: [1, 2], values: [65535, 100], versionKey: 1 });
    const xt = finney.registry.createType('Extrinsic', call);
    xt.sign(pair, {
      blockHash: `0x${'11'.repeat(32)}`,
      genesisHash: `0x${'22'.repeat(32)}`,
      nonce: 3,
      runtimeVersion: { specVersion: 393, transactionVersion: 1 } as never,
      signedExtensions: finney.registry.signedExtensions,
    });
    const back = finney.registry.createType('Extrinsic', xt.toHex());
    expect(back.method.toHex()).toBe(call.toHex());
    expect(back.signer.toString()).toBe(pair.address);
    expect(`${back.method.section}.${back.method.method}`).toBe('subtensorModule.setWeights');
  });
});
