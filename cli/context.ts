import { type Config, createLogger, type Logger, loadConfig } from '../config/index.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

/** The flag as typed from commander's option name: ttftTimeout -> --ttft-timeout, wallet.name -> --wallet.name. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
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
  const flagNames: Record<string, string> = {};
  for (const [opt, key] of Object.entries(flagMap)) {
    if (opts[opt] === undefined) continue;
    flags[key] = opts[opt];
    flagNames[key] = flagName(opt);
  }
  if (opts.logLevel !== undefined) {
    flags['log.level'] = opts.logLevel;
    flagNames['log.level'] = '--log-level';
  }
  return loadConfig({ ...(opts.config ? { file: opts.config } : {}), flags, flagNames });
}

export function commandLogger(config: Config, name: string): Logger {
  return createLogger(config.log, name);
}
