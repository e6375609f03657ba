/**
 * The plain peer of the bench runner for perf/runner: undici `request` + eventsource-parser + JSON.parse,
 * every read stamped as it is delivered and parsed on the spot, as a straightforward client would.
 */
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import type { ClientRun } from './runner-clients.js';

/** Streams `models` (one request each, all at once) from the scenario server at `url`. */
export async function runUndiciClient(url: string, models: string[]): Promise<ClientRun> {
  const agent = new Agent({ connections: models.length + 1 });
  const errors: number[] = [];
  let events = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  try {
    await Promise.all(
      models.map(async (model) => {
        try {
          const res = await request(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
            body: JSON.stringify({ model, messages: [{ role: 'user', content: 'go' }], stream: true }),
            dispatcher: agent,
          });
          let now = 0;
          let done = false;
          const parser = createParser({
            onEvent(e) {
              events++;
              if (e.data === '[DONE]') {
                done = true;
                return;
              }
              const json = JSON.parse(e.data) as { choices?: { delta?: { content?: string } }[] };
              const content = json.choices?.[0]?.delta?.content;
              if (!content) return;
              for (const piece of content.split('|')) {
                const at = piece.lastIndexOf('@');
                if (at >= 0) errors.push(now - Number(piece.slice(at + 1)));
              }
            },
          });
          const decoder = new TextDecoder();
          for await (const bytes of res.body) {
            now = performance.timeOrigin + performance.now();
            parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
          }
          if (!done) failed++;
        } catch {
          failed++;
        }
      }),
    );
  } finally {
    await agent.close();
  }
  const cpu = process.cpuUsage(cpu0);
  return { errors, events, failed, cpuUs: cpu.user + cpu.system };
}
