import { crc32, inflateSync } from 'node:zlib';
import { DatasetErrors } from '../errors.js';
import { zlibCompress } from './deflate.js';
import { type ImageInfo, MAX_PIXELS } from './types.js';

const ImageError = DatasetErrors.BAD_IMAGE;

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function ihdr(width: number, height: number, colorType: number): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  d[8] = 8;
  d[9] = colorType;
  return d;
}

function assemble(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Each row prefixed with filter type 0 (None); our LZ77 finds the vertical repeats itself. */
function rows(width: number, height: number, bpp: number, pixels: Uint8Array): Uint8Array {
  const stride = width * bpp;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return raw;
}

/** 8-bit palette PNG (colour type 3); `indices` holds one palette index per pixel, row-major. */
export function encodePngIndexed(
  width: number,
  height: number,
  palette: readonly (readonly [number, number, number])[],
  indices: Uint8Array,
): Uint8Array {
  const plte = new Uint8Array(palette.length * 3);
  palette.forEach((c, i) => {
    plte.set(c, i * 3);
  });
  return assemble([
    SIGNATURE,
    chunk('IHDR', ihdr(width, height, 3)),
    chunk('PLTE', plte),
    chunk('IDAT', zlibCompress(rows(width, height, 1, indices))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** 8-bit RGBA PNG (colour type 6). */
export function encodePngRgba(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return assemble([
    SIGNATURE,
    chunk('IHDR', ihdr(width, height, 6)),
    chunk('IDAT', zlibCompress(rows(width, height, 4, rgba))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export interface DecodedPng extends ImageInfo {
  format: 'png';
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** 8-bit RGBA, row-major. */
  rgba: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
// Adam7 passes: x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters of one (sub)image in place; returns the offset after it. */
function unfilter(data: Uint8Array, offset: number, rowBytes: number, height: number, bpp: number): number {
  let prior: Uint8Array | undefined;
  for (let y = 0; y < height; y++) {
    if (offset + 1 + rowBytes > data.length)
      throw ImageError('png', 'image data is shorter than its header says');
    const filter = data[offset]!;
    const row = data.subarray(offset + 1, offset + 1 + rowBytes);
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? row[x - bpp]! : 0;
      const b = prior ? prior[x]! : 0;
      const c = prior && x >= bpp ? prior[x - bpp]! : 0;
      switch (filter) {
        case 0:
          break;
        case 1:
          row[x] = (row[x]! + a) & 0xff;
          break;
        case 2:
          row[x] = (row[x]! + b) & 0xff;
          break;
        case 3:
          row[x] = (row[x]! + ((a + b) >> 1)) & 0xff;
          break;
        case 4:
          row[x] = (row[x]! + paeth(a, b, c)) & 0xff;
          break;
        default:
          throw ImageError('png', `unknown filter type ${filter} in row ${y}`);
      }
    }
    prior = row;
    offset += 1 + rowBytes;
  }
  return offset;
}

/** Full PNG decode (all colour types, bit depths and Adam7), checking every chunk's CRC. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw ImageError('png', 'bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw ImageError('png', `truncated chunk at byte ${pos}`);
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw ImageError('png', `invalid chunk type at byte ${pos}`);
    if (pos + 12 + len > bytes.length) throw ImageError('png', `chunk ${type} runs past the end of the file`);
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + len)) !== view.getUint32(pos + 8 + len)) {
      throw ImageError('png', `CRC mismatch in chunk ${type}`);
    }
    if (!header && type !== 'IHDR') throw ImageError('png', 'first chunk is not IHDR');
    if (type === 'IHDR') {
      if (header || len !== 13) throw ImageError('png', 'bad IHDR');
      const dv = new DataView(data.buffer, data.byteOffset, 13);
      header = {
        width: dv.getUint32(0),
        height: dv.getUint32(4),
        depth: data[8]!,
        type: data[9]!,
        interlace: data[12]!,
      };
      if (!DEPTHS[header.type]?.includes(header.depth)) {
        throw ImageError('png', `invalid colour type ${header.type} / bit depth ${header.depth}`);
      }
      if (data[10] !== 0 || data[11] !== 0 || header.interlace > 1) {
        throw ImageError('png', 'unknown compression, filter or interlace method');
      }
      if (header.width === 0 || header.height === 0) throw ImageError('png', 'zero width or height');
      if (header.width * header.height > MAX_PIXELS) throw ImageError('png', 'image too large');
    } else if (type === 'PLTE') {
      if (len % 3 !== 0 || len === 0 || len > 768) throw ImageError('png', 'bad PLTE length');
      palette = data;
    } else if (type === 'tRNS') {
      trns = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      pos += 12 + len;
      break;
    } else if ((bytes[pos + 4]! & 0x20) === 0) {
      throw ImageError('png', `unknown critical chunk ${type}`);
    }
    pos += 12 + len;
  }
  if (!header) throw ImageError('png', 'missing IHDR');
  if (!ended) throw ImageError('png', 'missing IEND');
  if (idat.length === 0) throw ImageError('png', 'missing IDAT');
  if (header.type === 3 && !palette) throw ImageError('png', 'palette image without PLTE');
  const { width, height, depth, type, interlace } = header;
  const channels = CHANNELS[type]!;
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes =
    interlace === 1
      ? ADAM7.map(([x0, y0, dx, dy]) => ({
          x0,
          y0,
          dx,
          dy,
          w: Math.ceil((width - x0) / dx),
          h: Math.ceil((height - y0) / dy),
        })).filter((p) => p.w > 0 && p.h > 0)
      : [{ x0: 0, y0: 0, dx: 1, dy: 1, w: width, h: height }];
  const expected = passes.reduce((s, p) => s + p.h * (1 + Math.ceil((p.w * bitsPerPixel) / 8)), 0);
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(inflateSync(Buffer.concat(idat), { maxOutputLength: Math.max(expected, 1) + 1 }));
  } catch (err) {
    throw ImageError('png', `image data does not inflate: ${(err as Error).message}`);
  }
  if (raw.length < expected) throw ImageError('png', 'image data is shorter than its header says');
  const rgba = new Uint8Array(width * height * 4);
  const maxSample = (1 << depth) - 1;
  // per-pixel readers, made once per image (closures inside the pixel loop cost more than the decode)
  const raw16 = (row: Uint8Array, x: number, ch: number) =>
    (row[(x * channels + ch) * 2]! << 8) | row[(x * channels + ch) * 2 + 1]!;
  const sample = (row: Uint8Array, x: number, ch: number): number => {
    if (depth === 8) return row[x * channels + ch]!;
    if (depth === 16) return Math.round(raw16(row, x, ch) / 257);
    const bit = x * depth;
    return (row[bit >> 3]! >> (8 - depth - (bit & 7))) & maxSample;
  };
  const scale = (v: number) => (depth >= 8 ? v : Math.round((v * 255) / maxSample));
  const greyKey = trns?.length === 2 ? (trns[0]! << 8) | trns[1]! : undefined;
  const rgbKey = trns?.length === 6 ? new DataView(trns.buffer, trns.byteOffset, 6) : undefined;
  let offset = 0;
  for (const p of passes) {
    const rowBytes = Math.ceil((p.w * bitsPerPixel) / 8);
    const start = offset;
    offset = unfilter(raw, offset, rowBytes, p.h, bpp);
    for (let y = 0; y < p.h; y++) {
      const row = raw.subarray(start + y * (rowBytes + 1) + 1, start + (y + 1) * (rowBytes + 1));
      for (let x = 0; x < p.w; x++) {
        const o = ((p.y0 + y * p.dy) * width + p.x0 + x * p.dx) * 4;
        let r: number;
        let g: number;
        let b: number;
        let a = 255;
        if (type === 3) {
          const idx = sample(row, x, 0);
          if (idx * 3 + 2 >= palette!.length) throw ImageError('png', `palette index ${idx} out of range`);
          r = palette![idx * 3]!;
          g = palette![idx * 3 + 1]!;
          b = palette![idx * 3 + 2]!;
          if (trns && idx < trns.length) a = trns[idx]!;
        } else if (type === 0 || type === 4) {
          r = g = b = scale(sample(row, x, 0));
          if (type === 4) a = sample(row, x, 1);
          else if (greyKey !== undefined && (depth === 16 ? raw16(row, x, 0) : sample(row, x, 0)) === greyKey)
            a = 0;
        } else {
          r = sample(row, x, 0);
          g = sample(row, x, 1);
          b = sample(row, x, 2);
          if (type === 6) a = sample(row, x, 3);
          else if (rgbKey) {
            const match =
              depth === 16
                ? raw16(row, x, 0) === rgbKey.getUint16(0) &&
                  raw16(row, x, 1) === rgbKey.getUint16(2) &&
                  raw16(row, x, 2) === rgbKey.getUint16(4)
                : r === rgbKey.getUint16(0) && g === rgbKey.getUint16(2) && b === rgbKey.getUint16(4);
            if (match) a = 0;
          }
        }
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = a;
      }
    }
  }
  return {
    format: 'png',
    width,
    height,
    bitDepth: depth,
    colorType: type,
    interlaced: interlace === 1,
    rgba,
  };
}
