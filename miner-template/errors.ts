import { defineErrors, type RodeoError } from '../config/index.js';

export const MinerErrors = defineErrors('MINER', {
  INVALID_REQUEST: {
    message: (param: string, problem: string) => `invalid request: ${param ? `${param}: ` : ''}${problem}`,
    hint: 'send an OpenAI chat completion request: {"model": "...", "messages": [{"role": "user", "content": "..."}]}',
  },
  INVALID_JSON: {
    message: (reason: string) => `the request body is not valid JSON: ${reason}`,
    hint: 'send Content-Type: application/json with a JSON object body',
  },
  BODY_TOO_LARGE: {
    message: (limit: number) => `the request body is larger than ${limit} bytes`,
    hint: 'raise miner.bodyLimitBytes or send a smaller request',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    message: (type: string) => `unsupported Content-Type ${JSON.stringify(type)} (expected application/json)`,
  },
  NOT_FOUND: {
    message: (method: string, url: string) => `no route ${method} ${url}`,
    hint: 'the miner serves POST /v1/chat/completions, GET /v1/models, GET /health and GET /v1/submission',
  },
  NO_MANIFEST: {
    message: (problem: string) => `no submission manifest is served: ${problem}`,
    hint: 'set the miner.submission.* settings (see `rodeo miner manifest --help`)',
  },
  AUTH_MISSING: {
    message: (header: string) => `request is not signed: header ${header} is missing`,
    hint: 'validators sign requests with signEpistulaHeaders() from miner-template/',
  },
  AUTH_STALE: {
    message: (timestamp: string, skewMs: number) =>
      `signature timestamp ${timestamp} is more than ${skewMs} ms away from the miner clock`,
    hint: 'sign each request just before sending it and keep the clocks in sync (NTP)',
  },
  AUTH_REPLAY: {
    message: (uuid: string, hotkey: string) => `nonce ${uuid} from ${hotkey} was already used`,
    hint: 'use a fresh Epistula-Uuid for every request',
  },
  AUTH_NOT_ALLOWED: {
    message: (hotkey: string) => `hotkey ${hotkey} is not an allowed validator`,
    hint: 'only hotkeys in miner.auth.validatorHotkeys (or the validator provider) may call this miner',
  },
  AUTH_WRONG_RECIPIENT: {
    message: (signedFor: string, expected: string) =>
      `request was signed for ${signedFor}, not for this miner (${expected})`,
    hint: 'a validator signs each request for the miner it sends it to (Epistula-Signed-For); a request signed for another hotkey was relayed, or miner.auth.hotkey / the wallet hotkey is not the hotkey registered for this miner',
  },
  AUTH_BAD_SIGNATURE: {
    message: (hotkey: string) => `the Epistula signature does not verify for hotkey ${hotkey}`,
    hint: 'sign "<sha256 hex of the body>.<uuid>.<timestamp>.<signed-for>" with the sr25519 hotkey, over the exact body bytes sent',
  },
  AUTH_NO_HOTKEY: {
    message: () =>
      "miner.auth.enabled is true but this miner's hotkey is unknown, so a request relayed from another miner could not be told apart",
    hint: 'serve with the wallet of the registered hotkey (chain.wallet.name/hotkey, --wallet.name/--wallet.hotkey, or RODEO_CHAIN_HOTKEY_URI), or set miner.auth.hotkey or miner.submission.hotkey to its SS58 address',
  },
  AUTH_HOTKEY_CONFLICT: {
    message: (fromA: string, a: string, fromB: string, b: string) =>
      `${fromA} is ${a} but ${fromB} is ${b}; a miner answers for one hotkey`,
    hint: 'make them name the hotkey registered for this miner, or unset the one that is wrong',
  },
  AUTH_NO_VALIDATORS: {
    message: () => 'miner.auth.enabled is true but no validator hotkeys are configured',
    hint: 'set miner.auth.validatorHotkeys or pass an allowedHotkeys provider to createMinerApp',
  },
  UPSTREAM_STATUS: {
    message: (url: string, model: string, status: number, body: string) =>
      `upstream ${url} answered HTTP ${status} for model ${model}${body ? `: ${body}` : ''}`,
    hint: (_url: string, _model: string, status: number) =>
      status === 401 || status === 403
        ? 'check miner.upstream.apiKey (env CHUTES_API_KEY)'
        : status === 404
          ? 'check miner.upstream.model / router models exist at the upstream'
          : 'the upstream refused or failed; see miner.upstream.fallbackModels and maxRetries',
  },
  UPSTREAM_UNREACHABLE: {
    message: (url: string, reason: string) => `cannot reach upstream ${url}: ${reason}`,
    hint: 'check miner.upstream.baseUrl and the network',
  },
  UPSTREAM_STREAM: {
    message: (url: string, reason: string) => `upstream ${url} stream failed: ${reason}`,
  },
  TOOL_FAILED: {
    message: (service: string, url: string, reason: string) => `${service} call to ${url} failed: ${reason}`,
    hint: (service: string) => `check miner.tools.${service}Url and miner.tools.timeoutMs`,
  },
  LISTEN_FAILED: {
    message: (host: string, port: number, reason: string) =>
      `the miner cannot listen on ${host}:${port}: ${reason}`,
    hint: (_host: string, _port: number, reason: string) =>
      /EADDRINUSE/.test(reason)
        ? 'another process holds that port: stop it, or pick another with --port N (miner.port, RODEO_MINER_PORT)'
        : /EACCES/.test(reason)
          ? 'ports below 1024 need privileges: pick another with --port N (miner.port, RODEO_MINER_PORT)'
          : 'check the address: --host (miner.host, RODEO_MINER_HOST) must be an address of this machine',
  },
  API_KEY_ENV_EMPTY: {
    message: (name: string) => `--api-key-env ${name}: the environment variable ${name} is not set`,
    hint: (name: string) => `export ${name}=... before starting the miner, or drop --api-key-env`,
  },
  NETUID_MISSING: {
    message: () => 'no subnet given: chain.netuid is not set',
    hint: 'pass --netuid <n> or set RODEO_CHAIN_NETUID',
  },
  HOTKEY_MISMATCH: {
    message: (manifestHotkey: string, signer: string) =>
      `the manifest credits hotkey ${manifestHotkey} but the signing hotkey is ${signer}`,
    hint: 'commit with the hotkey named in miner.submission.hotkey (chain.wallet.* or chain.hotkeyUri), or fix the manifest',
  },
  MANIFEST_INVALID: {
    message: (problems: string) => `invalid submission manifest:\n${problems}`,
    hint: 'fix the miner.submission.* values named above (or the matching `rodeo miner manifest` flags)',
  },
});

/** What an OpenAI error object needs beyond the code: the request field at fault, the upstream's status. */
export interface ErrorAnnotation {
  param?: string;
  upstreamStatus?: number;
}

const annotations = new WeakMap<RodeoError, ErrorAnnotation>();

export function annotate<E extends RodeoError>(err: E, annotation: ErrorAnnotation): E {
  annotations.set(err, annotation);
  return err;
}

export function annotationOf(err: RodeoError): ErrorAnnotation {
  return annotations.get(err) ?? {};
}
