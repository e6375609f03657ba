import { type AnswerEvent, type Arena, type ArenaConfig, ArenaErrors } from '../arena/index.js';
import { parse } from './respond.js';
import { BattleParams, battleBody, StreamParams, VoteBody } from './schemas.js';
import { openSse, type SseStream } from './sse.js';
import type { ValidatorApi } from './types.js';

/** The arena endpoints; without an arena (or with it switched off) every action answers ARENA_DISABLED. */
export function registerArena(
  app: ValidatorApi,
  deps: { arena: Arena | undefined; config: ArenaConfig; keepAliveMs: number; streams: Set<SseStream> },
): void {
  const { config } = deps;
  const arena = config.enabled ? deps.arena : undefined;
  const need = (): Arena => {
    if (!arena) throw ArenaErrors.DISABLED();
    return arena;
  };
  const BattleBody = battleBody(config.maxPromptChars);

  app.get('/api/arena', async () =>
    arena
      ? {
          enabled: true,
          contestants: arena.contestantCount(),
          minViewMs: config.minViewMs,
          votesPerHour: config.votesPerHour,
          maxPromptChars: config.maxPromptChars,
          ladder: arena.ladder(),
        }
      : { enabled: false },
  );

  app.post('/api/arena/battles', async (req, reply) => {
    const a = need();
    const { prompt } = parse(BattleBody, req.body, 'body');
    const ticket = a.startBattle(prompt, a.clientId(req.ip));
    return reply.status(201).send({ ...ticket, minViewMs: config.minViewMs });
  });

  app.get('/api/arena/battles/:id/:side', async (req, reply) => {
    const a = need();
    const { id, side } = parse(StreamParams, req.params, 'params');
    if (!a.isOpen(id)) throw ArenaErrors.BATTLE_NOT_FOUND(id);
    const stream = openSse(reply, deps.keepAliveMs, deps.streams);
    stream.onEnd(a.watch(id, side, (event) => forward(stream, event)));
  });

  app.post('/api/arena/battles/:id/vote', async (req) => {
    const a = need();
    const { id } = parse(BattleParams, req.params, 'params');
    const { vote } = parse(VoteBody, req.body, 'body');
    return a.vote(id, a.clientId(req.ip), vote);
  });
}

/** SSE event names: `delta`, then `end` or `failure` (not `error`: EventSource reserves it for the connection). */
function forward(stream: SseStream, event: AnswerEvent): void {
  if (event.type === 'delta') {
    stream.send({ kind: event.kind, text: event.text }, 'delta');
    return;
  }
  if (event.type === 'end') stream.send({ reason: event.reason, chars: event.chars, ms: event.ms }, 'end');
  else stream.send({ message: event.message }, 'failure');
  stream.end();
}
