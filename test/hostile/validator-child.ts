/**
 * One validator round in its own process, for test/hostile/validator-round.test.ts: the test reads this
 * process's peak memory from /proc/PID/status, and can stop it if a miner ever made it hang.
 *   node --import tsx test/hostile/validator-child.ts '<json: {config, netuid, hotkeyUri, coldkeyUri, simulator}>'
 * Feeds each round's tasks to the simulator (POST {simulator}/tasks) before the round benchmarks, and prints
 * one JSON line per event on stdout: every record appended ({record, round, ms}), the event loop's longest
 * stall so far every 2 s ({lagMaxMs}) and {done: true} at the end.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connectChain } from '../../chain/index.js';
import { ConfigSchema, createLogger } from '../../config/index.js';
import { checkSandbox, RECORD, startValidator, type TasksRecord } from '../../validator/index.js';

interface ChildInput {
  config: unknown;
  netuid: number;
  hotkeyUri: string;
  coldkeyUri: string;
  simulator: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);

// how long the validator's event loop was ever blocked: a stall there delays every miner's timestamps
const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();
const lagTimer = setInterval(() => emit({ lagMaxMs: Math.round(lag.max / 1e6), ms: ms() }), 2000);
lagTimer.unref();

await cryptoWaitReady();
const config = ConfigSchema.parse(input.config);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const logger = createLogger(config.log, 'validator');
// as `rodeo validator run` does before its first round: the sandbox works and its interpreters are resolved
await checkSandbox(config, logger);
const chain = await connectChain(config.chain, logger);
const service = await startValidator({
  config,
  netuid: input.netuid,
  chain,
  hotkey: keyring.addFromUri(input.hotkeyUri),
  coldkey: keyring.addFromUri(input.coldkeyUri),
  logger,
  version: '0.1.0',
  maxRounds: 1,
  pollMs: 250,
  onRecord: async (rec) => {
    if (rec.type === RECORD.tasks) {
      lag.reset(); // from here on: stalls while miners are being measured
      const res = await fetch(`${input.simulator}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tasks: (rec.data as TasksRecord).tasks }),
      });
      if (!res.ok) throw new Error(`simulator answered ${res.status} to the round's tasks`);
    }
    emit({ record: rec.type, round: rec.round, ms: ms(), lagMaxMs: Math.round(lag.max / 1e6) });
  },
  observer: {
    roundStarted: (round, block) => emit({ started: round, block, ms: ms() }),
    roundFinished: (round, seconds) => emit({ finished: round, seconds, ms: ms() }),
  },
});
await service.done;
await service.close();
await chain.close();
emit({ done: true, lagMaxMs: Math.round(lag.max / 1e6), ms: ms() });
process.exit(0);
