import type { RodeoError } from '../config/index.js';
import { BenchErrors } from './errors.js';

/** Bytes of a failed answer's body read for its error text. */
export const ERROR_BODY_LIMIT = 2048;

/**
 * Why a response head is no event stream, checked in this order: a content-encoding (read nothing), a status
 * other than 200 ('status': the caller reads up to ERROR_BODY_LIMIT bytes for `errorText`), a JSON content-type.
 */
export function headFailure(
  url: string,
  status: number,
  type: string,
  encoding: string,
): RodeoError | 'status' | undefined {
  const coding = encoding.trim().toLowerCase();
  if (coding !== 'identity' && coding !== '') return BenchErrors.CONTENT_ENCODING(coding.slice(0, 40));
  if (status !== 200) return 'status';
  if (type.includes('application/json')) return BenchErrors.NOT_EVENT_STREAM(url, type);
  return undefined;
}

/** A failed answer's error text: the JSON error message, else the first bytes as one line. */
export function errorText(bytes: Buffer): string {
  const text = bytes.toString('utf8').slice(0, ERROR_BODY_LIMIT);
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof json.error?.message === 'string') return json.error.message;
  } catch {
    // not JSON: show the text
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
