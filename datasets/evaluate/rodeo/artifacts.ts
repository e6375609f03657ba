import { COLORS, type ColorName } from '../../image/canvas.js';
import { findDataUrlImages, inspectImage } from '../../image/inspect.js';
import { validateSchema } from '../../json-schema.js';
import type { Task } from '../../task.js';

import { type Alternatives, canonical, codeBlock } from '../../text/extract.js';
import { checkAnswer, type Graded, withinTolerance } from './answers.js';

export interface PixelCheck {
  /** Position as a fraction of width/height (0..1). */
  x: number;
  y: number;
  color: ColorName;
}

export interface ImageSpec {
  width?: number;
  height?: number;
  /** Accepted formats (by magic bytes); default png, jpeg, webp. */
  formats?: string[];
  /** Colours at given points (checked on PNG, which we decode fully). */
  checks?: PixelCheck[];
}

const FORMAT_ALIASES: Record<string, string> = { jpg: 'jpeg' };

function colorDistance(rgba: Uint8Array, o: number, [r, g, b]: readonly number[]): number {
  return Math.hypot(rgba[o]! - r!, rgba[o + 1]! - g!, rgba[o + 2]! - b!);
}

/**
 * Whether /!\[[^\]]*\]\(https?:|https?:\/\/\S+\.(?:png|jpe?g|webp|gif)/i would match, in linear time (that
 * regex rescans to the end of the text from every "![" or "http" without a match, quadratic in a miner's text).
 */
function linksAnImage(content: string): boolean {
  // a markdown image: "![" then, at the first "]" after it, "(http:" or "(https:"
  let open = false;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === '!' && content[i + 1] === '[') open = true;
    else if (content[i] === ']') {
      if (open && /^\(https?:/i.test(content.slice(i + 1, i + 8))) return true;
      open = false;
    }
  }
  // an image URL: within one run of non-space characters, "http(s)://", one character or more, ".png" etc.
  for (const run of content.matchAll(/\S+/g)) {
    const start = /https?:\/\//i.exec(run[0]);
    if (!start) continue;
    const from = start.index + start[0].length + 1;
    for (const ext of run[0].matchAll(/\.(?:png|jpe?g|webp|gif)/gi)) if (ext.index >= from) return true;
  }
  return false;
}

/**
 * An image output: the reply must carry an inline image that decodes, in an accepted format and at
 * the requested size (else 0); pixel checks then give 0.2 + 0.8 * share passed.
 */
export function gradeImage(task: Task, content: string): Graded {
  const spec = (task.expected.image ?? {}) as ImageSpec;
  const janusFormats =
    typeof task.evaluation?.check_format === 'string' ? task.evaluation.check_format.split('|') : undefined;
  const formats = (spec.formats ?? janusFormats ?? ['png', 'jpeg', 'webp']).map(
    (f) => FORMAT_ALIASES[f.trim().toLowerCase()] ?? f.trim().toLowerCase(),
  );
  const images = findDataUrlImages(content);
  if (!images.length) {
    const linked = linksAnImage(content);
    return {
      score: 0,
      details: {
        reason: linked
          ? 'image is linked, not inline: return a data:image/...;base64 URL'
          : 'no image in the reply',
      },
    };
  }
  const seen = inspectImage(images[0]!.bytes);
  if (!seen.ok) return { score: 0, details: { reason: `image does not decode: ${seen.error}` } };
  const { info } = seen;
  const problems: string[] = [];
  if (!formats.includes(info.format))
    problems.push(`format ${info.format}, expected ${formats.join(' or ')}`);
  if (spec.width !== undefined && info.width !== spec.width)
    problems.push(`width ${info.width}, expected ${spec.width}`);
  if (spec.height !== undefined && info.height !== spec.height)
    problems.push(`height ${info.height}, expected ${spec.height}`);
  const details: Record<string, unknown> = { format: info.format, width: info.width, height: info.height };
  if (problems.length) return { score: 0, details: { ...details, reason: problems.join('; ') } };
  const checks = spec.checks ?? [];
  if (!checks.length) return { score: 1, details };
  if (!seen.png) return { score: 0.2, details: { ...details, reason: 'pixel checks need a PNG' } };
  const png = seen.png;
  const failed = checks.filter((c) => {
    const x = Math.min(png.width - 1, Math.floor(c.x * png.width));
    const y = Math.min(png.height - 1, Math.floor(c.y * png.height));
    return colorDistance(png.rgba, (y * png.width + x) * 4, COLORS[c.color]) > 80;
  });
  return {
    score: 0.2 + (0.8 * (checks.length - failed.length)) / checks.length,
    details: { ...details, pixelChecks: checks.length, failed },
  };
}

/** The JSON a reply returns: the whole reply, or its one fenced block. */
export function replyJson(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = content.trim();
  const candidates = [text, codeBlock(text, ['json'])?.code];
  for (const c of candidates) {
    if (c === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(c) };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, error: 'reply is not JSON (nor one ```json block)' };
}

