/**
 * The container entry point: settings from RODEO_MINER_* (and CHUTES_API_KEY) or a RODEO_CONFIG file,
 * no CLI. `node --import tsx miner-template/main.ts` (see Dockerfile).
 */
import { createLogger, isRodeoError, loadConfig } from '../config/index.js';
import { walletHotkey } from './auth/own-hotkey.js';
import { serveUntilSignal } from './serve.js';

try {
  const config = loadConfig();
  const logger = createLogger(config.log, 'miner');
  // with auth on, requests must be signed for this miner's hotkey: its wallet's, when the container has one
  const hotkey = config.miner.auth.enabled ? await walletHotkey(config.chain, logger) : undefined;
  await serveUntilSignal(config.miner, { logger, ...(hotkey ? { hotkey } : {}) });
} catch (err) {
  if (!isRodeoError(err)) throw err;
  process.stderr.write(`miner: ${err.code}: ${err.describe()}\n`);
  process.exitCode = 1;
}
