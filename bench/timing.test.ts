import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { normalizeTask } from '../datasets/index.js';
import { runBench } from './run.js';
import { type ChildServer, startChildSseServer } from './testing/child-server.js';
import { stampedSendTimes } from './testing/sse-script.js';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const maxGap = (start: number, times: number[]) =>
  Math.max(...times.map((t, i) => t - (i === 0 ? start : times[i - 1]!)));

let server: ChildServer;
beforeAll(async () => {
  server = await startChildSseServer();
});
afterAll(() => server.close());

describe('timestamps agree with a known schedule', () => {
  it('64 streams at once: TTFT, max gap and per-event times within 2 ms at the median', async () => {
    const events = 60;
    const streams = 64;
    const task = normalizeTask({
      id: 'sched',
      category: 'streaming',
      input: { messages: [{ role: 'user', content: 'go' }] },
    });
    const results = await runBench({
      tasks: [task],
      // a long first gap on a 20 ms rhythm: the schedule's max gap is the time to first token
      targets: Array.from({ length: streams }, (_, i) => ({
        id: `t${i}`,
        url: server.url,
        model: `uniform:${events}:20:150`,
      })),
      config: { ...defaultConfig().bench, concurrency: { global: 256, perTarget: 1 } },
    });
    const ttftErr: number[] = [];
    const gapErr: number[] = [];
    const eventErr: number[] = [];
    for (const [m] of results.values()) {
      expect(m!.error).toBeUndefined();
      // the server stamps each event with its true send time (same machine clock: performance.timeOrigin + now)
      const sent = stampedSendTimes(m!.content).map((abs) => abs - m!.startedAt);
      const seen = m!.events.t.filter((_, i) => m!.events.k[i] === 'c').map((us) => us / 1000);
      expect(sent).toHaveLength(events);
      expect(seen).toHaveLength(events);
      ttftErr.push(Math.abs(seen[0]! - sent[0]!));
      gapErr.push(Math.abs(maxGap(0, seen) - maxGap(0, sent)));
      for (const [i, t] of seen.entries()) eventErr.push(Math.abs(t - sent[i]!));
    }
    expect(median(ttftErr)).toBeLessThan(2);
    expect(median(gapErr)).toBeLessThan(2);
    expect(median(eventErr)).toBeLessThan(2);
  });
});
