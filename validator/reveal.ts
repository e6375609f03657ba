import { createHash } from 'node:crypto';
import { request } from 'undici';
import { canonicalManifest, type Manifest, ManifestSchema } from '../chain/index.js';
import { endpointRefusal } from './endpoint-guard.js';
import type { ManifestReveal } from './records.js';

const MANIFEST_LIMIT = 64 * 1024;

/** sha256 (hex) of a manifest's canonical JSON (keys sorted at every level, no whitespace), valid or not. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256')
    .update(canonicalManifest(value as Manifest), 'utf8')
    .digest('hex');
}

/**
 * Fetches the submission manifest a miner reveals at GET {endpoint}/v1/submission and hashes it. Never
 * throws: every failure is a reason in the result, recorded in the ledger as observed.
 */
export async function fetchReveal(
  endpoint: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<ManifestReveal> {
  const fail = (error: string): ManifestReveal => ({
    ok: false,
    manifest: undefined,
    hash: undefined,
    error,
  });
  const refused = await endpointRefusal(endpoint, options.allowPrivate);
  if (refused) return fail(`endpoint refused: ${refused}`);
  const url = `${endpoint.replace(/\/+$/, '')}/v1/submission`;
  try {
    const res = await request(url, {
      method: 'GET',
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MANIFEST_LIMIT) {
        res.body.destroy();
        return fail(`${url} sent more than ${MANIFEST_LIMIT} bytes`);
      }
      parts.push(chunk as Buffer);
    }
    if (res.statusCode !== 200) return fail(`${url} answered HTTP ${res.statusCode}`);
    const manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      return fail(`${url} did not return a JSON object`);
    }
    const record = manifest as Record<string, unknown>;
    const hash = canonicalSha256(manifest);
    const valid = ManifestSchema.safeParse(manifest);
    if (!valid.success) {
      const problems = valid.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      return {
        ok: false,
        manifest: record,
        hash,
        error: `${url} serves a manifest that is not valid: ${problems}`,
      };
    }
    return { ok: true, manifest: record, hash, error: undefined };
  } catch (err) {
    return fail(`${url}: ${(err as Error).message}`);
  }
}
