import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, type Signer } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { tempDirs } from '../ledger/fixtures/temp.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { anchorOnce } from '../validator/anchors.js';
import type { StateRecord, ValidatorContext } from '../validator/index.js';
import { type SyntheticMiner, writeSyntheticRound } from '../validator/testing/synthetic-rounds.js';

const dirs = tempDirs();

function rodeo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/rodeo.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const miners: SyntheticMiner[] = [1, 2].map((uid) => ({
  hotkey: `hk${uid}`,
  uid,
  coldkey: `cold${uid}`,
  accuracy: [0.9, 0.4][uid - 1]!,
  timing: { ttftMs: 100 + uid * 50, intervalMs: 20, charsPerEvent: 6 },
  image: `registry.example/e${uid}@sha256:${String(uid).repeat(64)}`,
  sourceCommit: String(uid).repeat(40),
  commitBlock: uid,
}));

/** `rodeo replay --signer` and `--chain` as a user runs them: a child process against the devnet over WebSocket. */
describe('rodeo replay', { timeout: 180_000 }, () => {
  let devnet: Devnet;
  let client: ChainClient;
  let validator: Signer;
  let mallory: Signer;
  let honest: string;
  let cut: string;

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    validator = keyring.addFromUri('//ReplayCli//validator');
    mallory = keyring.addFromUri('//ReplayCli//mallory');
    devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger, {
      onPooled: () => devnet.produceBlocks(1),
    });
    await client.transfer(keyring.addFromUri('//Alice'), validator.address, 10n * 1_000_000_000n);

    // three rounds, each anchored after its seal, as the validator writes them
    honest = await dirs.make();
    const ledger = await openLedger(honest);
    const ctx: ValidatorContext = {
      config: ConfigSchema.parse({ validator: { anchorEveryRounds: 1 } }),
      netuid: 1,
      chain: client,
      hotkey: validator,
      coldkey: undefined,
      ledger,
      logger: silentLogger,
      observer: {},
      versionKey: 0n,
      signal: new AbortController().signal,
    };
    let state: StateRecord | undefined;
    for (let round = 1; round <= 3; round++) {
      state = await writeSyntheticRound(ledger, validator, round, miners, state, { tasksPerRound: 3 });
      await anchorOnce(ctx, round);
    }
    // the same ledger with its last round deleted: an export cut after round 2, imported anew
    cut = await dirs.make();
    await copyRounds(ledger, cut, 2);
    await ledger.close();
  });

  afterAll(async () => {
    await client?.close();
    await devnet?.close();
    await dirs.cleanup();
  });

  it('--signer: passes for the validator the ledger names, fails naming the round for another', async () => {
    const right = await rodeo('replay', '--ledger', honest, '--signer', validator.address);
    expect(right.stdout).toContain('replay verified');
    expect(right.code).toBe(0);

    const wrong = await rodeo('replay', '--ledger', honest, '--signer', mallory.address);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      'replay FAILED at record #0 (round 1, round.start): VALIDATOR_REPLAY_WRONG_SIGNER',
    );
    expect(wrong.stdout).toContain(`validator ${validator.address}, expected ${mallory.address} (--signer)`);

    const bad = await rodeo('replay', '--ledger', honest, '--signer', 'not-an-address');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected an ss58 address');
  });

  it('--chain: the honest ledger passes; with its last round deleted it fails naming the missing round', async () => {
    const ok = await rodeo('replay', '--ledger', honest, '--chain', devnet.url);
    expect(ok.stdout).toContain('replay verified');
    expect(ok.stdout).toContain('anchors: 3 recorded in the ledger and found on chain');
    expect(ok.stdout).toContain('latest anchored round 3');
    expect(ok.code).toBe(0);

    // (without the chain the cut ledger replays clean: that attack is shown in validator/anchors.test.ts)
    const truncated = await rodeo('replay', '--ledger', cut, '--chain', devnet.url);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('(round 3, seal): VALIDATOR_REPLAY_TRUNCATED');
    expect(truncated.stdout).toContain('round 3 is missing');
  });
});

/** Copies the records of rounds <= lastRound of `from` into a new ledger at `dir` (through NDJSON). */
async function copyRounds(from: Ledger, dir: string, lastRound: number): Promise<void> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await from.exportNdjson(out);
  out.end();
  const kept = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line && (JSON.parse(line) as { round: number }).round <= lastRound);
  const copy = await openLedger(dir);
  try {
    const input = new PassThrough();
    input.end(`${kept.join('\n')}\n`);
    await copy.importNdjson(input, 'cut export');
  } finally {
    await copy.close();
  }
}
