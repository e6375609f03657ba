export { type ChunkParts, readChunk } from './chunk-parse.js';
export {
  ChunkEncoder,
  type ChunkMeta,
  type ChunkOptions,
  chunkFrame,
  completionId,
  DONE_EVENT,
  usageFrame,
} from './chunk-write.js';
export {
  EPISTULA,
  type EpistulaSigner,
  epistulaMessage,
  signEpistulaHeaders,
  verifyEpistulaSignature,
} from './epistula.js';
export { canonicalManifest, LICENSES, type Manifest, ManifestSchema, manifestSha256 } from './manifest.js';
export { countTokens, loadTokenizer, Tokenizer, type TokenizerName } from './tokens.js';
export type { FinishReason, ResponseUsage, ToolCallDelta, Usage } from './types.js';
export { MAX_USAGE_TOKENS, type ParsedUsage, parseUsage } from './usage.js';
