import type { Command } from 'commander';
import { connectChain, loadSigner } from '../chain/index.js';
import { openLedger } from '../ledger/index.js';
import { checkSandbox, replayLedger, startValidator, ValidatorErrors } from '../validator/index.js';
import { commandLogger, loadCommandConfig } from './context.js';
import { packageVersion } from './package-version.js';

const CHAIN_FLAGS = {
  chain: 'chain.endpoint',
  netuid: 'chain.netuid',
  'wallet.name': 'chain.wallet.name',
  'wallet.hotkey': 'chain.wallet.hotkey',
  'wallet.path': 'chain.wallet.path',
};

export function registerValidatorCommand(program: Command): void {
  const validator = program
    .command('validator')
    .description('run a validator: rounds, weights, prize pool, dashboard');

  validator
    .command('run')
    .description(
      'benchmark every eligible miner each round, set weights, keep the ledger, serve the dashboard',
    )
    .option('--chain <endpoint>', 'finney | test | local | ws(s)://host:port')
    .option('--netuid <n>', 'subnet id')
    .option('--wallet.name <name>', 'wallet name (~/.bittensor/wallets/NAME)')
    .option('--wallet.hotkey <hotkey>', 'hotkey file name')
    .option('--wallet.path <dir>', 'wallets folder')
    .option('--data <dir>', 'ledger and state folder (validator.dataDir)')
    .option('--api-host <host>', 'dashboard/API address (validator.api.host)')
    .option('--api-port <port>', 'dashboard/API port (validator.api.port)')
    .option('--rounds <n>', 'stop after this many rounds (default: run until stopped)')
    .option('--dry-run', 'do everything but set weights (validator.setWeights=false)')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), {
        ...CHAIN_FLAGS,
        data: 'validator.dataDir',
        apiHost: 'validator.api.host',
        apiPort: 'validator.api.port',
      });
      if (opts.dryRun) config.validator.setWeights = false;
      const netuid = config.chain.netuid;
      if (netuid === undefined) throw ValidatorErrors.NO_NETUID();
      const logger = commandLogger(config, 'validator');
      await checkSandbox(config, logger);
      const hotkey = await loadSigner(config.chain, 'hotkey');
      const coldkey = config.validator.pool.payouts ? await loadSigner(config.chain, 'coldkey') : undefined;
      const chain = await connectChain(config.chain, logger);
      const service = await startValidator({
        config,
        netuid,
        chain,
        hotkey,
        coldkey,
        logger,
        version: packageVersion(),
        ...(opts.rounds ? { maxRounds: Number(opts.rounds) } : {}),
      });
      process.stderr.write(`dashboard: ${service.api.url}\nledger: ${service.ledger.dir}\n`);
      const stop = () => void service.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await service.done;
      await service.close();
      await chain.close();
    });

  program
    .command('replay')
    .description('verify a ledger: hash chain, seals, and every score recomputed from the raw records')
    .requiredOption('--ledger <dir>', 'ledger folder (e.g. ./data/ledger)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { ledger: string; json?: boolean }) => {
      const ledger = await openLedger(opts.ledger, { create: false });
      try {
        const result = await replayLedger(ledger);
        if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else if (result.ok) {
          process.stdout.write(
            `replay verified: ${result.records} records, ${result.rounds} rounds, ${result.replayedRounds} rounds recomputed and equal (${(result.ms / 1000).toFixed(1)} s)\n`,
          );
        } else {
          const f = result.failure!;
          process.stdout.write(
            `replay FAILED at record #${f.seq}${f.round === null ? '' : ` (round ${f.round}`}${f.type ? `, ${f.type})` : ')'}: ${f.code}: ${f.message}\n`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      } finally {
        await ledger.close();
      }
    });
}
