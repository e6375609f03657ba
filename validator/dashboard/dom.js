// DOM helpers. Text is only ever set with text nodes: miner output and names are untrusted,
// so nothing here (or anywhere in the dashboard) assigns innerHTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('a', { href: '#/' }, 'text', otherNode): an HTML element; strings become text nodes. */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

/** The same for SVG elements. */
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.hint = body?.error?.hint;
  }
}

async function readJson(res) {
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

export const getJson = (path) => fetch(path, { headers: { accept: 'application/json' } }).then(readJson);

export const postJson = (path, body) =>
  fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }).then(readJson);

export const fmt = {
  score: (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(1) : '—'),
  percent: (x) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '—'),
  tao: (rao) =>
    typeof rao === 'number' ? `${(rao / 1e9).toLocaleString('en-US', { maximumFractionDigits: 3 })} τ` : '—',
  int: (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '—'),
  short: (key) =>
    typeof key === 'string' && key.length > 12 ? `${key.slice(0, 5)}…${key.slice(-4)}` : (key ?? '—'),
  /** Date and time to the minute, in UTC (rounds come more than once a day: a date alone is ambiguous). */
  date: (iso) => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—'),
  day: (iso) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—'),
  /** HH:MM in UTC. */
  clock: (iso) => (iso ? new Date(iso).toISOString().slice(11, 16) : '—'),
  /** "4 days", "3 h", "12 min" since an ISO time. */
  since(iso, now = Date.now()) {
    if (!iso) return '—';
    const minutes = Math.max(0, (now - Date.parse(iso)) / 60_000);
    if (minutes < 60) return `${Math.round(minutes)} min`;
    if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
    return `${Math.round(minutes / 1440)} days`;
  },
  ms: (ms) =>
    typeof ms !== 'number' ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`,
};

const copyIcon = () =>
  s(
    'svg',
    { viewBox: '0 0 16 16', width: 13, height: 13, 'aria-hidden': 'true', focusable: 'false' },
    s('rect', {
      x: 5.5,
      y: 5.5,
      width: 8,
      height: 8,
      rx: 1.5,
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.5,
    }),
    s('path', {
      d: 'M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.5,
    }),
  );

/** A shortened key with the full value on hover and a copy button. */
export function keyChip(key, label = 'hotkey') {
  if (!key) return h('span', { class: 'muted' }, '—');
  const button = h(
    'button',
    {
      type: 'button',
      class: 'copy',
      'aria-label': `Copy ${label} ${key}`,
      title: 'Copy',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(key);
          button.dataset.done = '1';
          setTimeout(() => delete button.dataset.done, 1200);
        } catch {
          window.prompt(`Copy the ${label}:`, key);
        }
      },
    },
    copyIcon(),
  );
  return h('span', { class: 'key' }, h('code', { title: key }, fmt.short(key)), button);
}

// Addresses in texts that come from miners or name their servers: scheme://..., or a bare host:port.
const ADDRESS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+|\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}\b/gi;
/** Keys and hashes long enough to wrap a table cell over several lines: SS58 addresses, hex hashes. */
const LONG_KEY = /\b(?:0x[0-9a-f]{16,}|[0-9a-f]{32,}|[1-9A-HJ-NP-Za-km-z]{40,60})\b/gi;

/** An error text with every URL and host:port replaced: the dashboard never shows where a miner's servers live. */
export const redactUrls = (text) => String(text ?? '').replace(ADDRESS, '[address hidden]');

/**
 * Text from the ledger or a miner, for display: addresses hidden, long keys and hashes shortened with a copy
 * button (keyChip). Returns nodes and strings for h().
 */
export function richText(text) {
  const clean = redactUrls(text);
  const out = [];
  let last = 0;
  for (const m of clean.matchAll(LONG_KEY)) {
    if (m.index > last) out.push(clean.slice(last, m.index));
    const key = m[0];
    out.push(keyChip(key, /^(0x)?[0-9a-f]+$/i.test(key) ? 'hash' : 'key'));
    last = m.index + key.length;
  }
  if (last < clean.length) out.push(clean.slice(last));
  return out;
}

export const card = (label, value, note) =>
  h(
    'div',
    { class: 'card' },
    h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value' }, value),
    note ? h('div', { class: 'card-note' }, note) : null,
  );

/** A 0..100 score with a thin bar behind it. */
export const scoreBar = (x) =>
  h(
    'span',
    { class: 'bar' },
    h('span', { class: 'bar-fill', style: { width: `${Math.max(0, Math.min(100, x ?? 0))}%` } }),
    h('span', { class: 'bar-text' }, fmt.score(x)),
  );

export function errorBox(err) {
  return h(
    'div',
    { class: 'alert', role: 'alert' },
    h('strong', {}, redactUrls(err.message ?? String(err))),
    err.hint ? h('div', { class: 'muted' }, err.hint) : null,
  );
}

export const section = (title, ...children) =>
  h('section', { class: 'panel' }, h('h2', {}, title), ...children);

/** A table head; labels listed in `numeric` are right-aligned like their cells. */
export const thead = (labels, numeric = []) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      labels.map((t) => h('th', { scope: 'col', class: numeric.includes(t) ? 'num' : undefined }, t)),
    ),
  );
