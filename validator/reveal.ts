import { createHash } from 'node:crypto';
import { request } from 'undici';
import { isRodeoError } from '../config/index.js';
import { canonicalManifest, type Manifest } from '../protocol/index.js';
import { endpointOrigin } from './endpoint-guard.js';
import { ValidatorErrors } from './errors.js';
import { MANIFEST_BOUNDS, parseManifest } from './manifest-parse.js';
import { addressRefusal, checkedAddresses, minerDispatcher, type Resolve } from './miner-connector.js';
import type { ManifestReveal } from './record-types.js';

/**
 * sha256 (hex) of a manifest's canonical JSON (keys sorted at every level, no whitespace). Only for a
 * manifest that passed parseManifest (shallow and schema-valid): canonicalising recurses.
 */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256')
    .update(canonicalManifest(value as Manifest), 'utf8')
    .digest('hex');
}

/**
 * Fetches the submission manifest a miner reveals at GET {endpoint}/v1/submission and hashes it. Never
 * throws: every failure is a reason in the result (with its code when it has one), recorded in the ledger
 * as observed. Only a schema-valid manifest is kept; of anything else only a short hash is.
 */
/** A miner's name server may never answer: the round does not wait for it past the reveal deadline. */
function withinMs<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function fetchReveal(
  endpoint: string,
  options: { allowPrivate: boolean; timeoutMs: number; resolve?: Resolve },
): Promise<ManifestReveal> {
  const fail = (error: string, code?: string): ManifestReveal => ({
    ok: false,
    manifest: undefined,
    hash: undefined,
    error,
    ...(code ? { code } : {}),
  });
  const failWith = (err: unknown, url: string): ManifestReveal => {
    const named = addressRefusal(err) ?? (isRodeoError(err) ? err : undefined);
    const e =
      named ??
      ValidatorErrors.MANIFEST_UNREACHABLE(url, String((err as Error)?.message ?? err).slice(0, 200));
    return fail(e.message, e.code);
  };
  let origin: URL;
  try {
    origin = endpointOrigin(endpoint);
    // an early, named refusal; the connection checks again the address it actually connects to
    await withinMs(checkedAddresses(origin.hostname, options), options.timeoutMs, () =>
      ValidatorErrors.MANIFEST_UNREACHABLE(
        endpoint,
        `resolving ${origin.hostname} took over ${options.timeoutMs} ms`,
      ),
    );
  } catch (err) {
    return failWith(err, endpoint);
  }
  const url = `${origin.origin}/v1/submission`;
  const dispatcher = minerDispatcher(options);
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MANIFEST_BOUNDS.bytes) {
        res.body.destroy();
        throw ValidatorErrors.MANIFEST_TOO_LARGE(url, MANIFEST_BOUNDS.bytes);
      }
      parts.push(chunk as Buffer);
    }
    if (res.statusCode !== 200) {
      const e = ValidatorErrors.MANIFEST_HTTP_STATUS(url, res.statusCode);
      return fail(e.message, e.code);
    }
    const manifest = parseManifest(Buffer.concat(parts), url);
    return {
      ok: true,
      manifest: manifest as Record<string, unknown>,
      hash: canonicalSha256(manifest),
      error: undefined,
    };
  } catch (err) {
    return failWith(err, url);
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}
