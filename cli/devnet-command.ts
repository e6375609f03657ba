import { type Command, InvalidArgumentError } from 'commander';
import { ConfigErrors } from '../config/index.js';
import { DevnetStopped, PROFILES, runDevnet } from '../localnet/index.js';
import { loadCommandConfig } from './context.js';
import { packageVersion } from './package-version.js';

const int = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
};

export function registerDevnetCommand(program: Command): void {
  program
    .command('devnet')
    .description(
      `a whole subnet on this machine: devnet chain, validators, and simulated miners (${PROFILES.join(', ')}), with a live view and the dashboard`,
    )
    .option('--miners <n>', 'miners in the field (profiles repeat after six)', int('miners', 2), 6)
    .option(
      '--validators <n>',
      'validators on the subnet (devnet.validators), each with its own hotkey, stake, ledger, API and secret round seeds; with 2+ the summary prints their consensus (same champion, cosine of the weights on chain, validator trust)',
      int('validators', 1),
    )
    .option('--rounds <n>', 'validator rounds to run before the summary', int('rounds', 1), 3)
    .option('--keep', 'stay up after the rounds (validator rounds go on) until Ctrl-C')
    .option(
      '--data <dir>',
      'folder for the ledger and miner configs, one validator-N folder per validator with 2+ (default: a new temp folder)',
    )
    .option('--json', 'print the summary as JSON on stdout (progress goes to stderr)')
    .option(
      '--mainnet-defaults',
      'mainnet weights settings (devnet.mainnetDefaults): commit-reveal v4, reveal period 1 epoch, admin freeze window, weights rate limit, stateful epochs; rounds follow the epochs',
    )
    .option('--block-time <ms>', 'devnet block interval (devnet.blockTimeMs)', int('block-time', 50))
    .option('--round-blocks <n>', 'blocks per validator round', int('round-blocks', 2), 10)
    .option('--tasks <n>', 'tasks per miner per round', int('tasks', 1), 10)
    .option(
      '--anchor-every <n>',
      'anchor the ledger head on chain every N rounds (validator.anchorEveryRounds; 0: off)',
      int('anchor-every', 0),
      0,
    )
    .option(
      '--chain-port <port>',
      'devnet WebSocket port (devnet.port; 0: any free port)',
      int('chain-port', 0),
    )
    .option(
      '--api-port <port>',
      "dashboard/API port of validator 1 (0: any free port; other validators' are free ports)",
      int('api-port', 0),
      0,
    )
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      // devnet.host, devnet.port, devnet.blockTimeMs and devnet.validators (file, RODEO_DEVNET_*), --chain-port,
      // --block-time and --validators over them
      const config = loadCommandConfig(cmd.optsWithGlobals(), {
        chainPort: 'devnet.port',
        blockTime: 'devnet.blockTimeMs',
        validators: 'devnet.validators',
        mainnetDefaults: 'devnet.mainnetDefaults',
      });
      if (config.devnet.blockTimeMs < 50)
        throw ConfigErrors.INVALID(
          `  devnet.blockTimeMs: ${config.devnet.blockTimeMs} — rodeo devnet needs blocks on a timer, every 50 ms or more (0, blocks on demand, is for rodeo chain devnet and tests)`,
        );
      const run = runDevnet({
        miners: opts.miners as number,
        validators: config.devnet.validators,
        rounds: opts.rounds as number,
        keep: opts.keep === true,
        data: opts.data as string | undefined,
        json: opts.json === true,
        blockTimeMs: config.devnet.blockTimeMs,
        mainnetDefaults: config.devnet.mainnetDefaults,
        roundBlocks: opts.roundBlocks as number,
        tasksPerRound: opts.tasks as number,
        anchorEveryRounds: opts.anchorEvery as number,
        chainHost: config.devnet.host,
        chainPort: config.devnet.port,
        apiPort: opts.apiPort as number,
        version: packageVersion(),
        logLevel: config.log.level === 'info' ? 'warn' : config.log.level,
      });
      const summary = await run.catch((err: unknown) => {
        if (!(err instanceof DevnetStopped)) throw err;
        process.stderr.write(`rodeo devnet: ${err.message}\n`);
        process.exitCode = err.exitCode;
        // everything it started is stopped; a handle left open must not keep the process
        setTimeout(() => process.exit(), 3000).unref();
        return undefined;
      });
      if (!summary) return;
      if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (!summary.ok) process.exitCode = 1;
    });
}
