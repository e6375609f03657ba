/**
 * The scripted upstream as its own process (perf, manual runs):
 *   npx tsx localnet/scripted-upstream-main.ts [--port 0] [--events 200] [--gap-ms 5]
 *     [--tokens 3] [--first-delay-ms 0] [--bursty]
 * Every request gets `events` content events of `tokens` words, `gap-ms` apart (a request's max_tokens, when
 * smaller, caps the count), or with --bursty the provider-like timing of burstyScript.
 * Prints {"url": "http://127.0.0.1:<port>/v1"} once listening.
 */
import { parseArgs } from 'node:util';
import { startScriptedUpstream } from './scripted-upstream.js';
import { burstyScript, type Script } from './scripts.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    events: { type: 'string', default: '200' },
    'gap-ms': { type: 'string', default: '5' },
    tokens: { type: 'string', default: '3' },
    'first-delay-ms': { type: 'string', default: '0' },
    bursty: { type: 'boolean', default: false },
  },
});
const events = Number(values.events);
const gapMs = Number(values['gap-ms']);
const tokens = Number(values.tokens);
const firstDelayMs = Number(values['first-delay-ms']);

const piece = 'tok '.repeat(tokens);
const steady = (n: number): Script => ({
  events: Array.from({ length: n }, (_, i) => ({ delayMs: i === 0 ? firstDelayMs : gapMs, content: piece })),
  usage: { prompt_tokens: 10, completion_tokens: n * tokens },
});
let seed = 0;
const upstream = await startScriptedUpstream({
  port: Number(values.port),
  answer: (r) => {
    if (values.bursty) return burstyScript('word '.repeat(events * tokens), { seed: ++seed, firstDelayMs });
    const max = Number(r.body.max_tokens);
    return steady(Number.isInteger(max) && max > 0 ? Math.min(max, events) : events);
  },
});
process.stdout.write(`${JSON.stringify({ url: upstream.url })}\n`);
const stop = () => void upstream.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