function atPointer(value: unknown, pointer: string): unknown {
  if (!pointer) return value;
  let node = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export interface ValueCheck {
  pointer: string;
  equals?: unknown;
  accept?: Alternatives;
  number?: number;
  tolerance?: { abs?: number; rel?: number };
}

function valueOk(v: unknown, c: ValueCheck): boolean {
  if (c.number !== undefined)
    return typeof v === 'number' && withinTolerance(v, c.number, c.tolerance ?? { abs: 1e-6 });
  if (c.accept !== undefined) {
    return (
      typeof v === 'string' &&
      (Array.isArray(c.accept) ? c.accept : [c.accept]).some((a) => canonical(a) === canonical(v))
    );
  }
  return JSON.stringify(v) === JSON.stringify(c.equals);
}

/** Structured output: JSON that validates against the task's schema (else 0), then 0.4 + 0.6 * share of value checks passed. */
export function gradeStructured(task: Task, content: string): Graded {
  const schema = task.expected.schema;
  const parsed = replyJson(content);
  if (!parsed.ok) return { score: 0, details: { reason: parsed.error } };
  const errors = validateSchema(parsed.value, schema);
  if (errors.length)
    return { score: 0, details: { reason: 'does not match the schema', errors: errors.slice(0, 10) } };
  const checks = (Array.isArray(task.expected.values) ? task.expected.values : []) as ValueCheck[];
  if (!checks.length) return { score: 1, details: { valid: true } };
  const failed = checks.filter((c) => !valueOk(atPointer(parsed.value, c.pointer), c)).map((c) => c.pointer);
  return {
    score: 0.4 + (0.6 * (checks.length - failed.length)) / checks.length,
    details: { valid: true, failed },
  };
}

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim()));
}

const cellEq = (a: string, b: unknown) =>
  typeof b === 'number' ? Number(a.trim()) === b : canonical(a) === canonical(String(b));

export interface FileSpec {
  format: 'csv' | 'svg';
  columns?: string[];
  rows?: (string | number)[][];
  /** svg: elements that must be present, e.g. {tag: 'circle', fill: 'red'}. */
  elements?: { tag: string; fill?: string; count?: number }[];
}

function gradeCsv(spec: FileSpec, text: string): Graded {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  const columns = spec.columns ?? [];
  if (!header || header.length !== columns.length || !columns.every((c, i) => cellEq(header[i]!, c))) {
    return { score: 0, details: { reason: `header must be ${columns.join(',')}`, header: header ?? null } };
  }
  const expected = spec.rows ?? [];
  const missing = expected.filter(
    (r) => !body.some((b) => b.length === r.length && r.every((v, i) => cellEq(b[i]!, v))),
  );
  const found = expected.length - missing.length;
  const extra = Math.max(0, body.length - expected.length);
  return {
    score: (expected.length ? found / expected.length : 1) / (1 + extra),
    details: { rows: body.length, expectedRows: expected.length, missing, extraRows: extra },
  };
}

function gradeSvg(spec: FileSpec, text: string): Graded {
  // every tag ends at a '>': cut after the last one, so no '<' start scans to the end of a '>'-less tail
  // (quadratic in a miner's text); the matches are exactly those of the whole text
  const tagged = text.slice(0, text.lastIndexOf('>') + 1);
  const root = /<svg\b[^>]*>/i.exec(tagged);
  if (!root || !/<\/svg>\s*$/i.test(text.trim()))
    return { score: 0, details: { reason: 'not an <svg> document' } };
  const tags = [...tagged.matchAll(/<([a-z]+)\b([^>]*)>/gi)].map((m) => ({
    tag: m[1]!.toLowerCase(),
    attrs: m[2]!,
  }));
  const fillOf = (attrs: string) =>
    /\bfill\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1] ?? /fill\s*:\s*([^;"']+)/i.exec(attrs)?.[1];
  const wanted = spec.elements ?? [];
  const missing = wanted.filter((w) => {
    const n = tags.filter(
      (t) => t.tag === w.tag && (!w.fill || canonical(fillOf(t.attrs) ?? '') === canonical(w.fill)),
    ).length;
    return w.count === undefined ? n === 0 : n !== w.count;
  });
  return {
    score: wanted.length ? (wanted.length - missing.length) / wanted.length : 1,
    details: { missing },
  };
}

/** A file output: the reply's fenced block of the file's format (or the whole reply) must parse and hold the expected content. */
export function gradeFile(task: Task, content: string): Graded {
  const spec = task.expected.file as FileSpec | undefined;
  if (!spec) return { score: 0, details: { reason: 'task has no file spec' } };
  const text = codeBlock(content, [spec.format, spec.format === 'svg' ? 'xml' : 'text'])?.code ?? content;
  return spec.format === 'csv' ? gradeCsv(spec, text) : gradeSvg(spec, text);
}

/** Modality routing: an image request must get a decodable inline image; a text request an answer and no image. */
export function gradeRouting(task: Task, content: string): Graded {
  const behavior = task.expected.expected_behavior ?? task.evaluation?.expected_behavior;
  const hasImage = findDataUrlImages(content).some((i) => inspectImage(i.bytes).ok);
  if (behavior === 'generate_image')
    return hasImage ? { score: 1, details: { routed: 'image' } } : gradeImage(task, content);
  if (hasImage) return { score: 0, details: { reason: 'answered a text question with an image' } };
  return checkAnswer(content, task.expected);
}
