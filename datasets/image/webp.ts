import { DatasetErrors } from '../errors.js';
import { type ImageInfo, MAX_PIXELS } from './types.js';

const ImageError = DatasetErrors.BAD_IMAGE;

export interface WebpInfo extends ImageInfo {
  format: 'webp';
  kind: 'lossy' | 'lossless' | 'extended';
  animated: boolean;
  chunks: string[];
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

const u24 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);

function vp8(data: Uint8Array): { width: number; height: number } {
  if (data.length < 10) throw ImageError('webp', 'short VP8 chunk');
  const tag = u24(data, 0);
  if (tag & 1) throw ImageError('webp', 'VP8 data is not a key frame');
  const partition = (tag >> 5) & 0x7ffff;
  if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a)
    throw ImageError('webp', 'bad VP8 start code');
  if (10 + partition > data.length) throw ImageError('webp', 'VP8 first partition runs past the chunk');
  return { width: (data[6]! | (data[7]! << 8)) & 0x3fff, height: (data[8]! | (data[9]! << 8)) & 0x3fff };
}

function vp8l(data: Uint8Array): { width: number; height: number } {
  if (data.length < 5 || data[0] !== 0x2f) throw ImageError('webp', 'bad VP8L signature');
  const bits = data[1]! | (data[2]! << 8) | (data[3]! << 16) | (data[4]! << 24);
  if (bits >>> 29 !== 0) throw ImageError('webp', 'unknown VP8L version');
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

/** Structural WebP parse: the RIFF container, every chunk's bounds, and the image header of VP8/VP8L/VP8X. */
export function parseWebp(bytes: Uint8Array): WebpInfo {
  if (bytes.length < 20 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WEBP') {
    throw ImageError('webp', 'not a RIFF WEBP file');
  }
  const riffSize = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  if (riffSize + 8 !== bytes.length) throw ImageError('webp', 'RIFF size does not match the file length');
  const chunks: string[] = [];
  let size: { width: number; height: number } | undefined;
  let canvas: { width: number; height: number } | undefined;
  let kind: WebpInfo['kind'] | undefined;
  let animated = false;
  let hasImage = false;
  let pos = 12;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) throw ImageError('webp', `truncated chunk header at byte ${pos}`);
    const id = fourcc(bytes, pos);
    const len =
      (bytes[pos + 4]! | (bytes[pos + 5]! << 8) | (bytes[pos + 6]! << 16) | (bytes[pos + 7]! << 24)) >>> 0;
    if (pos + 8 + len > bytes.length) throw ImageError('webp', `chunk ${id} runs past the end of the file`);
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (chunks.length === 0 && id !== 'VP8 ' && id !== 'VP8L' && id !== 'VP8X') {
      throw ImageError('webp', `first chunk is ${JSON.stringify(id)}, expected VP8, VP8L or VP8X`);
    }
    chunks.push(id.trim());
    if (id === 'VP8X') {
      if (len < 10) throw ImageError('webp', 'short VP8X chunk');
      kind = 'extended';
      animated = (data[0]! & 0x02) !== 0;
      canvas = { width: u24(data, 4) + 1, height: u24(data, 7) + 1 };
    } else if (id === 'VP8 ' || id === 'VP8L') {
      const dims = id === 'VP8 ' ? vp8(data) : vp8l(data);
      kind ??= id === 'VP8 ' ? 'lossy' : 'lossless';
      size ??= dims;
      hasImage = true;
    } else if (id === 'ANMF') {
      if (len < 16) throw ImageError('webp', 'short ANMF chunk');
      hasImage = true;
    }
    pos += 8 + len + (len & 1);
  }
  if (pos !== bytes.length) throw ImageError('webp', 'chunk padding runs past the end of the file');
  if (!hasImage) throw ImageError('webp', 'no image data chunk (VP8, VP8L or ANMF)');
  const dims = canvas ?? size!;
  if (dims.width === 0 || dims.height === 0) throw ImageError('webp', 'zero width or height');
  if (dims.width * dims.height > MAX_PIXELS) throw ImageError('webp', 'image too large');
  return { format: 'webp', width: dims.width, height: dims.height, kind: kind!, animated, chunks };
}
