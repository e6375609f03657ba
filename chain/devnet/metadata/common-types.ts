import { type TypeBuilder, variants } from './type-builder.js';

/**
 * The frame / primitives types every pallet refers to, with the paths, params and field names of the
 * Subtensor runtime so @polkadot/types derives the same type names (SpRuntimeDispatchError, ...).
 */
export function buildCommonTypes(b: TypeBuilder) {
  const u8 = b.primitive('U8');
  const u16 = b.primitive('U16');
  const u32 = b.primitive('U32');
  const u64 = b.primitive('U64');
  const u128 = b.primitive('U128');
  const bool = b.primitive('Bool');
  const str = b.primitive('Str');
  const unit = b.tuple();
  const bytes = b.vec(u8);
  const arr4 = b.array(4, u8);
  const arr8 = b.array(8, u8);
  const arr20 = b.array(20, u8);
  const arr32 = b.array(32, u8);
  const arr64 = b.array(64, u8);
  const arr65 = b.array(65, u8);
  const compactU16 = b.compact(u16);
  const compactU32 = b.compact(u32);
  const compactU64 = b.compact(u64);

  const accountId = b.composite('sp_core::crypto::AccountId32', [{ type: arr32, typeName: '[u8; 32]' }]);
  const h256 = b.composite('primitive_types::H256', [{ type: arr32, typeName: '[u8; 32]' }]);
  const multiAddress = b.variant(
    'sp_runtime::multiaddress::MultiAddress',
    variants([
      ['Id', 0, [[undefined, accountId, 'AccountId']]],
      ['Index', 1, [[undefined, b.compact(unit), 'AccountIndex']]],
      ['Raw', 2, [[undefined, bytes, 'Vec<u8>']]],
      ['Address32', 3, [[undefined, arr32, '[u8; 32]']]],
      ['Address20', 4, [[undefined, arr20, '[u8; 20]']]],
    ]),
    [
      { name: 'AccountId', type: accountId },
      { name: 'AccountIndex', type: unit },
    ],
  );
  const multiSignature = b.variant(
    'sp_runtime::MultiSignature',
    variants([
      ['Ed25519', 0, [[undefined, arr64, 'ed25519::Signature']]],
      ['Sr25519', 1, [[undefined, arr64, 'sr25519::Signature']]],
      ['Ecdsa', 2, [[undefined, arr65, 'ecdsa::Signature']]],
    ]),
  );
  const era = b.variant('sp_runtime::generic::era::Era', [
    { name: 'Immortal', index: 0, fields: [] },
    ...Array.from({ length: 255 }, (_, i) => ({
      name: `Mortal${i + 1}`,
      index: i + 1,
      fields: [{ type: u8 }],
    })),
  ]);

  const weight = b.composite('sp_weights::weight_v2::Weight', [
    { name: 'ref_time', type: compactU64, typeName: 'u64' },
    { name: 'proof_size', type: compactU64, typeName: 'u64' },
  ]);
  const dispatchClass = b.variant(
    'frame_support::dispatch::DispatchClass',
    variants([
      ['Normal', 0],
      ['Operational', 1],
      ['Mandatory', 2],
    ]),
  );
  const pays = b.variant(
    'frame_support::dispatch::Pays',
    variants([
      ['Yes', 0],
      ['No', 1],
    ]),
  );
  const dispatchEventInfo = b.composite('frame_system::DispatchEventInfo', [
    { name: 'weight', type: weight, typeName: 'Weight' },
    { name: 'class', type: dispatchClass, typeName: 'DispatchClass' },
    { name: 'pays_fee', type: pays, typeName: 'Pays' },
  ]);
  const moduleError = b.composite('sp_runtime::ModuleError', [
    { name: 'index', type: u8, typeName: 'u8' },
    { name: 'error', type: arr4, typeName: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' },
  ]);
  const unitVariants = (path: string, names: string[]) =>
    b.variant(
      path,
      names.map((name, index) => ({ name, index, fields: [] })),
    );
  const tokenError = unitVariants('sp_runtime::TokenError', [
    'FundsUnavailable',
    'OnlyProvider',
    'BelowMinimum',
    'CannotCreate',
    'UnknownAsset',
    'Frozen',
    'Unsupported',
    'CannotCreateHold',
    'NotExpendable',
    'Blocked',
  ]);
  const arithmeticError = unitVariants('sp_arithmetic::ArithmeticError', [
    'Underflow',
    'Overflow',
    'DivisionByZero',
  ]);
  const transactionalError = unitVariants('sp_runtime::TransactionalError', ['LimitReached', 'NoLayer']);
  const trieError = unitVariants('sp_runtime::proving_trie::TrieError', [
    'InvalidStateRoot',
    'IncompleteDatabase',
    'ValueAtIncompleteKey',
    'DecoderError',
    'InvalidHash',
    'DuplicateKey',
    'ExtraneousNode',
    'ExtraneousValue',
    'ExtraneousHashReference',
    'InvalidChildReference',
    'ValueMismatch',
    'IncompleteProof',
    'RootMismatch',
    'DecodeError',
  ]);
  const dispatchError = b.variant(
    'sp_runtime::DispatchError',
    variants([
      ['Other', 0],
      ['CannotLookup', 1],
      ['BadOrigin', 2],
      ['Module', 3, [[undefined, moduleError, 'ModuleError']]],
      ['ConsumerRemaining', 4],
      ['NoProviders', 5],
      ['TooManyConsumers', 6],
      ['Token', 7, [[undefined, tokenError, 'TokenError']]],
      ['Arithmetic', 8, [[undefined, arithmeticError, 'ArithmeticError']]],
      ['Transactional', 9, [[undefined, transactionalError, 'TransactionalError']]],
      ['Exhausted', 10],
      ['Corruption', 11],
      ['Unavailable', 12],
      ['RootNotAllowed', 13],
      ['Trie', 14, [[undefined, trieError, 'TrieError']]],
    ]),
  );
  const dispatchResult = b.variant(
    'Result',
    variants([
      ['Ok', 0, [[undefined, unit]]],
      ['Err', 1, [[undefined, dispatchError]]],
    ]),
    [
      { name: 'T', type: unit },
      { name: 'E', type: dispatchError },
    ],
  );
  const option = (inner: number) =>
    b.variant(
      'Option',
      variants([
        ['None', 0],
        ['Some', 1, [[undefined, inner]]],
      ]),
      [{ name: 'T', type: inner }],
    );

  const cowStr = b.composite('Cow', [{ type: str }], [{ name: 'T', type: str }]);
  const apiEntry = b.tuple(arr8, u32);
  const runtimeVersion = b.composite('sp_version::RuntimeVersion', [
    { name: 'spec_name', type: cowStr, typeName: "Cow<'static, str>" },
    { name: 'impl_name', type: cowStr, typeName: "Cow<'static, str>" },
    { name: 'authoring_version', type: u32, typeName: 'u32' },
    { name: 'spec_version', type: u32, typeName: 'u32' },
    { name: 'impl_version', type: u32, typeName: 'u32' },
    {
      name: 'apis',
      type: b.composite('Cow', [{ type: b.vec(apiEntry) }], [{ name: 'T', type: b.vec(apiEntry) }]),
      typeName: 'ApisVec',
    },
    { name: 'transaction_version', type: u32, typeName: 'u32' },
    { name: 'system_version', type: u8, typeName: 'u8' },
  ]);

  return {
    u8,
    u16,
    u32,
    u64,
    u128,
    bool,
    str,
    unit,
    bytes,
    arr8,
    arr32,
    compactU16,
    compactU32,
    compactU64,
    accountId,
    h256,
    multiAddress,
    multiSignature,
    era,
    weight,
    dispatchClass,
    pays,
    dispatchEventInfo,
    dispatchError,
    dispatchResult,
    runtimeVersion,
    option,
  };
}

export type CommonTypes = ReturnType<typeof buildCommonTypes>;
