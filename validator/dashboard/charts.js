// Charts drawn as inline SVG: a line chart over rounds and an event timing plot.
import { fmt, h, s } from './dom.js';

const PAD = { left: 48, right: 16, top: 14, bottom: 34 };

/** About `count` "nice" tick values; `cover` extends them to enclose [lo, hi], else they stay inside it. */
function ticks(lo, hi, count, cover = false) {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= raw) ?? raw;
  const first = (cover ? Math.floor(lo / step) : Math.ceil(lo / step)) * step;
  const last = cover ? Math.ceil(hi / step) * step : hi;
  const out = [];
  for (let v = first; v <= last + step * 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

const tickText = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function legend(items) {
  return h(
    'ul',
    { class: 'legend' },
    items.map((it) =>
      h(
        'li',
        {},
        h('span', {
          class: `swatch${it.dashed ? ' dashed' : ''}`,
          style: it.dashed ? { borderColor: it.color } : { background: it.color },
        }),
        it.name,
      ),
    ),
  );
}

/**
 * series: [{ name, color, dashed?, points: [{ x, y }] }]; x values are numbers (rounds, blocks).
 * Returns a figure with the SVG, a legend and a caption; every point has a hover title.
 */
export function lineChart({
  series,
  label,
  xLabel,
  yFormat = fmt.score,
  yTick = tickText,
  yMin,
  yMax,
  width = 1000,
  height = 280,
}) {
  const all = series.flatMap((se) => se.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const lo = yMin ?? Math.min(...ys);
  const hi = yMax ?? Math.max(...ys);
  const yTicks = ticks(lo, hi === lo ? lo + 1 : hi, 4, true);
  const y0 = yTicks[0];
  const y1 = yTicks.at(-1);
  const W = width - PAD.left - PAD.right;
  const H = height - PAD.top - PAD.bottom;
  const X = (x) => PAD.left + (x1 === x0 ? W / 2 : ((x - x0) / (x1 - x0)) * W);
  const Y = (y) => PAD.top + H - (y1 === y0 ? H / 2 : ((y - y0) / (y1 - y0)) * H);
  const xTicks = ticks(x0, x1, Math.min(8, Math.max(1, x1 - x0))).filter((x) => Number.isInteger(x));

  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label },
    s('title', {}, label),
    yTicks.map((t) =>
      s(
        'g',
        { class: 'grid' },
        s('line', { x1: PAD.left, x2: width - PAD.right, y1: Y(t), y2: Y(t) }),
        s('text', { x: PAD.left - 8, y: Y(t) + 4, 'text-anchor': 'end' }, yTick(t)),
      ),
    ),
    xTicks.map((t) =>
      s('text', { class: 'tick', x: X(t), y: height - PAD.bottom + 16, 'text-anchor': 'middle' }, String(t)),
    ),
    s('text', { class: 'axis-label', x: PAD.left + W / 2, y: height - 4, 'text-anchor': 'middle' }, xLabel),
    series.map((se) => {
      const pts = [...se.points].sort((a, b) => a.x - b.x);
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join('');
      return s(
        'g',
        { class: 'series', 'data-series': se.name },
        s('path', {
          d,
          fill: 'none',
          stroke: se.color,
          'stroke-width': 2.2,
          'stroke-dasharray': se.dashed ? '6 4' : undefined,
        }),
        pts.map((p) =>
          s(
            'circle',
            { cx: X(p.x), cy: Y(p.y), r: 3.2, fill: se.color },
            s('title', {}, `${se.name} · ${xLabel} ${p.x}: ${yFormat(p.y)}`),
          ),
        ),
      );
    }),
  );
  return h('figure', { class: 'figure' }, svg, legend(series));
}

