/**
 * perf/miner: what the miner template adds on top of its upstream.
 *   npx tsx perf/miner.ts [concurrency levels, default 1,64,256]
 * The scripted upstream and the miner (miner-template/main.ts, pacer passthrough) each run in their own
 * process; this process is the client. Passthrough is measured because paced mode deliberately re-times
 * content (it holds back up to pacer.bufferMs of text and sets the event rate itself), so events/s would
 * measure the pacer's schedule rather than the miner's overhead; its TTFT path is the same.
 * 1. Added time to first byte / first content token at concurrency 1: short streams (max_tokens 3, read to
 *    the end so connections are reused) alternate between the upstream and the miner.
 *    Target: p50 added TTFT < 1 ms.
 * 2. Content events per second with N concurrent streams (100 events each, 20 ms apart, back to back for
 *    a fixed window), straight to the upstream and through the miner. Target: miner >= 90% of direct.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { startMinerProcesses } from './lib/miner-processes.js';
import { percentile, printRows } from './lib/stats.js';

const levels = (process.argv[2] ?? '1,64,256').split(',').map(Number);
const TTFT_SAMPLES = 400;
const WINDOW_MS = 6000;

/** Process CPU time (user + system) in ms from /proc, for the miner's cost per event. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const agent = new Agent({ connections: 1024, keepAliveTimeout: 30_000 });
const body = (maxTokens?: number) =>
  JSON.stringify({
    model: 'perf',
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
    max_tokens: maxTokens,
  });
const isContent = (event: string) => event.startsWith('data: {') && /"content":"[^"]/.test(event);

interface StreamResult {
  ttfb: number;
  ttft: number | undefined;
  /** Arrival times of content events. */
  events: number[];
}

/** One streamed request, read to its end or cut at `until`. */
async function stream(
  base: string,
  opts: { maxTokens?: number; until?: number } = {},
): Promise<StreamResult> {
  const t0 = performance.now();
  const res = await request(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(opts.maxTokens),
    dispatcher: agent,
  });
  const ttfb = performance.now() - t0;
  const decoder = new TextDecoder();
  const events: number[] = [];
  let buffered = '';
  let ttft: number | undefined;
  for await (const bytes of res.body) {
    const now = performance.now();
    buffered += decoder.decode(bytes as Uint8Array, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!isContent(event)) continue;
      ttft ??= now - t0;
      events.push(now);
    }
    if (opts.until !== undefined && now > opts.until) {
      res.body.destroy();
      break;
    }
  }
  return { ttfb, ttft, events };
}

async function throughput(base: string, concurrency: number): Promise<number> {
  const t0 = performance.now();
  const until = t0 + WINDOW_MS;
  let events = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const r = await stream(base, { until });
        events += r.events.filter((t) => t <= until).length;
      }
    }),
  );
  return events / (WINDOW_MS / 1000);
}

const procs = await startMinerProcesses(['--events', '100', '--gap-ms', '20'], {
  RODEO_MINER_PACER_MODE: 'passthrough',
});
const { upstreamUrl, minerUrl } = procs;
try {
  for (let i = 0; i < 50; i++) {
    await stream(upstreamUrl, { maxTokens: 3 });
    await stream(minerUrl, { maxTokens: 3 });
  }
  const direct: StreamResult[] = [];
  const viaMiner: StreamResult[] = [];
  for (let i = 0; i < TTFT_SAMPLES; i++) {
    direct.push(await stream(upstreamUrl, { maxTokens: 3 }));
    viaMiner.push(await stream(minerUrl, { maxTokens: 3 }));
  }
  const ttft = (rs: StreamResult[]) => rs.map((r) => r.ttft!);
  const ttfb = (rs: StreamResult[]) => rs.map((r) => r.ttfb);
  process.stdout.write(
    `\nTime to first byte and first content token, concurrency 1, ${TTFT_SAMPLES} requests each (ms)\n`,
  );
  const row = (name: string, d: number[], m: number[]) => [
    name,
    percentile(d, 0.5),
    percentile(m, 0.5),
    percentile(m, 0.5) - percentile(d, 0.5),
    percentile(d, 0.99),
    percentile(m, 0.99),
    percentile(m, 0.99) - percentile(d, 0.99),
  ];
  printRows(
    ['', 'direct p50', 'miner p50', 'added p50', 'direct p99', 'miner p99', 'added p99'],
    [row('first byte', ttfb(direct), ttfb(viaMiner)), row('first token', ttft(direct), ttft(viaMiner))],
  );

  process.stdout.write(
    `\nContent events per second, ${WINDOW_MS / 1000} s window per level (pacer passthrough)\n`,
  );
  const rows: (string | number)[][] = [];
  for (const n of levels) {
    const d = await throughput(upstreamUrl, n);
    const cpu0 = cpuMs(procs.minerPid);
    const m = await throughput(minerUrl, n);
    const minerCpu = cpuMs(procs.minerPid) - cpu0;
    rows.push([n, d, m, m / d, (minerCpu / (m * (WINDOW_MS / 1000))) * 1000]);
  }
  printRows(['streams', 'direct ev/s', 'miner ev/s', 'ratio', 'miner CPU µs/event'], rows);
} finally {
  await agent.close();
  procs.stop();
}
