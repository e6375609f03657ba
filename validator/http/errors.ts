import { defineErrors } from '../../config/index.js';

export const ApiErrors = defineErrors('API', {
  ROUTE_NOT_FOUND: {
    message: (method: string, url: string) => `no route ${method} ${url}`,
    hint: 'the API lives under /api (leaderboard, rounds, miners/:hotkey, pool, events, arena); /health and /metrics at the root',
  },
  ROUND_NOT_FOUND: {
    message: (n: number) => `round ${n} is not in this validator's ledger`,
    hint: 'GET /api/rounds lists the rounds it has',
  },
  MINER_NOT_FOUND: {
    message: (hotkey: string) => `hotkey ${hotkey} is not a miner this validator knows`,
    hint: 'GET /api/leaderboard lists every miner with its hotkey',
  },
  INVALID_REQUEST: {
    message: (problems: string) => `invalid request: ${problems}`,
  },
  UNAUTHORIZED: {
    message: (why: string) => `admin action refused: ${why}`,
    hint: 'send the header "Authorization: Bearer <validator.api.adminToken>"',
  },
  ADMIN_DISABLED: {
    message: () => 'admin actions are off: this validator has no admin token',
    hint: 'set validator.api.adminToken (env RODEO_VALIDATOR_API_ADMIN_TOKEN) to a long random string and restart',
  },
  ADMIN_REFUSED: {
    message: (action: string, reason: string, _hint: string | undefined) =>
      `the validator refused to ${action}: ${reason}`,
    hint: (_action: string, _reason: string, hint: string | undefined) =>
      hint ?? 'the validator log has the details',
  },
  LISTEN_FAILED: {
    message: (host: string, port: number, reason: string) =>
      `the validator API cannot listen on ${host}:${port}: ${reason}`,
    hint: 'another process may hold that port: stop it, or pick another with --api-port N (validator.api.port, RODEO_VALIDATOR_API_PORT; 0 picks a free port)',
  },
  INTERNAL: {
    message: (what: string) => `internal error while serving ${what}`,
    hint: 'the validator log has the details',
  },
});
