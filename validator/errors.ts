import { defineErrors } from '../config/index.js';

export const ValidatorErrors = defineErrors('VALIDATOR', {
  NO_NETUID: {
    message: () => 'no subnet given',
    hint: 'pass --netuid N (or set chain.netuid / RODEO_CHAIN_NETUID)',
  },
  NOT_REGISTERED: {
    message: (hotkey: string, netuid: number) =>
      `validator hotkey ${hotkey} is not registered on subnet ${netuid}`,
    hint: 'register it (btcli subnets register) or point --wallet.hotkey at a registered hotkey; weights are not set until then',
  },
  NO_PERMIT: {
    message: (hotkey: string, netuid: number) =>
      `validator hotkey ${hotkey} has no validator permit on subnet ${netuid}`,
    hint: 'stake more on the hotkey; permits go to the top validators by stake at each epoch',
  },
  ENDPOINT_REFUSED: {
    message: (endpoint: string, reason: string) => `endpoint ${endpoint} refused: ${reason}`,
    hint: 'miners must serve on a public address; set validator.allowPrivateEndpoints for a local devnet',
  },
  REPLAY_MISMATCH: {
    message: (round: number, seq: number, type: string, path: string, detail: string) =>
      `replay differs in round ${round}, record #${seq} (${type}) at ${path}: ${detail}`,
    hint: 'the ledger was changed after it was written, or it was scored by another scoring version',
  },
  REPLAY_INCOMPLETE: {
    message: (round: number, missing: string) => `round ${round} cannot be replayed: ${missing}`,
  },
  SANDBOX_UNAVAILABLE: {
    message: (language: string, reason: string) => `the code sandbox cannot run ${language}: ${reason}`,
    hint: 'code tasks would score 0 for every miner; fix the sandbox (run as root or allow user namespaces, install python3) or, on a trusted machine only, set datasets.sandbox.isolation to "none"',
  },
  LEDGER_MISMATCH: {
    message: (dir: string, detail: string) => `ledger ${dir} does not belong to this validator: ${detail}`,
    hint: 'use a fresh --data directory per validator hotkey and subnet',
  },
});
