/**
 * perf/runner: how exactly and how cheaply stream readers timestamp SSE events, side by side on one
 * scenario server (in a child process): N concurrent scripted streams, 200 content events each, 20 ms apart.
 * Prints, per client, the timestamp error (arrival stamp minus the server's true send time) p50/p99/max and
 * the client's CPU per event. Target: ours p99 under 2 ms at 256 spread streams, p50 ahead of the peers.
 *   npx tsx perf/runner.ts [levels, default 16,64,256] [phasings, default spread,lockstep] [rounds, default 1]
 * With rounds > 1 the clients take turns round after round and each figure is the median over the rounds.
 * Clients, one after another on the same scenario:
 *   ours           the bench runner as validators run it (runBench -> measure -> the reader worker, bench.reader
 *                  'worker': raw sockets on a worker thread that only stamps reads -> StreamReader here)
 *   ours-undici    the same runner with bench.reader 'undici' (undici on this thread -> StreamReader)
 *   ours-raw       the same StreamReader on a hand-decoded HTTP/1.1 net.Socket path, on this thread (the prototype)
 *   ours-raw-w1    that raw path on a worker thread that only stamps reads (the prototype of ours' reader)
 *   undici+esp     a plain client: undici request + eventsource-parser + JSON.parse, parsed on arrival
 *   python-asyncio Python 3 asyncio Protocol on raw sockets, stamped on arrival, parsed a callback later
 * Phasings: `spread` (first tokens spread over one 20 ms period, as independent miners with different TTFTs
 * are) and `lockstep` (every stream's first token at 50 ms: all N events of a tick arrive in one instant).
 */
import * as benchTesting from '../bench/testing/index.js';
import { type ClientRun, closeWorkers, runOurs, runOursRaw, runPython } from './lib/runner-clients.js';
import { percentile, printRows } from './lib/stats.js';
import { runUndiciClient } from './lib/undici-sse-client.js';

const EVENTS = 200;
const INTERVAL_MS = 20;
const levels = (process.argv[2] ?? '16,64,256').split(',').map(Number);
const phasings = (process.argv[3] ?? 'spread,lockstep').split(',') as ('spread' | 'lockstep')[];
/** Runs per client and level; figures are the median over them. */
const ROUNDS = Number(process.argv[4] ?? 1);

const clients: [string, (url: string, models: string[]) => Promise<ClientRun>][] = [
  ['ours', (url, models) => runOurs(url, models, 'worker')],
  ['ours-undici', (url, models) => runOurs(url, models, 'undici')],
  ['ours-raw', (url, models) => runOursRaw(url, models, 0)],
  ['ours-raw-w1', (url, models) => runOursRaw(url, models, 1)],
  ['undici+esp', runUndiciClient],
  ['python-asyncio', runPython],
];

const models = (n: number, phasing: string, events = EVENTS) =>
  Array.from(
    { length: n },
    (_, i) =>
      `uniform:${events}:${INTERVAL_MS}:${phasing === 'lockstep' ? 50 : (50 + (i * INTERVAL_MS) / n).toFixed(3)}`,
  );

const server = await benchTesting.startChildSseServer();
const rows: (string | number)[][] = [];
try {
  // warm-up: JIT and connection set-up of every client, not measured
  for (const [, run] of clients) await run(server.url, models(16, 'spread', 20));
  for (const phasing of phasings) {
    for (const n of levels) {
      // rounds interleave the clients, so a change in the shared machine's load hits them alike
      const runs = clients.map(() => [] as ClientRun[]);
      for (let round = 0; round < ROUNDS; round++)
        for (const [i, [, run]] of clients.entries())
          runs[i]!.push(await run(server.url, models(n, phasing)));
      for (const [i, [name]] of clients.entries()) {
        const rs = runs[i]!;
        const median = (f: (r: ClientRun) => number) => percentile(rs.map(f), 0.5);
        rows.push([
          phasing,
          n,
          name,
          rs.reduce((a, r) => a + r.failed, 0),
          median((r) => r.events),
          median((r) => percentile(r.errors, 0.5)),
          median((r) => percentile(r.errors, 0.99)),
          median((r) => Math.max(...r.errors)),
          median((r) => r.cpuUs / r.events),
        ]);
      }
    }
  }
} finally {
  await closeWorkers();
  await server.close();
}
process.stdout.write(
  `perf/runner: ${EVENTS} content events per stream every ${INTERVAL_MS} ms; server in a child process; clients one after another; median of ${ROUNDS} round(s)\n`,
);
printRows(
  [
    'phasing',
    'streams',
    'client',
    'failed',
    'events',
    'err p50 ms',
    'err p99 ms',
    'err max ms',
    'cpu µs/event',
  ],
  rows,
);
