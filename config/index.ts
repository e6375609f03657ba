export { MAX_TIMER_MS } from './bench.js';
export { CHAIN_ENDPOINTS } from './chain.js';
export { configReferenceMarkdown, DOCS_BEGIN, DOCS_END } from './docs.js';
export { ConfigErrors } from './errors.js';
export { jsonDepth, parseBoundedJson } from './json-bounds.js';
export { coerce, defaultConfig, type LoadOptions, loadConfig } from './load.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { maskSecrets } from './mask.js';
export { PACKAGE_ROOT } from './package-root.js';
export { defineErrors, type ErrorFactory, isRodeoError, RodeoError, withCause } from './rodeo-error.js';
export type {
  BenchConfig,
  ChainConfig,
  Config,
  ConfigInput,
  DatasetsConfig,
  DevnetConfig,
  LogConfig,
  MinerConfig,
  ScoringConfig,
  ValidatorConfig,
  Weights,
} from './schema.js';
export { ConfigSchema } from './schema.js';
export { DIMENSIONS, WeightsSchema } from './scoring.js';
export { envName, findSetting, listSettings, type Setting } from './settings.js';
export { closest } from './suggest.js';
