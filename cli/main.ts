import { Command, CommanderError } from 'commander';
import { isRodeoError } from '../config/index.js';
import { COMMANDS } from './commands.js';
import { packageVersion } from './package-version.js';

export function buildProgram(): Command {
  const program = new Command('rodeo')
    .description(
      'Rodeo: the Janus intelligence-engine subnet node (validator, miner template, devnet, bench)',
    )
    .version(packageVersion())
    .option(
      '-c, --config <file>',
      'JSON config file (default ./rodeo.config.json when present; env RODEO_CONFIG)',
    )
    .option('--log-level <level>', 'trace | debug | info | warn | error | silent')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Entry point: runs a command; a RodeoError prints its message and hint and exits 1. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (isRodeoError(err)) {
      process.stderr.write(`rodeo: ${err.code}: ${err.describe()}\n`);
      process.exitCode = 1;
      return;
    }
    // an error without a code is a bug or an unexpected failure: say what it was, keep the stack for debugging
    process.stderr.write(`rodeo: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.argv.includes('debug') || process.env.RODEO_LOG_LEVEL === 'debug')
      process.stderr.write(`${(err as Error)?.stack}\n`);
    else process.stderr.write('  (run with --log-level debug for the stack trace)\n');
    process.exitCode = 1;
  }
}
