import type { MinerConfig } from '../config/index.js';
import { type Manifest, ManifestSchema } from '../protocol/index.js';
import { MinerErrors } from './errors.js';

/** Validates the miner.submission settings into a manifest; MINER_MANIFEST_INVALID lists every problem. */
export function buildManifest(submission: MinerConfig['submission']): Manifest {
  const parsed = ManifestSchema.safeParse({ v: 1, ...submission });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = ['miner.submission', ...issue.path.map(String)].join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return `  ${key}: ${missing ? 'missing' : issue.message}`;
  });
  throw MinerErrors.MANIFEST_INVALID(problems.join('\n'));
}
