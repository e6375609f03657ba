import { type Config, createLogger, type Logger, loadConfig } from '../config/index.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

/**
 * Loads the effective config for a command: `flagMap` maps the command's option names to setting keys
 * (commander camel-cases `--wallet.name` to `wallet.name`; pass the same key).
 */
export function loadCommandConfig(
  opts: Record<string, unknown> & GlobalOptions,
  flagMap: Record<string, string> = {},
): Config {
  const flags: Record<string, unknown> = {};
  for (const [opt, key] of Object.entries(flagMap)) if (opts[opt] !== undefined) flags[key] = opts[opt];
  if (opts.logLevel !== undefined) flags['log.level'] = opts.logLevel;
  return loadConfig({ ...(opts.config ? { file: opts.config } : {}), flags });
}

export function commandLogger(config: Config, name: string): Logger {
  return createLogger(config.log, name);
}
