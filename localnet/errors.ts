import { defineErrors } from '../config/index.js';

export const LocalnetErrors = defineErrors('DEVNET', {
  DATA_NOT_EMPTY: {
    message: (dir: string, ledger: string) =>
      `--data ${dir} already holds a ledger from an earlier devnet (${ledger})`,
    hint: 'pass a new folder to --data, or remove that one',
  },
  MINER_EXITED: {
    message: (url: string, code: number, _configFile: string) =>
      `the devnet miner at ${url} exited with code ${code} before it was ready`,
    hint: (_url: string, _code: number, configFile: string) =>
      `run it by hand to see why: rodeo --config ${configFile} miner serve`,
  },
  MINER_NOT_READY: {
    message: (url: string, ms: number) => `the devnet miner at ${url} did not answer /health within ${ms} ms`,
    hint: 'the machine may be overloaded: try fewer --miners, or run again',
  },
});
