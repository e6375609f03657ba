// Rodeo validator under pm2 (docs/operations.md). From the clone:
//   pm2 start deploy/pm2/ecosystem.config.cjs && pm2 save && pm2 startup
// Settings come from RODEO_* variables (below, or the shell pm2 starts from) or a config file (--config FILE).
// pm2 stops a process with SIGINT, then SIGKILL after kill_timeout: the validator closes its ledger and HTTP API on
// SIGINT as on SIGTERM, so give it time.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const home = process.env.HOME ?? '/var/lib/rodeo';

module.exports = {
  apps: [
    {
      name: 'rodeo-validator',
      cwd: root,
      script: path.join(root, 'bin', 'rodeo.mjs'),
      interpreter: 'node',
      args: [
        'validator',
        'run',
        '--chain',
        'finney',
        '--wallet.path',
        path.join(home, '.bittensor', 'wallets'),
        '--wallet.name',
        'validator',
        '--wallet.hotkey',
        'default',
        '--data',
        path.join(home, 'rodeo-data'),
        '--api-host',
        '127.0.0.1',
        '--api-port',
        '8090',
      ],
      // one process: the ledger (LevelDB) takes a lock only one process can hold
      instances: 1,
      exec_mode: 'fork',
      autorestart: true,
      // a validator that cannot start (bad config, wallet) is not restarted forever
      max_restarts: 10,
      min_uptime: '60s',
      restart_delay: 15000,
      kill_timeout: 90000,
      merge_logs: true,
      time: true,
      env: {
        NODE_ENV: 'production',
        // RODEO_CHAIN_NETUID: 'N',
        // a pool payer with an encrypted coldkey: a mode-600 file holding its password
        // RODEO_VALIDATOR_POOL_PAYER: 'true',
        // RODEO_CHAIN_WALLET_PASSWORD_FILE: path.join(home, '.rodeo-coldkey-password'),
      },
    },
  ],
};
