import { defineErrors } from '../../config/index.js';

export const DevnetErrors = defineErrors('DEVNET', {
  UNKNOWN_BLOCK: {
    message: (hash: string) => `unknown block ${hash}`,
    hint: 'pass the hash of a block this devnet produced (chain_getBlockHash), or omit it for the best block',
  },
  STATE_PRUNED: {
    message: (hash: string) => `State already discarded for ${hash}`,
    hint: 'the devnet keeps the state of the last 256 blocks; query a more recent block',
  },
  LISTEN_FAILED: {
    message: (host: string, port: number, reason: string) =>
      `devnet cannot listen on ${host}:${port}: ${reason}`,
    hint: 'pick another port (rodeo devnet --chain-port, rodeo chain devnet --port; 0 = any free port) or stop the process using it',
  },
});
