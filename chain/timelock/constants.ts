import type { DrandBeacon } from './types.js';

/**
 * drand quicknet, the beacon subtensor's pallet_drand follows (pallets/drand/src/lib.rs genesis config;
 * bittensor-drand src/drand.rs): unchained BLS signatures on G1, public key on G2, a round every 3 s.
 */
export const QUICKNET: Readonly<DrandBeacon> = Object.freeze({
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c' +
    '8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb' +
    '5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  genesisTime: 1_692_803_367,
  period: 3,
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
});

/** Hash-to-G1 domain separation tag of quicknet signatures (tle `QUICKNET_CTX`, RFC 9380 SSWU). */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

/** `cipher_suite` the tle crate writes for its AES-256-GCM body (`AESGCMStreamCipherProvider::CIPHER_SUITE`). */
export const AES_GCM_SUITE = 'AES_GCM_';

/** `MAX_CRV3_COMMIT_SIZE_BYTES` (pallets/subtensor/src/lib.rs): the commit's BoundedVec limit. */
export const MAX_TIMELOCKED_COMMIT_BYTES = 5000;

/** bittensor-drand aims for the pulse to be ingested this many blocks into the reveal epoch. */
export const SECURITY_BLOCK_OFFSET = 3;
