import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig } from './schema.js';

export type { Logger };

/** Logs go to stderr (stdout stays clean for tables and --json); pretty on a terminal. */
export function createLogger(config: LogConfig, name = 'rodeo'): Logger {
  const usePretty = config.pretty === 'always' || (config.pretty === 'auto' && process.stderr.isTTY === true);
  const stream = usePretty
    ? pretty({
        // on a terminal, through process.stderr (not fd 2 directly), so a live view on it can keep its lines apart
        destination: process.stderr.isTTY === true ? process.stderr : 2,
        sync: true,
        colorize: process.stderr.isTTY === true,
        ignore: 'pid,hostname',
      })
    : pino.destination({ dest: 2, sync: false });
  return pino({ name, level: config.level }, stream);
}

/** A logger that drops everything (tests, libraries used without a logger). */
export const silentLogger: Logger = pino({ level: 'silent' });
