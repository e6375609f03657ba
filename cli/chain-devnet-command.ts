import type { Command } from 'commander';
import { devAccounts, startDevnet } from '../chain/devnet/index.js';
import { commandLogger, loadCommandConfig } from './context.js';

/** `rodeo chain devnet`: runs the in-process Subtensor-compatible dev chain until SIGINT/SIGTERM. */
export function registerChainDevnetCommand(program: Command): void {
  const chain =
    program.commands.find((c) => c.name() === 'chain') ??
    program.command('chain').description('Subtensor chain tools');
  chain
    .command('devnet')
    .description('run a local Subtensor-compatible chain (dev accounts funded, //Alice is sudo)')
    .option('--host <host>', 'address to listen on')
    .option('--port <port>', 'WebSocket port (0 = any free port)')
    .option('--block-time <ms>', 'block interval in ms; 0 = blocks only on demand (dev_newBlock)')
    .action(async (_opts, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), {
        host: 'devnet.host',
        port: 'devnet.port',
        blockTime: 'devnet.blockTimeMs',
      });
      const logger = commandLogger(config, 'devnet');
      const devnet = await startDevnet({ ...config.devnet, logger });
      const accounts = devAccounts();
      const lines = [
        `Rodeo Devnet listening on ${devnet.url} (block time ${config.devnet.blockTimeMs || 'on demand'}${config.devnet.blockTimeMs ? ' ms' : ''})`,
        'dev accounts (sr25519, 1,000,000 TAO each):',
        ...accounts.map((a) => `  ${a.uri.padEnd(9)} ${a.address}`),
        `sudo key: ${accounts[0]?.uri} ${accounts[0]?.address}`,
        'press Ctrl-C to stop',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await devnet.close();
      process.stdout.write('devnet stopped\n');
    });
}
