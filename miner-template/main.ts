/**
 * The container entry point: settings from RODEO_MINER_* (and CHUTES_API_KEY) or a RODEO_CONFIG file,
 * no CLI. `node --import tsx miner-template/main.ts` (see Dockerfile).
 */
import { createLogger, isRodeoError, loadConfig } from '../config/index.js';
import { serveUntilSignal } from './serve.js';

try {
  const config = loadConfig();
  await serveUntilSignal(config.miner, { logger: createLogger(config.log, 'miner') });
} catch (err) {
  if (!isRodeoError(err)) throw err;
  process.stderr.write(`miner: ${err.code}: ${err.describe()}\n`);
  process.exitCode = 1;
}
