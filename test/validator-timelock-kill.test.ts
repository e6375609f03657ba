import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, weightsRowMatches } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { openLedger } from '../ledger/index.js';
import {
  buildField,
  commitSubmissions,
  createDevnetSubnet,
  type Field,
  MIN_MAINNET_DEVNET_TEMPO,
  type RunningFieldMiner,
  SIM_PROFILES,
  type Simulator,
  startFieldMiners,
  startSimulator,
  stopFieldMiners,
  TaskIndex,
} from '../localnet/index.js';
import { readRound } from '../validator/index.js';

const rodeo = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));
const TEMPO = MIN_MAINNET_DEVNET_TEMPO;
const BLOCK_MS = 250;

/**
 * Timelocked commit-reveal survives the validator: `rodeo validator run` on a devnet subnet with mainnet's
 * weights settings (`rodeo devnet --mainnet-defaults`: commit-reveal v4, reveal one epoch later, the freeze
 * window, the weights rate limit, the stateful epoch scheduler; the devnet offers commit_timelocked_weights and
 * runs its own drand beacon) says it uses timelocked commits, is
 * killed with SIGKILL right after its first commit lands, and the chain itself reveals those weights at their
 * drand round: the validator's row on chain becomes exactly what its ledger committed.
 */
describe('validator killed -9 right after a timelocked commit', () => {
  let devnet: Devnet;
  let client: ChainClient;
  let field: Field;
  let simulator: Simulator;
  let miners: RunningFieldMiner[] = [];
  let dir: string;
  let configFile: string;
  let netuid: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rodeo-tlock-kill-'));
    devnet = await startDevnet({ port: 0, blockTimeMs: BLOCK_MS, statefulEpochs: true });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger);
    field = buildField(3);
    netuid = await createDevnetSubnet(client, field, { tempo: TEMPO, mainnetDefaults: true });
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
        log: { level: 'info', pretty: 'never' },
        chain: { endpoint: devnet.url, netuid, hotkeyUri: '//RodeoValidator' },
        validator: {
          dataDir: dir,
          roundBlocks: 0, // rounds follow the chain's epochs, as on mainnet
          blockTimeMs: BLOCK_MS,
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
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the chain reveals the weights of a validator that is gone', { timeout: 300_000 }, async () => {
    expect(field.validatorHot.address).toBeDefined();
    expect((await client.epochSchedule(netuid)).kind).toBe('stateful');
    const child: ChildProcess = spawn(process.execPath, [rodeo, '--config', configFile, 'validator', 'run'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let output = '';
    let committedRound: number | undefined;
    const committed = new Promise<void>((resolve, reject) => {
      const onLine = (chunk: Buffer) => {
        output += chunk.toString();
        for (const line of output.split('\n')) {
          if (committedRound !== undefined || !line.includes('weights committed, timelocked')) continue;
          committedRound = (JSON.parse(line) as { round: number }).round;
          child.kill('SIGKILL'); // at once: the process does nothing after its commit landed
          resolve();
        }
      };
      child.stdout?.on('data', onLine);
      child.stderr?.on('data', onLine);
      child.once('exit', () =>
        committedRound === undefined ? reject(new Error(output.slice(-3000))) : resolve(),
      );
    });
    try {
      await committed;
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(child.signalCode).toBe('SIGKILL');
    expect(output).toContain('weights path: timelocked commit-reveal');

    const ledger = await openLedger(join(dir, 'ledger'), { create: false });
    let intent: { uids: number[]; values: number[] } | undefined;
    try {
      const rec = await readRound(ledger, committedRound as number);
      const found = rec.weightsTx.find((t) => t.data.phase === 'intent' && t.data.mode === 'timelock');
      if (found?.data.phase === 'intent') intent = { uids: found.data.uids, values: found.data.values };
      // the kill may land before the commit's result record: the intent is what the chain must end up with
    } finally {
      await ledger.close();
    }
    expect(intent).toBeDefined();
    const { uids, values } = intent as { uids: number[]; values: number[] };

    // blocks keep coming (BLOCK_MS); the runtime reveals at the commit's drand round, one reveal epoch later
    let revealed = false;
    for (let i = 0; i < 240 && !revealed; i++) {
      const row = (await client.weights(netuid)).find((r) => r.hotkey === field.validatorHot.address);
      revealed = weightsRowMatches(row, uids, values);
      if (!revealed) await new Promise((r) => setTimeout(r, 250));
    }
    expect(revealed).toBe(true);
    expect(await client.timelockedCommits(netuid, field.validatorHot.address)).toEqual([]);
  });
});
