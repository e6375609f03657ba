/**
 * The soak benchmark's validator: the real daemon (startValidator) for many rounds in its own process, so its
 * peak memory is its own (VmHWM) and a hang can be stopped from outside.
 *   node --import tsx perf/lib/soak-validator.ts '<json SoakValidatorInput>'
 * Before each round is benchmarked it posts the round's tasks to the simulator and the round number to the
 * hostile process's control URL (which switches the attacks). Prints one JSON line per event on stdout:
 * {started, block, ms}, {record, round, ms} for every record appended, {finished, seconds, ms} and at the end
 * {done: true, peakKb, ms} (seed.anchor records also name their phase: intent or result). Stops once `rounds` rounds have ended, sealed with scores or skipped; exits when
 * its stdin closes (the parent is gone).
 */
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connectChain } from '../../chain/index.js';
import { ConfigSchema, createLogger } from '../../config/index.js';
import { RECORD, startValidator, type TasksRecord, type ValidatorService } from '../../validator/index.js';
import type { SoakValidatorInput } from './soak-plan.js';

const input = JSON.parse(process.argv[2] ?? '{}') as SoakValidatorInput;
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);

const peakKb = () => {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : undefined;
};

async function post(url: string, body: unknown, what: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${what}: ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

process.stdin.once('close', () => process.exit(1));
process.stdin.resume();

await cryptoWaitReady();
const config = ConfigSchema.parse(input.config);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const logger = createLogger(config.log, 'validator');
const chain = await connectChain(config.chain, logger);
let service: ValidatorService | undefined;
let sealedWithScores = 0;
const skippedRounds = new Set<number>();
let closing: Promise<void> | undefined;
const closeOnce = () => {
  closing ??= service?.close() ?? Promise.resolve();
  return closing;
};
service = await startValidator({
  config,
  netuid: input.netuid,
  chain,
  hotkey: keyring.addFromUri(input.hotkeyUri),
  coldkey: keyring.addFromUri(input.coldkeyUri),
  logger,
  version: '0.1.0',
  // the daemon stops by itself after this many sealed rounds; skipped rounds are counted below
  maxRounds: input.rounds,
  pollMs: 250,
  onRecord: async (rec) => {
    if (rec.type === RECORD.tasks) {
      await post(
        `${input.simulator}/tasks`,
        { tasks: (rec.data as TasksRecord).tasks },
        "the simulator refused the round's tasks",
      );
      if (input.control)
        await post(`${input.control}/round`, { round: rec.round }, 'the hostile miners refused the round');
    }
    if (rec.type === RECORD.skipped) skippedRounds.add(rec.round);
    if (rec.type === 'seal' && !skippedRounds.has(rec.round)) sealedWithScores++;
    const phase = rec.type === RECORD.seedAnchor ? (rec.data as { phase?: string }).phase : undefined;
    emit({ record: rec.type, round: rec.round, ms: ms(), ...(phase ? { phase } : {}) });
    const ended = sealedWithScores + skippedRounds.size;
    if (rec.type === 'seal' && skippedRounds.size > 0 && ended >= input.rounds) {
      // maxRounds counts only rounds sealed with scores: stop here once skipped ones make up the count
      setImmediate(() => void closeOnce());
    }
  },
  observer: {
    roundStarted: (round, block) => emit({ started: round, block, ms: ms() }),
    roundFinished: (round, seconds) => emit({ finished: round, seconds, ms: ms() }),
  },
});

await service.done;
await closeOnce();
await chain.close();
emit({ done: true, peakKb: peakKb(), sealedWithScores, skipped: skippedRounds.size, ms: ms() });
process.exit(0);
