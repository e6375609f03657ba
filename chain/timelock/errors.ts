import { defineErrors } from '../../config/index.js';

export const TimelockErrors = defineErrors('TIMELOCK', {
  BAD_PAYLOAD: {
    message: (reason: string) => `invalid weights payload for a timelocked commit: ${reason}`,
    hint: 'pass as many values as uids, uids and values as integers 0..65535, version_key as an integer 0..2^64-1 and the hotkey as an SS58 address or 32 bytes',
  },
  PAYLOAD_TOO_LARGE: {
    message: (bytes: number, max: number) =>
      `the timelocked commit is ${bytes} bytes; the runtime accepts at most ${max} (MAX_CRV3_COMMIT_SIZE_BYTES)`,
    hint: 'weight fewer uids (drop zero weights) so the encrypted commit fits',
  },
  BAD_ROUND: {
    message: (round: string) => `drand round ${round} is not a positive integer below 2^64`,
    hint: 'pick the round with revealRoundFor(); quicknet round 1 is its genesis',
  },
  BAD_PUBLIC_KEY: {
    message: (reason: string) => `the drand public key is not a compressed BLS12-381 G2 point: ${reason}`,
    hint: 'pass the 96-byte quicknet key (QUICKNET.publicKey) or the key the chain stores in Drand::BeaconConfig',
  },
  BAD_SIGNATURE: {
    message: (reason: string) =>
      `the drand round signature is not a compressed BLS12-381 G1 point: ${reason}`,
    hint: 'pass the 48-byte signature of the pulse (Drand::Pulses on chain, or /public/<round> of the beacon), as bytes or hex',
  },
  SIGNATURE_INVALID: {
    message: (round: string) =>
      `the signature does not verify for drand round ${round} under this public key`,
    hint: 'the pulse belongs to another round or another beacon; fetch the pulse of this round from the chain the commit was made on',
  },
  MALFORMED_CIPHERTEXT: {
    message: (reason: string) => `the timelocked commit is not a TLE ciphertext: ${reason}`,
    hint: 'the bytes were truncated or altered; a commit must be the exact bytes encryptWeightsPayload returned',
  },
  WRONG_ROUND_KEY: {
    message: () =>
      'the signature does not open this commit (the IBE check U = rP failed): it is the signature of another drand round, or the commit was altered',
    hint: 'decrypt with the signature of the commit’s reveal round (the round submitted with it)',
  },
  BODY_AUTH_FAILED: {
    message: (reason: string) => `the commit body failed AES-GCM authentication: ${reason}`,
    hint: 'the encrypted body was altered after encryption; commit again',
  },
  HOTKEY_MISMATCH: {
    message: () => 'the hotkey inside the decrypted commit is not the account that committed it',
    hint: 'encrypt with the hotkey that signs commit_timelocked_weights; the runtime drops commits whose hotkey differs',
  },
  BAD_REVEAL_SCHEDULE: {
    message: (reason: string) => `cannot pick a reveal round: ${reason}`,
    hint: 'pass the subnet’s tempo (> 0), RevealPeriodEpochs, the current block, a block time > 0 s and the drand genesis time and period',
  },
});
