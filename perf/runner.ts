/**
 * perf/runner: how exactly and how cheaply the bench runner timestamps streams.
 * N concurrent scripted streams (200 content events each, 20 ms apart) from a server in another process;
 * prints the timestamp error (arrival stamp minus the server's true send time) p50/p99 and the runner's
 * CPU per event. Target: p99 error under 2 ms at 256 streams on a 2-core machine.
 * Two phasings: `lockstep` (every stream's first token at 50 ms, so all N events of a tick arrive in the same
 * instant: the worst case) and `spread` (first tokens spread over one 20 ms period, as independent miners
 * with different TTFTs are).
 */
import { runBench } from '../bench/index.js';
import * as benchTesting from '../bench/testing/index.js';
import { defaultConfig } from '../config/index.js';
import { normalizeTask } from '../datasets/index.js';
import { percentile, printRows } from './lib/stats.js';

const EVENTS = 200;
const INTERVAL_MS = 20;
const levels = (process.argv[2] ?? '16,64,256').split(',').map(Number);

const server = await benchTesting.startChildSseServer();
const task = normalizeTask({
  id: 'perf',
  category: 'streaming',
  input: { messages: [{ role: 'user', content: 'go' }] },
});
const rows: (string | number)[][] = [];
try {
  for (const phasing of ['lockstep', 'spread'] as const) {
    for (const n of levels) {
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      const results = await runBench({
        tasks: [task],
        targets: Array.from({ length: n }, (_, i) => ({
          id: `t${i}`,
          url: server.url,
          model: `uniform:${EVENTS}:${INTERVAL_MS}:${phasing === 'lockstep' ? 50 : (50 + (i * INTERVAL_MS) / n).toFixed(3)}`,
        })),
        config: { ...defaultConfig().bench, concurrency: { global: 1024, perTarget: 1 } },
      });
      const cpu = process.cpuUsage(cpu0);
      const wall = performance.now() - wall0;
      const errors: number[] = [];
      let events = 0;
      let failed = 0;
      for (const [m] of results.values()) {
        if (!m || m.error) {
          failed++;
          continue;
        }
        events += m.events.k.length;
        const sent = benchTesting.stampedSendTimes(m.content);
        const seen = m.events.t.filter((_, i) => m.events.k[i] === 'c');
        for (const [i, us] of seen.entries()) errors.push(m.startedAt + us / 1000 - sent[i]!);
      }
      rows.push([
        phasing,
        n,
        failed,
        events,
        percentile(errors, 0.5),
        percentile(errors, 0.99),
        Math.max(...errors),
        (cpu.user + cpu.system) / events,
        ((cpu.user + cpu.system) / 1000 / wall) * 100,
      ]);
    }
  }
} finally {
  await server.close();
}
process.stdout.write(
  `perf/runner: ${EVENTS} content events per stream every ${INTERVAL_MS} ms; server in a child process\n`,
);
printRows(
  [
    'phasing',
    'streams',
    'failed',
    'events',
    'err p50 ms',
    'err p99 ms',
    'err max ms',
    'cpu µs/event',
    'cpu % of 1 core',
  ],
  rows,
);
