export { createMinerApp, type MinerApp, type MinerDeps } from './app.js';
export { type VerifyOptions, verifyEpistula } from './auth/epistula.js';
export { NonceCache } from './auth/nonce-cache.js';
export { type OwnHotkeySources, ownHotkey, walletHotkey } from './auth/own-hotkey.js';
export { type ValidatorPermits, watchValidatorPermits } from './auth/validator-permits.js';
export { DefaultEngine, type EngineParts } from './engine/engine.js';
export { pace } from './engine/pacer.js';
export { cutPiece, PacerCore, type PacerOptions } from './engine/pacer-core.js';
export { type Classification, classify, DefaultRouter } from './engine/router.js';
export { OpenAIUpstream } from './engine/upstream.js';
export { upstreamBody } from './engine/upstream-body.js';
export { buildUsage, countResponseTokens } from './engine/usage.js';
export { MinerErrors } from './errors.js';
export { type OpenAIErrorBody, toOpenAIError } from './http/openai-errors.js';
export { buildManifest } from './manifest.js';
export { type ChatRequest, ChatRequestSchema } from './request-schema.js';
export { type RunningMiner, serveMiner, serveUntilSignal } from './serve.js';
export {
  type ExecuteResult,
  PlatformTools,
  type SandboxLanguage,
  type SearchResult,
  type VectorChunk,
} from './tools/platform.js';
export type {
  Engine,
  EngineEvent,
  FinishReason,
  PacedEvent,
  ResponseUsage,
  RouteDecision,
  RoutePath,
  Router,
  TokenCounts,
  ToolCallDelta,
  Upstream,
  UpstreamCall,
} from './types.js';
