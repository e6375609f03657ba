import { Canvas, type ColorName } from './canvas.js';

export type ShapeKind = 'circle' | 'square' | 'triangle';

export interface Shape {
  kind: ShapeKind;
  color: ColorName;
  /** Top-left of the shape's bounding box. */
  x: number;
  y: number;
  size: number;
}

/** Shapes on a white background. */
export function drawShapes(width: number, height: number, shapes: readonly Shape[]): Canvas {
  const c = new Canvas(width, height);
  for (const s of shapes) {
    if (s.kind === 'circle') c.circle(s.x + s.size / 2, s.y + s.size / 2, s.size / 2, s.color);
    else if (s.kind === 'square') c.rect(s.x, s.y, s.size, s.size, s.color);
    else c.triangle(s.x, s.y, s.size, s.color);
  }
  return c;
}

/**
 * Lays out `kinds.length` shapes left to right in one row of equal cells (each shape centred in
 * its cell): what generated counting/ordering tasks draw.
 */
export function shapeRow(
  kinds: readonly { kind: ShapeKind; color: ColorName }[],
  cell = 48,
  margin = 8,
): { canvas: Canvas; shapes: Shape[] } {
  const size = cell - 2 * margin;
  const shapes = kinds.map((k, i) => ({ ...k, x: i * cell + margin, y: margin, size }));
  return { canvas: drawShapes(kinds.length * cell, cell, shapes), shapes };
}

/** Shapes on a grid (row-major), `columns` per row. */
export function shapeGrid(
  kinds: readonly { kind: ShapeKind; color: ColorName }[],
  columns: number,
  cell = 40,
  margin = 7,
): { canvas: Canvas; shapes: Shape[] } {
  const rows = Math.ceil(kinds.length / columns);
  const size = cell - 2 * margin;
  const shapes = kinds.map((k, i) => ({
    ...k,
    x: (i % columns) * cell + margin,
    y: Math.floor(i / columns) * cell + margin,
    size,
  }));
  return { canvas: drawShapes(columns * cell, rows * cell, shapes), shapes };
}

/**
 * A vertical bar chart: bars of `values` (0..max) with their labels under them in the bitmap font
 * and a baseline; the value is written above each bar when `showValues`.
 */
export function barChart(
  labels: readonly string[],
  values: readonly number[],
  colors: readonly ColorName[],
  options: { max?: number; showValues?: boolean } = {},
): Canvas {
  const max = options.max ?? Math.max(...values);
  const barW = 32;
  const gap = 16;
  const plotH = 100;
  const top = options.showValues ? 22 : 8;
  const width = gap + labels.length * (barW + gap);
  const height = top + plotH + 24;
  const c = new Canvas(width, height);
  c.rect(gap / 2, top + plotH, width - gap, 2, 'black');
  labels.forEach((label, i) => {
    const x = gap + i * (barW + gap);
    const h = Math.round((values[i]! / max) * plotH);
    c.rect(x, top + plotH - h, barW, h, colors[i % colors.length]!);
    const lw = Canvas.textWidth(label, 2);
    c.text(x + Math.round((barW - lw) / 2), top + plotH + 6, label, 2, 'black');
    if (options.showValues) {
      const v = String(values[i]);
      c.text(x + Math.round((barW - Canvas.textWidth(v, 1)) / 2), top + plotH - h - 10, v, 1, 'black');
    }
  });
  return c;
}

/** Text lines in the bitmap font, centred, on a white card with a border. */
export function textCard(lines: readonly string[], scale = 3, color: ColorName = 'black'): Canvas {
  const pad = 4 * scale;
  const lineH = Canvas.textHeight(scale) + 3 * scale;
  const width = Math.max(...lines.map((l) => Canvas.textWidth(l, scale))) + 2 * pad;
  const height = lines.length * lineH - 3 * scale + 2 * pad;
  const c = new Canvas(width, height);
  c.rect(0, 0, width, 2, 'gray')
    .rect(0, height - 2, width, 2, 'gray')
    .rect(0, 0, 2, height, 'gray')
    .rect(width - 2, 0, 2, height, 'gray');
  lines.forEach((line, i) => {
    c.text(Math.round((width - Canvas.textWidth(line, scale)) / 2), pad + i * lineH, line, scale, color);
  });
  return c;
}
