import type { Command } from 'commander';
import { coldkeyAddress, loadSigner, walletFile } from '../chain/index.js';
import { loadCommandConfig } from './context.js';

const WALLET_FLAGS = {
  'wallet.name': 'chain.wallet.name',
  'wallet.path': 'chain.wallet.path',
  'wallet.passwordFile': 'chain.wallet.passwordFile',
  'wallet.passwordEnv': 'chain.wallet.passwordEnv',
};

export function registerWalletCommand(program: Command): void {
  const wallet = program
    .command('wallet')
    .description('Bittensor wallet files: check that a coldkey unlocks');

  wallet
    .command('unlock')
    .description(
      'unlock the coldkey as `rodeo validator run` does (an encrypted $NACL file with the password from --wallet.password-file, --wallet.password-env or a prompt) and print its address; run it before starting a payer validator',
    )
    .option('--wallet.name <name>', 'wallet name (~/.bittensor/wallets/NAME)')
    .option('--wallet.path <dir>', 'wallets folder')
    .option('--wallet.password-file <file>', 'file holding the coldkey password (chain.wallet.passwordFile)')
    .option(
      '--wallet.password-env <name>',
      'environment variable holding the coldkey password (chain.wallet.passwordEnv)',
    )
    .action(async (_opts: Record<string, unknown>, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), WALLET_FLAGS);
      const signer = await loadSigner(config.chain, 'coldkey');
      const source = config.chain.coldkeyUri ? 'chain.coldkeyUri' : walletFile(config.chain, 'coldkey');
      process.stdout.write(`coldkey unlocked: ${signer.address} (${source})\n`);
      if (!config.chain.coldkeyUri) {
        const stated = await coldkeyAddress(config.chain).catch(() => undefined);
        if (stated && stated !== signer.address)
          process.stdout.write(`warning: coldkeypub.txt states ${stated}, another address\n`);
      }
    });
}
