import { isRodeoError } from '../../config/index.js';
import { annotationOf, MinerErrors } from '../errors.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error';

const BY_CODE: Record<string, [number, ErrorType]> = {
  [MinerErrors.INVALID_REQUEST.code]: [400, 'invalid_request_error'],
  [MinerErrors.INVALID_JSON.code]: [400, 'invalid_request_error'],
  [MinerErrors.BODY_TOO_LARGE.code]: [413, 'invalid_request_error'],
  [MinerErrors.UNSUPPORTED_MEDIA_TYPE.code]: [415, 'invalid_request_error'],
  [MinerErrors.NOT_FOUND.code]: [404, 'not_found_error'],
  [MinerErrors.NO_MANIFEST.code]: [404, 'not_found_error'],
  [MinerErrors.AUTH_MISSING.code]: [401, 'authentication_error'],
  [MinerErrors.AUTH_STALE.code]: [401, 'authentication_error'],
  [MinerErrors.AUTH_REPLAY.code]: [401, 'authentication_error'],
  [MinerErrors.AUTH_NOT_ALLOWED.code]: [401, 'authentication_error'],
  [MinerErrors.AUTH_WRONG_RECIPIENT.code]: [403, 'permission_error'],
  [MinerErrors.AUTH_BAD_SIGNATURE.code]: [401, 'authentication_error'],
};

/** The upstream's refusal as the client should see it: its 429 and request errors pass, the rest is a 502. */
function upstreamMapping(status: number | undefined): [number, ErrorType] {
  if (status === 429) return [429, 'rate_limit_error'];
  if (status === 400 || status === 413 || status === 422) return [400, 'invalid_request_error'];
  return [502, 'server_error'];
}

/** Maps any error to an HTTP status and an OpenAI error object; unexpected errors hide their message. */
export function toOpenAIError(err: unknown): { status: number; body: OpenAIErrorBody } {
  if (isRodeoError(err)) {
    const { param, upstreamStatus } = annotationOf(err);
    const [status, type] =
      BY_CODE[err.code] ??
      (err.code.startsWith('MINER_UPSTREAM_') || err.code.startsWith('MINER_TOOL_')
        ? upstreamMapping(upstreamStatus)
        : [500, 'server_error']);
    return { status, body: { error: { message: err.message, type, param: param ?? null, code: err.code } } };
  }
  return {
    status: 500,
    body: {
      error: { message: 'internal error in the miner', type: 'server_error', param: null, code: null },
    },
  };
}
