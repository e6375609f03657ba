import { DatasetErrors } from '../errors.js';
import { type ImageInfo, MAX_PIXELS } from './types.js';

const ImageError = DatasetErrors.BAD_IMAGE;

export interface JpegInfo extends ImageInfo {
  format: 'jpeg';
  components: number;
  progressive: boolean;
  /** Markers seen in order, e.g. ['SOI', 'APP0', 'DQT', 'SOF0', 'DHT', 'SOS', 'EOI']. */
  segments: string[];
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function name(m: number): string {
  if (SOF.has(m)) return `SOF${m - 0xc0}`;
  if (m >= 0xe0 && m <= 0xef) return `APP${m - 0xe0}`;
  const known: Record<number, string> = { 196: 'DHT', 204: 'DAC', 218: 'SOS', 219: 'DQT', 221: 'DRI' };
  return known[m] ?? (m === 0xfe ? 'COM' : `0x${m.toString(16)}`);
}

/**
 * Structural JPEG parse: walks every marker segment and every entropy-coded scan to EOI,
 * checking lengths, one frame header, its size and components, and the scans' component counts.
 * It does not run the Huffman/DCT decoder, so it says "well-formed", not "every pixel decodes".
 */
export function parseJpeg(bytes: Uint8Array): JpegInfo {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8)
    throw ImageError('jpeg', 'missing SOI marker');
  const segments = ['SOI'];
  let frame: { width: number; height: number; components: number; progressive: boolean } | undefined;
  let quantTables = 0;
  let scans = 0;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.length) throw ImageError('jpeg', 'ends before the EOI marker');
    if (bytes[pos] !== 0xff) throw ImageError('jpeg', `expected a marker at byte ${pos}`);
    while (bytes[pos] === 0xff) pos++; // fill bytes
    const marker = bytes[pos++];
    if (marker === undefined) throw ImageError('jpeg', 'ends inside a marker');
    if (marker === 0xd9) {
      segments.push('EOI');
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd8 || marker === 0x00)
      throw ImageError('jpeg', `unexpected marker 0x${marker.toString(16)}`);
    if (pos + 2 > bytes.length) throw ImageError('jpeg', 'ends inside a segment length');
    const len = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (len < 2 || pos + len > bytes.length)
      throw ImageError('jpeg', `segment ${name(marker)} has a bad length`);
    const seg = bytes.subarray(pos + 2, pos + len);
    segments.push(name(marker));
    if (SOF.has(marker)) {
      if (frame) throw ImageError('jpeg', 'more than one frame header');
      if (seg.length < 6) throw ImageError('jpeg', 'short frame header');
      const components = seg[5]!;
      if (components < 1 || components > 4 || seg.length !== 6 + 3 * components) {
        throw ImageError('jpeg', 'frame header component count does not match its length');
      }
      const height = (seg[1]! << 8) | seg[2]!;
      const width = (seg[3]! << 8) | seg[4]!;
      if (width === 0 || height === 0) throw ImageError('jpeg', 'zero width or height');
      if (width * height > MAX_PIXELS) throw ImageError('jpeg', 'image too large');
      frame = { width, height, components, progressive: marker === 0xc2 || marker === 0xca };
    } else if (marker === 0xdb) {
      quantTables++;
    } else if (marker === 0xda) {
      if (!frame) throw ImageError('jpeg', 'scan before the frame header');
      const ns = seg[0] ?? 0;
      if (ns < 1 || ns > 4 || seg.length !== 4 + 2 * ns) throw ImageError('jpeg', 'bad scan header');
      scans++;
      pos += len;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (pos < bytes.length) {
        if (bytes[pos] === 0xff) {
          const next = bytes[pos + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            pos += 2;
            continue;
          }
          if (next === 0xff) {
            pos++;
            continue;
          }
          break;
        }
        pos++;
      }
      continue;
    }
    pos += len;
  }
  if (!frame) throw ImageError('jpeg', 'no frame header (SOF)');
  if (quantTables === 0) throw ImageError('jpeg', 'no quantization table (DQT)');
  if (scans === 0) throw ImageError('jpeg', 'no scan (SOS)');
  return {
    format: 'jpeg',
    width: frame.width,
    height: frame.height,
    components: frame.components,
    progressive: frame.progressive,
    segments,
  };
}
