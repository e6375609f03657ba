import { createHash } from 'node:crypto';
import { type Manifest, ManifestSchema } from '../protocol/index.js';
import { ValidatorErrors } from './errors.js';

/**
 * Bounds on the manifest bytes a miner serves, checked before anything parses deeply, canonicalises or
 * hashes them. Every schema-valid manifest is far inside them (depth 3: object, components, component;
 * at most 10 keys per object; 64 KiB holds fewer than 500 components), so they refuse nothing a miner's
 * own `rodeo miner manifest` accepts.
 */
export const MANIFEST_BOUNDS = {
  bytes: 64 * 1024,
  depth: 8,
  keysPerObject: 64,
  itemsPerArray: 1024,
} as const;

/** First 16 hex characters of the sha256 of what was received: enough to tell answers apart, nothing more. */
export function receivedHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/**
 * Why JSON text goes past the bounds, or undefined when it stays inside them. One pass, no recursion:
 * tracks strings (so brackets inside them do not count), nesting depth and the entries of each open
 * container. It does not validate JSON; JSON.parse does that afterwards on text known to be shallow.
 */
export function jsonBoundsViolation(
  text: string,
  bounds: Omit<typeof MANIFEST_BOUNDS, 'bytes'>,
): string | undefined {
  const open: { array: boolean; entries: number }[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      const top = open.at(-1);
      if (top && top.entries === 0) top.entries = 1;
    } else if (c === 0x7b || c === 0x5b) {
      const top = open.at(-1);
      if (top && top.entries === 0) top.entries = 1;
      if (open.length >= bounds.depth) return `nested deeper than ${bounds.depth} levels`;
      open.push({ array: c === 0x5b, entries: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    } else if (c === 0x2c) {
      const top = open.at(-1);
      if (top) {
        top.entries++;
        const limit = top.array ? bounds.itemsPerArray : bounds.keysPerObject;
        if (top.entries > limit)
          return `more than ${limit} ${top.array ? 'items in an array' : 'keys in an object'}`;
      }
    } else if (c > 0x20) {
      const top = open.at(-1);
      if (top && top.entries === 0) top.entries = 1;
    }
  }
  return undefined;
}

/**
 * Reads the manifest bytes a miner served at `url`: bounded (MANIFEST_BOUNDS), JSON, an object, valid
 * under ManifestSchema. Throws a named VALIDATOR_MANIFEST_* error naming the first problem and a short
 * hash of what was received; never a RangeError, whatever the bytes.
 */
export function parseManifest(bytes: Uint8Array, url: string): Manifest {
  const received = receivedHash(bytes);
  if (bytes.length > MANIFEST_BOUNDS.bytes)
    throw ValidatorErrors.MANIFEST_TOO_LARGE(url, MANIFEST_BOUNDS.bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const violation = jsonBoundsViolation(text, MANIFEST_BOUNDS);
  if (violation) throw ValidatorErrors.MANIFEST_BOUNDS(url, violation, received);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // the parser's message may quote the bytes; the record keeps only their hash
    throw ValidatorErrors.MANIFEST_NOT_JSON(url, 'not JSON', received);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ValidatorErrors.MANIFEST_NOT_JSON(
      url,
      `got ${Array.isArray(value) ? 'an array' : typeof value}`,
      received,
    );
  }
  const valid = ManifestSchema.safeParse(value);
  if (!valid.success) {
    const issues = valid.error.issues;
    const problems = issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.').slice(0, 60) || '(root)'}: ${i.message.slice(0, 120)}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    throw ValidatorErrors.MANIFEST_INVALID(url, `${problems}${more}`, received);
  }
  // the object as served (not zod's copy): its canonical JSON is what the miner hashed and committed
  return value as Manifest;
}
