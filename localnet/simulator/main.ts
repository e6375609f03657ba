/**
 * The simulator as its own process (so its timers do not share an event loop with a validator):
 *   node --import tsx localnet/simulator/main.ts --port 0 --rounds 4 [--profiles strong,broken]
 * Serves every profile of SIM_PROFILES (or the listed ones) on 127.0.0.1 and prints one JSON line once
 * listening: {"origin": "http://127.0.0.1:<port>", "urls": {"strong": ".../sim/strong/v1", ...}}.
 * Feed it each round's tasks with sendTasks(origin, tasks) (POST /tasks). Logs (RODEO_LOG_*) go to stderr.
 */
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../../config/index.js';
import { SimulatorErrors } from './errors.js';
import { SIM_PROFILES, type SimProfile } from './profiles.js';
import { startSimulator } from './server.js';
import { TaskIndex } from './task-index.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, rounds: { type: 'string' }, profiles: { type: 'string' } },
});
if (values.port === undefined || values.rounds === undefined) {
  process.stderr.write('usage: main.ts --port N --rounds N [--profiles a,b,...]\n');
  process.exit(2);
}
const known: Record<string, SimProfile> = SIM_PROFILES;
const names = values.profiles ? values.profiles.split(',') : Object.keys(known);
const unknown = names.find((n) => !known[n]);
if (unknown) {
  process.stderr.write(
    `${SimulatorErrors.UNKNOWN_PROFILE(unknown, Object.keys(known).join(', ')).describe()}\n`,
  );
  process.exit(2);
}

const logger = createLogger(loadConfig().log, 'simulator');
const sim = await startSimulator({
  host: '127.0.0.1',
  port: Number(values.port),
  profiles: names.map((n) => known[n]!),
  index: new TaskIndex({ rounds: Number(values.rounds) }),
  logger,
});
process.stdout.write(
  `${JSON.stringify({ origin: sim.origin, urls: Object.fromEntries(names.map((n) => [n, sim.url(n)])) })}\n`,
);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
