import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.js';
import { encodePngIndexed } from './png.js';

export type Rgb = readonly [number, number, number];

/** Named colours we draw with: far apart, so a model (and our own checks) can tell them apart. */
export const COLORS = {
  white: [255, 255, 255],
  black: [0, 0, 0],
  red: [220, 30, 30],
  green: [30, 160, 50],
  blue: [30, 70, 220],
  yellow: [245, 210, 20],
  orange: [245, 135, 20],
  purple: [140, 50, 180],
  gray: [128, 128, 128],
} as const satisfies Record<string, Rgb>;
export type ColorName = keyof typeof COLORS;
export const COLOR_NAMES = Object.keys(COLORS) as ColorName[];

/** A palette image: one byte per pixel indexing `COLORS` in declaration order. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: ColorName = 'white',
  ) {
    this.pixels = new Uint8Array(width * height).fill(COLOR_NAMES.indexOf(background));
  }

  private set(x: number, y: number, c: number): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.pixels[y * this.width + x] = c;
  }

  colorAt(x: number, y: number): ColorName {
    return COLOR_NAMES[this.pixels[y * this.width + x]!]!;
  }

  rect(x: number, y: number, w: number, h: number, color: ColorName): this {
    const c = COLOR_NAMES.indexOf(color);
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.set(i, j, c);
    return this;
  }

  circle(cx: number, cy: number, r: number, color: ColorName): this {
    const c = COLOR_NAMES.indexOf(color);
    for (let j = Math.floor(cy - r); j <= Math.ceil(cy + r); j++) {
      for (let i = Math.floor(cx - r); i <= Math.ceil(cx + r); i++) {
        if ((i + 0.5 - cx) ** 2 + (j + 0.5 - cy) ** 2 <= r * r) this.set(i, j, c);
      }
    }
    return this;
  }

  /** An upward triangle inside the box (x, y, size, size). */
  triangle(x: number, y: number, size: number, color: ColorName): this {
    const c = COLOR_NAMES.indexOf(color);
    for (let j = 0; j < size; j++) {
      const half = ((j + 1) / size) * (size / 2);
      for (let i = 0; i < size; i++) if (Math.abs(i + 0.5 - size / 2) <= half) this.set(x + i, y + j, c);
    }
    return this;
  }

  /** Text in the 5x7 font, each font pixel drawn as a scale x scale block, one blank column between glyphs. */
  text(x: number, y: number, text: string, scale: number, color: ColorName): this {
    const c = COLOR_NAMES.indexOf(color);
    [...text].forEach((ch, k) => {
      const rows = glyph(ch);
      if (!rows) throw new Error(`character ${JSON.stringify(ch)} is not in the bitmap font`);
      const gx = x + k * (GLYPH_WIDTH + 1) * scale;
      rows.forEach((row, j) => {
        row.forEach((on, i) => {
          if (!on) return;
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale; dx++) this.set(gx + i * scale + dx, y + j * scale + dy, c);
        });
      });
    });
    return this;
  }

  static textWidth(text: string, scale: number): number {
    return text.length * (GLYPH_WIDTH + 1) * scale - scale;
  }

  static readonly textHeight = (scale: number) => GLYPH_HEIGHT * scale;

  toPng(): Uint8Array {
    return encodePngIndexed(this.width, this.height, Object.values(COLORS), this.pixels);
  }
}