/** Colours for bench EventKind chars (see bench/types.ts). */
export const EVENT_KINDS = {
  c: { name: 'content', color: '#2f6f8f' },
  r: { name: 'reasoning', color: '#c77d1a' },
  t: { name: 'tool call', color: '#7a4fa8' },
  k: { name: 'keep-alive', color: '#9a958c' },
  o: { name: 'role / empty', color: '#c9c3b8' },
  u: { name: 'usage', color: '#3a8f5a' },
  f: { name: 'finish', color: '#1d1b18' },
  e: { name: 'error', color: '#c0392b' },
  d: { name: '[DONE]', color: '#5b5650' },
};

/**
 * Event timing plot: every SSE event of one streamed answer on a time axis, a tick per event coloured by
 * kind, with a second lane showing the gap before each event (stalls stand out as tall bars).
 */
export function timingPlot(sample, { width = 1000, height = 200 } = {}) {
  const times = sample.times;
  const end = Math.max(...times, 1);
  const W = width - PAD.left - PAD.right;
  const X = (t) => PAD.left + (t / end) * W;
  const laneY = 26;
  const gapTop = 64;
  const gapH = height - gapTop - PAD.bottom;
  const gaps = times.map((t, i) => (i === 0 ? t : t - times[i - 1]));
  const maxGap = Math.max(...gaps, 1);
  const xTicks = ticks(0, end, 6);
  const kinds = [...new Set(sample.kinds)];
  const label = `Event timing for task ${sample.taskId}: ${times.length} events over ${fmt.ms(end)}`;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart timing', role: 'img', 'aria-label': label },
    s('title', {}, label),
    s('text', { class: 'lane-label', x: PAD.left - 8, y: laneY + 4, 'text-anchor': 'end' }, 'events'),
    s('text', { class: 'lane-label', x: PAD.left - 8, y: gapTop + 10, 'text-anchor': 'end' }, 'gap'),
    s('line', { class: 'baseline', x1: PAD.left, x2: width - PAD.right, y1: laneY, y2: laneY }),
    s('line', {
      class: 'baseline',
      x1: PAD.left,
      x2: width - PAD.right,
      y1: gapTop + gapH,
      y2: gapTop + gapH,
    }),
    xTicks.map((t) =>
      s(
        'g',
        { class: 'grid' },
        s('line', { x1: X(t), x2: X(t), y1: 10, y2: gapTop + gapH }),
        s('text', { x: X(t), y: height - PAD.bottom + 16, 'text-anchor': 'middle' }, fmt.ms(t)),
      ),
    ),
    sample.ttftMs === undefined || sample.ttftMs === null
      ? null
      : s(
          'g',
          { class: 'ttft' },
          s('line', { x1: X(sample.ttftMs), x2: X(sample.ttftMs), y1: 6, y2: gapTop + gapH }),
          s('text', { x: X(sample.ttftMs) + 4, y: 12 }, `first token ${fmt.ms(sample.ttftMs)}`),
        ),
    times.map((t, i) => {
      const kind = EVENT_KINDS[sample.kinds[i]] ?? EVENT_KINDS.o;
      const gh = (gaps[i] / maxGap) * gapH;
      return s(
        'g',
        { class: 'event', 'data-kind': sample.kinds[i] },
        s('rect', { x: X(t) - 1.5, y: laneY - 12, width: 3, height: 24, rx: 1, fill: kind.color }),
        s('rect', {
          x: X(t) - 1.5,
          y: gapTop + gapH - gh,
          width: 3,
          height: Math.max(gh, 0.5),
          fill: kind.color,
          opacity: 0.55,
        }),
        s('title', {}, `#${i + 1} ${kind.name} at ${fmt.ms(t)} (gap ${fmt.ms(gaps[i])})`),
      );
    }),
    s(
      'text',
      { class: 'axis-label', x: PAD.left + W / 2, y: height - 4, 'text-anchor': 'middle' },
      'time since the request',
    ),
  );
  return h(
    'figure',
    { class: 'figure' },
    svg,
    legend(
      kinds.map((k) => ({
        name: (EVENT_KINDS[k] ?? EVENT_KINDS.o).name,
        color: (EVENT_KINDS[k] ?? EVENT_KINDS.o).color,
      })),
    ),
  );
}
