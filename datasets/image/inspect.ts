import { isRodeoError } from '../../config/index.js';
import { parseJpeg } from './jpeg.js';
import { type DecodedPng, decodePng } from './png.js';
import type { ImageFormat, ImageInfo } from './types.js';
import { parseWebp } from './webp.js';

/** Format from magic bytes (never from a file name or a data URL's label). */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
  return undefined;
}

export type Inspection =
  | { ok: true; info: ImageInfo; png: DecodedPng | undefined }
  | { ok: false; format: ImageFormat | undefined; error: string };

/** Decodes a PNG fully, or parses a JPEG/WebP structurally; never throws. */
export function inspectImage(bytes: Uint8Array): Inspection {
  const format = sniffFormat(bytes);
  try {
    if (format === 'png') {
      const png = decodePng(bytes);
      return { ok: true, info: { format, width: png.width, height: png.height }, png };
    }
    if (format === 'jpeg') {
      const { width, height } = parseJpeg(bytes);
      return { ok: true, info: { format, width, height }, png: undefined };
    }
    if (format === 'webp') {
      const { width, height } = parseWebp(bytes);
      return { ok: true, info: { format, width, height }, png: undefined };
    }
    return { ok: false, format, error: 'not a PNG, JPEG or WebP image' };
  } catch (err) {
    if (isRodeoError(err)) return { ok: false, format, error: err.message };
    throw err;
  }
}

export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

const DATA_URL = /data:image\/([a-z0-9.+-]+);base64,([A-Za-z0-9+/]+={0,2})/gi;

/** Every inline base64 image in a text, with its declared format label and its bytes. */
export function findDataUrlImages(text: string): { declared: string; bytes: Uint8Array }[] {
  const out: { declared: string; bytes: Uint8Array }[] = [];
  for (const m of text.matchAll(DATA_URL)) {
    out.push({ declared: m[1]!.toLowerCase(), bytes: new Uint8Array(Buffer.from(m[2]!, 'base64')) });
  }
  return out;
}
