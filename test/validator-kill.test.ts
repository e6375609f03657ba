import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_SIGNED_EXTENSIONS, type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { openLedger } from '../ledger/index.js';
import {
  buildField,
  commitSubmissions,
  createDevnetSubnet,
  type Field,
  type RunningFieldMiner,
  SIM_PROFILES,
  type Simulator,
  startFieldMiners,
  startSimulator,
  stopFieldMiners,
  TaskIndex,
} from '../localnet/index.js';
import { RECORD, readRound, replayLedger } from '../validator/index.js';

const ROUNDS = 10;
const rodeo = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));

/**
 * kill -9 of the validator daemon at random points while it runs ten rounds against the devnet: every round
 * ends up sealed with all its records, replay verifies, and the chain holds no more set_weights extrinsics
 * from the validator than the ledger has successful weight results (none sent twice).
 */
describe('validator survives kill -9', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let field: Field;
  let simulator: Simulator;
  let miners: RunningFieldMiner[] = [];
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rodeo-kill-'));
    devnet = await startDevnet({ port: 0, blockTimeMs: 250 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger);
    field = buildField(3);
    const netuid = await createDevnetSubnet(client, field, { tempo: 5 });
    simulator = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      profiles: field.miners.map((m) => SIM_PROFILES[m.profile]),
      index: new TaskIndex({ rounds: 2 }),
    });
    miners = await startFieldMiners(field.miners, (m) => simulator.url(m.profile), dir);
    await commitSubmissions(client, netuid, miners);
    configFile = join(dir, 'validator.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        log: { level: 'warn', pretty: 'never' },
        chain: { endpoint: devnet.url, netuid, hotkeyUri: '//RodeoValidator' },
        validator: {
          dataDir: dir,
          roundBlocks: 8,
          tasksPerRound: 3,
          minerConcurrency: 3,
          allowPrivateEndpoints: true,
          api: { port: 0 },
        },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await stopFieldMiners(miners);
    await simulator?.close();
    await client?.close();
    await devnet?.close();
  });

  const start = (rounds?: number): ChildProcess =>
    spawn(
      process.execPath,
      [rodeo, '--config', configFile, 'validator', 'run', ...(rounds ? ['--rounds', String(rounds)] : [])],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );

  async function sealedRounds(): Promise<number> {
    const ledger = await openLedger(join(dir, 'ledger'), { create: true });
    try {
      return (await ledger.info()).rounds.filter((r) => r.sealed).length;
    } finally {
      await ledger.close();
    }
  }

  it('ten rounds with kills in between: nothing missing, nothing twice, replay verified', {
    timeout: 600_000,
  }, async () => {
    let kills = 0;
    for (let attempt = 0; attempt < 40 && (await sealedRounds()) < ROUNDS; attempt++) {
      const remaining = ROUNDS - (await sealedRounds());
      const child = start(remaining);
      if (attempt % 4 === 3) {
        await exited(child); // now and then a run that finishes on its own
        continue;
      }
      const wait = 1500 + Math.floor(Math.random() * 6000);
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, wait))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        kills++;
      }
      await exited(child);
    }
    expect(kills).toBeGreaterThan(2);

    const ledger = await openLedger(join(dir, 'ledger'), { create: false });
    let okResults = 0;
    try {
      const replay = await replayLedger(ledger);
      expect(replay.failure).toBeUndefined();
      const rounds = (await ledger.info()).rounds.filter((r) => r.sealed).map((r) => r.round);
      expect(rounds.length).toBeGreaterThanOrEqual(ROUNDS);
      for (const round of rounds) {
        const rec = await readRound(ledger, round);
        if (!rec.start) continue; // a round holding only records appended between rounds
        expect(
          rec.metagraph && rec.submissions && rec.tasks && rec.scores && rec.state && rec.weights,
          `round ${round}`,
        ).toBeTruthy();
        const results = rec.weightsTx.filter(
          (t) => t.data.phase === 'result' && t.data.ok && t.data.txHash !== '',
        );
        expect(results.length, `round ${round} weights results`).toBeLessThanOrEqual(1);
        okResults += results.length;
      }
      expect(await ledger.lastRecord(RECORD.start)).toBeDefined();
    } finally {
      await ledger.close();
    }

    // every set_weights the validator hotkey ever put on chain
    const api = await ApiPromise.create({
      provider: new WsProvider(devnet.url),
      signedExtensions: CUSTOM_SIGNED_EXTENSIONS,
      noInitWarn: true,
    });
    try {
      let onChain = 0;
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = 1; n <= head; n++) {
        const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
        for (const xt of block.block.extrinsics) {
          if (
            xt.isSigned &&
            xt.method.section === 'subtensorModule' &&
            xt.method.method === 'setWeights' &&
            xt.signer.toString() === field.validatorHot.address
          )
            onChain++;
        }
      }
      // results found on chain after a kill have no tx hash; those are counted on chain but not in okResults
      expect(onChain).toBeGreaterThanOrEqual(okResults);
      const rounds = await sealedRounds();
      expect(onChain).toBeLessThanOrEqual(rounds);
    } finally {
      await api.disconnect();
    }
  });
});
