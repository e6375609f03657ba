import { createHash } from 'node:crypto';
import { decodeAddress } from '@polkadot/util-crypto';
import { stringify } from 'safe-stable-stringify';
import { z } from 'zod';

/** Licenses the competition accepts (SPDX ids of MIT, Apache 2.0, GPL v3, BSD 3-Clause, AGPL v3). */
export const LICENSES = [
  'MIT',
  'Apache-2.0',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'BSD-3-Clause',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
] as const;

const ss58 = z.string().refine((s) => {
  try {
    decodeAddress(s);
    return true;
  } catch {
    return false;
  }
}, 'expected an SS58 address');

const url = z.string().regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL');
/** Where validators reach the miner: an origin only, as they refuse endpoints with more (no path, query, credentials). */
const origin = z
  .string()
  .regex(
    /^https?:\/\/[^\s/?#@\\]+\/?$/,
    'expected an origin: http(s)://host[:port], no path, query or credentials',
  );

const ComponentSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1).optional(),
    builderHotkey: ss58,
    builderColdkey: ss58,
    share: z.number().gt(0).max(1),
  })
  .strict();

/**
 * The submission manifest a miner commits to (its sha256 goes on chain as a Sha256 commitment) and
 * reveals at GET /v1/submission. Field names match the miner.submission.* settings.
 */
export const ManifestSchema = z
  .object({
    v: z.literal(1),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 letters, digits, . _ -'),
    image: z
      .string()
      .regex(
        /^[^\s@]+@sha256:[0-9a-f]{64}$/,
        'expected an image pinned by digest: repo[:tag]@sha256:<64 hex>',
      ),
    sourceUrl: url,
    sourceCommit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'expected a full git commit hash'),
    license: z.enum(LICENSES),
    endpoint: origin,
    hotkey: ss58.optional(),
    description: z.string().min(100).max(500).optional(),
    components: z
      .array(ComponentSchema)
      .refine(
        (c) => c.reduce((sum, x) => sum + x.share, 0) <= 1 + 1e-9,
        'component shares add up to more than 1',
      )
      .refine((c) => new Set(c.map((x) => x.name)).size === c.length, 'component names repeat'),
  })
  .strict();

export type Manifest = z.infer<typeof ManifestSchema>;

/** The canonical text of a manifest: JSON with keys sorted at every level, no whitespace. */
export function canonicalManifest(manifest: Manifest): string {
  return stringify(manifest);
}

/** sha256 (hex) of the canonical manifest: the value of the on-chain Sha256 commitment. */
export function manifestSha256(manifest: Manifest): string {
  return createHash('sha256').update(canonicalManifest(manifest), 'utf8').digest('hex');
}
