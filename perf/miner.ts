/**
 * perf/miner: what the miner template adds on top of its upstream, beside a raw TCP relay (the floor any
 * relay pays: one more loopback hop, one read and one write per event).
 *   npx tsx perf/miner.ts [concurrency levels, default 1,64,256]
 * The scripted upstream, the miner (miner-template/main.ts, pacer passthrough) and the relay (this file with
 * `--relay <upstream url>`: a plain net.Socket pipe proxy) each run in their own process; this process is
 * the client. Passthrough is measured because paced mode deliberately re-times content (it holds back up to
 * pacer.bufferMs of text and sets the event rate itself), so events/s would measure the pacer's schedule
 * rather than the miner's overhead; its TTFT path is the same.
 * 1. Added time to first byte / first content token at concurrency 1: short streams (max_tokens 3, read to
 *    the end so connections are reused) rotate between direct, relay and miner.
 *    Target: miner p50 added TTFT < 1 ms.
 * 2. Content events per second with N concurrent streams (100 events each, 20 ms apart, back to back for
 *    a fixed window): direct, through the relay and through the miner. Target: miner >= 90% of direct.
 * PERF_MINER_PROF=<dir> makes the miner write a CPU profile (node --cpu-prof) there when it exits.
 * PERF_MINER_BASELINE=<another checkout, e.g. a git worktree of the previous commit> runs that checkout's
 * miner as a fourth target in front of the same upstream: before and after in one run.
 * PERF_MINER_AUTH=1 turns miner.auth on (as on finney, where validators sign every request): every request
 * carries Epistula headers, signed before its clock starts (at 256 streams the client's signing then limits
 * the events/s of every target).
 * The machines are shared: wall-clock figures move with the load; CPU µs per request/event move less.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Agent, request } from 'undici';
import { signEpistulaHeaders } from '../protocol/index.js';
import { startMinerProcesses } from './lib/miner-processes.js';
import { percentile, printRows } from './lib/stats.js';

/** Relay mode: accept on 127.0.0.1, pipe every connection byte for byte to the upstream's host:port. */
function runRelay(upstream: URL): void {
  const server = createServer((client: Socket) => {
    const up = connect(Number(upstream.port), upstream.hostname);
    client.setNoDelay(true);
    up.setNoDelay(true);
    const close = () => {
      client.destroy();
      up.destroy();
    };
    for (const s of [client, up]) {
      s.on('error', close);
      s.on('close', close);
    }
    client.pipe(up);
    up.pipe(client);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/v1` })}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

async function startRelay(upstreamUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--relay', upstreamUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (b: Buffer) => resolve((JSON.parse(b.toString()) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
  });
  return { url, child };
}

/** Process CPU time (user + system) in ms from /proc, for a process's cost per event. */
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
/** PERF_MINER_AUTH: a validator key that signs each request, and the miner settings that admit it. */
let signer: ((body: string) => Record<string, string>) | undefined;
const authEnv: Record<string, string> = {};
async function setUpAuth(): Promise<void> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const validator = keyring.addFromUri('//Alice');
  const miner = keyring.addFromUri('//Bob').address;
  signer = (b) => signEpistulaHeaders(validator, b, miner);
  Object.assign(authEnv, {
    RODEO_MINER_AUTH_ENABLED: 'true',
    RODEO_MINER_AUTH_HOTKEY: miner,
    RODEO_MINER_AUTH_VALIDATOR_HOTKEYS: validator.address,
  });
}
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
  const payload = body(opts.maxTokens);
  const headers = { 'content-type': 'application/json', ...signer?.(payload) };
  const t0 = performance.now();
  const res = await request(`${base}/chat/completions`, {
    method: 'POST',
    headers,
    body: payload,
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

async function throughput(base: string, concurrency: number, windowMs: number): Promise<number> {
  const t0 = performance.now();
  const until = t0 + windowMs;
  let events = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const r = await stream(base, { until });
        events += r.events.filter((t) => t <= until).length;
      }
    }),
  );
  return events / (windowMs / 1000);
}

async function main(): Promise<void> {
  const levels = (process.argv[2] ?? '1,64,256').split(',').map(Number);
  const TTFT_SAMPLES = 400;
  const WINDOW_MS = 6000;
  // PERF_MINER_PROF=<dir>: the miner writes a CPU profile there when it exits (node --cpu-prof).
  const prof = process.env.PERF_MINER_PROF;
  if (process.env.PERF_MINER_AUTH) await setUpAuth();
  const procs = await startMinerProcesses(
    ['--events', '100', '--gap-ms', '20'],
    { RODEO_MINER_PACER_MODE: 'passthrough', ...authEnv },
    prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  );
  // PERF_MINER_BASELINE=<another checkout>: its miner runs too, in front of the same upstream (before/after).
  const baselineRoot = process.env.PERF_MINER_BASELINE;
  let relay: { url: string; child: ChildProcess } | undefined;
  let baseline: Awaited<ReturnType<typeof startMinerProcesses>> | undefined;
  try {
    relay = await startRelay(procs.upstreamUrl);
    if (baselineRoot)
      baseline = await startMinerProcesses([], { RODEO_MINER_PACER_MODE: 'passthrough', ...authEnv }, [], {
        root: baselineRoot,
        upstreamUrl: procs.upstreamUrl,
      });
    const targets: { name: string; url: string; pid?: number }[] = [
      { name: 'direct', url: procs.upstreamUrl },
      { name: 'relay', url: relay.url, pid: relay.child.pid! },
      { name: 'miner', url: procs.minerUrl, pid: procs.minerPid },
      ...(baseline ? [{ name: 'miner-baseline', url: baseline.minerUrl, pid: baseline.minerPid }] : []),
    ];
    for (let i = 0; i < 50; i++) for (const t of targets) await stream(t.url, { maxTokens: 3 });
    const samples = targets.map(() => [] as StreamResult[]);
    const cpu0 = targets.map((t) => (t.pid ? cpuMs(t.pid) : 0));
    for (let i = 0; i < TTFT_SAMPLES; i++)
      for (const [j, t] of targets.entries()) samples[j]!.push(await stream(t.url, { maxTokens: 3 }));
    const cpuPerRequest = targets.map((t, j) =>
      t.pid ? ((cpuMs(t.pid) - cpu0[j]!) / TTFT_SAMPLES) * 1000 : Number.NaN,
    );

    process.stdout.write(
      `\nTime to first byte and first content token, concurrency 1, ${TTFT_SAMPLES} requests each (ms; added = minus direct)${signer ? '; miner.auth on, requests Epistula-signed' : ''}\n`,
    );
    const rows: (string | number)[][] = [];
    for (const [label, pick] of [
      ['first byte', (r: StreamResult) => r.ttfb],
      ['first token', (r: StreamResult) => r.ttft!],
    ] as const) {
      const direct = samples[0]!.map(pick);
      for (const [j, t] of targets.entries()) {
        const xs = samples[j]!.map(pick);
        rows.push([
          label,
          t.name,
          percentile(xs, 0.5),
          percentile(xs, 0.5) - percentile(direct, 0.5),
          percentile(xs, 0.99),
          percentile(xs, 0.99) - percentile(direct, 0.99),
          label === 'first byte' ? cpuPerRequest[j]! : '',
        ]);
      }
    }
    printRows(['', 'target', 'p50', 'added p50', 'p99', 'added p99', 'CPU µs/request'], rows);

    process.stdout.write(
      `\nContent events per second, ${WINDOW_MS / 1000} s window per level (pacer passthrough)\n`,
    );
    const tput: (string | number)[][] = [];
    for (const n of levels) {
      const d = await throughput(procs.upstreamUrl, n, WINDOW_MS);
      for (const t of targets.slice(1)) {
        const c0 = cpuMs(t.pid!);
        const m = await throughput(t.url, n, WINDOW_MS);
        const cpu = ((cpuMs(t.pid!) - c0) / (m * (WINDOW_MS / 1000))) * 1000;
        tput.push([n, t.name, d, m, m / d, cpu]);
      }
    }
    printRows(['streams', 'target', 'direct ev/s', 'target ev/s', 'ratio', 'target CPU µs/ev'], tput);
  } finally {
    await agent.close();
    relay?.child.kill('SIGTERM');
    baseline?.stop();
    procs.stop();
  }
}

if (process.argv[2] === '--relay') runRelay(new URL(process.argv[3]!));
else await main();
