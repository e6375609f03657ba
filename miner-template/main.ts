/**
 * The container entry point: settings from RODEO_MINER_* (and CHUTES_API_KEY) or a RODEO_CONFIG file,
 * no CLI. `node --import tsx miner-template/main.ts` (see Dockerfile); `--help` prints the main settings.
 */
import { createLogger, isRodeoError, listSettings, loadConfig } from '../config/index.js';
import { walletHotkey } from './auth/own-hotkey.js';
import { serveUntilSignal } from './serve.js';

/** The settings a container operator sets most often; `rodeo config env` lists every one. */
const MAIN_SETTINGS = [
  'miner.host',
  'miner.port',
  'miner.upstream.baseUrl',
  'miner.upstream.apiKey',
  'miner.upstream.model',
  'miner.pacer.mode',
  'miner.auth.enabled',
];

function helpText(): string {
  const settings = listSettings().filter((s) => MAIN_SETTINGS.includes(s.key));
  const lines = settings.map((s) => {
    const names = [s.env, ...s.envAliases].join(' or ');
    const fallback = s.secret ? 'unset' : s.default === undefined ? 'unset' : JSON.stringify(s.default);
    return `  ${names}\n      ${s.description} (default ${fallback})`;
  });
  return [
    'Usage: node --import tsx miner-template/main.ts',
    '',
    'Serves the miner template (POST /v1/chat/completions, GET /v1/models, /health, /v1/submission)',
    'until SIGINT/SIGTERM. It takes no arguments: settings come from RODEO_* environment variables',
    'or the JSON file named by RODEO_CONFIG (`rodeo config env` lists every setting). The main ones:',
    '',
    ...lines,
    '',
    'The Dockerfile sets RODEO_MINER_HOST=0.0.0.0 so validators can reach the container.',
    '',
  ].join('\n');
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(helpText());
} else if (args.length > 0) {
  process.stderr.write(
    `miner: unknown argument ${JSON.stringify(args[0])}: this entry point takes no arguments\n` +
      '  hint: set RODEO_MINER_* environment variables (see --help), or use `rodeo miner serve` for flags\n',
  );
  process.exitCode = 2;
} else {
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
}
