import type { ExtDef } from '@polkadot/types/extrinsic/signedExtensions/types';

const empty = { extrinsic: {}, payload: {} };

/**
 * Subtensor's own transaction extensions carry no data, but polkadot.js must know them to sign:
 * early dTAO runtimes (spec 218) declare the first two, current ones (393+) the others.
 */
export const SIGNED_EXTENSIONS: ExtDef = {
  SubtensorSignedExtension: empty,
  CommitmentsSignedExtension: empty,
  SudoTransactionExtension: empty,
  SubtensorTransactionExtension: empty,
  DrandPriority: empty,
  CheckShieldedTxValidity: empty,
};
