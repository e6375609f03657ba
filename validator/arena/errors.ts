import { defineErrors } from '../../config/index.js';

export const ArenaErrors = defineErrors('ARENA', {
  DISABLED: {
    message: () => 'the arena is off on this validator',
    hint: 'set validator.api.arena.enabled to true (RODEO_VALIDATOR_API_ARENA_ENABLED=true)',
  },
  NOT_ENOUGH_CONTESTANTS: {
    message: (n: number) =>
      `the arena needs two eligible miners with an endpoint; there ${n === 1 ? 'is' : 'are'} ${n}`,
    hint: 'wait for the next round: miners become contestants once their submission is revealed and eligible',
  },
  BUSY: {
    message: (max: number) => `the arena holds ${max} open battles already`,
    hint: 'try again in a few minutes (validator.api.arena.maxOpenBattles sets the limit)',
  },
  TOO_MANY_OPEN: {
    message: (max: number) => `you hold ${max} open battles already; vote on one or let it expire first`,
    hint: 'validator.api.arena.maxOpenBattlesPerClient sets the limit; unvoted battles expire after battleTtlMs',
  },
  RATE_LIMITED: {
    message: (what: 'battles' | 'votes', limit: number, retryMs: number) =>
      `too many ${what}: at most ${limit} per hour; next one allowed in ${Math.ceil(retryMs / 1000)} s`,
    hint: 'validator.api.arena.votesPerHour and battlesPerHour set the limits',
  },
  BATTLE_NOT_FOUND: {
    message: (id: string) => `no open battle ${id}`,
    hint: 'battles expire after validator.api.arena.battleTtlMs; start a new one',
  },
  NOT_YOUR_BATTLE: {
    message: (id: string) => `battle ${id} was started by another client`,
    hint: 'only the client that started a battle may vote on it',
  },
  ALREADY_VOTED: {
    message: (id: string) => `battle ${id} has its vote already`,
    hint: 'start a new battle to vote again',
  },
  TOO_EARLY: {
    message: (id: string, waitMs: number) =>
      `battle ${id} was voted too soon; read both answers for ${Math.ceil(waitMs / 1000)} s more`,
    hint: 'validator.api.arena.minViewMs sets the minimum view time',
  },
});
