import { type Script, uniformScript } from './sse-script.js';

/**
 * Scenario chosen by the request's `model`, so one server process can serve many shapes:
 * `uniform:<events>:<intervalMs>:<ttftMs>` streams stamped content events on that schedule;
 * `prose:<events>:<intervalMs>:<ttftMs>` streams plain words on it.
 */
const PROSE =
  'the answer depends on how the question is framed and which facts are known to be true today'.split(' ');

export function scenarioFromModel(body: Record<string, unknown>): Script {
  const model = typeof body.model === 'string' ? body.model : '';
  const [name, a, b, c] = model.split(':');
  if (name === 'uniform') {
    return uniformScript({ events: Number(a), intervalMs: Number(b), ttftMs: Number(c), stamp: true });
  }
  if (name === 'prose') {
    return uniformScript({
      events: Number(a),
      intervalMs: Number(b),
      ttftMs: Number(c),
      text: (i) => `${PROSE[i % PROSE.length]} `,
    });
  }
  return { status: 400, steps: [{ atMs: 0, data: `{"error":{"message":"unknown scenario ${model}"}}` }] };
}
