import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchErrors } from '../bench/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { burstyScript, type ScriptedUpstream, startScriptedUpstream } from '../localnet/index.js';
import { type RunningMiner, serveMiner } from '../miner-template/index.js';
import type { BenchReport } from '../scoring/index.js';
import { benchRun } from './bench-command.js';
import { analyzeReport, compareReports, percentile } from './bench-views.js';

const BIN = resolve(import.meta.dirname, '../bin/rodeo.mjs');
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_')));

/** Runs the real CLI entry; resolves with its exit code and output (never rejects on a non-zero exit). */
function rodeo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: cleanEnv(), cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number) : 0;
        ok({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

let dir: string;
let knows: ScriptedUpstream;
let ignorant: ScriptedUpstream;
let good: RunningMiner;
let bad: RunningMiner;
let goodReport: { report: BenchReport; path: string };
let badReport: { report: BenchReport; path: string };

const minerIn = (upstream: ScriptedUpstream) =>
  serveMiner(
    ConfigSchema.shape.miner.parse({
      port: 0,
      upstream: { baseUrl: upstream.url, apiKey: 'test' },
      pacer: { mode: 'passthrough' },
    }),
    { logger: silentLogger },
  );

const benchConfig = (target: string, output: string) =>
  ConfigSchema.parse({
    bench: { target, suite: 'public/dev', subset: 10, seed: 7, output, concurrency: { perTarget: 4 } },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rodeo-bench-cli-'));
  let seed = 0;
  knows = await startScriptedUpstream({
    answer: () => burstyScript('the answer is 42 and here is why. '.repeat(8), { seed: ++seed }),
  });
  ignorant = await startScriptedUpstream({ answer: () => ({ events: [{ content: "I don't know." }] }) });
  good = await minerIn(knows);
  bad = await minerIn(ignorant);
  goodReport = await benchRun(benchConfig(good.url, join(dir, 'good.json')));
  badReport = await benchRun(benchConfig(bad.url, join(dir, 'bad.json')));
}, 180_000);

afterAll(async () => {
  await good?.close();
  await bad?.close();
  await knows?.close();
  await ignorant?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rodeo bench against nothing', () => {
  it('exits 1 with a coded error naming the URL and `rodeo miner serve`, and writes no report', {
    timeout: 60_000,
  }, async () => {
    // a port that was just free: nothing listens there
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const target = `http://127.0.0.1:${port}`;
    const output = join(dir, 'nothing.json');

    const run = await rodeo(['bench', '--target', target, '--subset', '5', '--output', output]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(BenchErrors.TARGET_UNREACHABLE.code);
    expect(run.stderr).toContain(`nothing is listening at ${target} (ECONNREFUSED)`);
    expect(run.stderr).toContain('`rodeo miner serve`');
    expect(run.stderr).not.toContain('unexpected error');
    expect(existsSync(output)).toBe(false);
  });

  it('a target that answers but fails every task: report written, exit 1, a hint to see each task', {
    timeout: 60_000,
  }, async () => {
    const failing: Server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"overloaded"}}');
    });
    failing.listen(0, '127.0.0.1');
    await once(failing, 'listening');
    const target = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    const output = join(dir, 'failing.json');
    try {
      const run = await rodeo(['bench', '--target', target, '--subset', '5', '--output', output]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(BenchErrors.NOTHING_COMPLETED.code);
      expect(run.stderr).toContain('BENCH_HTTP_STATUS');
      expect(run.stderr).toContain(`rodeo bench show ${output} --tasks`);
      expect(run.stdout).toMatch(/0\/\d+ completed/);
      const saved = JSON.parse(readFileSync(output, 'utf8')) as BenchReport;
      expect(saved.rodeo.completed_tasks).toBe(0);
    } finally {
      failing.close();
    }
  });
});

describe('bench summaries count transport and quality apart', () => {
  it('an engine whose every answer is wrong completes every task and passes none on quality', () => {
    const { report } = badReport;
    expect(report.total_tasks).toBeGreaterThanOrEqual(10);
    expect(report.rodeo.completed_tasks).toBe(report.total_tasks);
    expect(report.passed_tasks).toBe(report.total_tasks); // janus-bench's field: transport only
    expect(report.rodeo.quality_pass).toEqual({ threshold: 0.5, passed: 0 });
  });

  it('`bench show --tasks` prints the split summary and one row per task with its answer prefix', {
    timeout: 60_000,
  }, async () => {
    const { report, path } = badReport;
    const n = report.total_tasks;
    const shown = await rodeo(['bench', 'show', path, '--tasks']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${n}/${n} completed (answered without a transport error)`);
    expect(shown.stdout).toContain(`0/${n} passed on quality (score >= 0.50)`);
    expect(shown.stdout).not.toContain('tasks passed');
    for (const r of report.results) expect(shown.stdout).toContain(r.task_id);
    expect(shown.stdout).toContain("I don't know.");
    expect(shown.stdout).toContain('answer (or error)');
  });

  it('`bench show` of a report with failures names each task error code', {
    timeout: 60_000,
  }, async () => {
    const shown = await rodeo(['bench', 'show', join(dir, 'failing.json'), '--tasks']);
    expect(shown.code).toBe(0);
    const rows = shown.stdout.split('\n').filter((l) => l.includes('BENCH_HTTP_STATUS'));
    // the failure table plus one row per task
    expect(rows.length).toBeGreaterThan(5);
    expect(shown.stdout).toContain('answered HTTP 503');
  });
});

describe('bench compare and analyze', () => {
  it('compare: composite and dimensions side by side, deltas B - A, per category', {
    timeout: 60_000,
  }, async () => {
    const a = badReport.report;
    const b = goodReport.report;
    const c = compareReports(a, b, 0.5);
    expect(c.differences).toEqual([]);
    const composite = c.overall.find((r) => r.name === 'composite')!;
    expect(composite.a).toBe(a.composite_score);
    expect(composite.b).toBe(b.composite_score);
    expect(composite.delta).toBeCloseTo(b.composite_score - a.composite_score, 9);
    expect(c.categories.map((r) => r.category)).toEqual(Object.keys(a.rodeo.by_category).sort());
    for (const row of c.categories) {
      const qa = a.rodeo.by_category[row.category]!.quality;
      const qb = b.rodeo.by_category[row.category]!.quality;
      expect(row.delta.quality).toBeCloseTo(qb - qa, 9);
    }

    const run = await rodeo(['bench', 'compare', badReport.path, goodReport.path, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(c)));
    const table = await rodeo(['bench', 'compare', badReport.path, goodReport.path]);
    expect(table.stdout).toContain('B - A');
    expect(table.stdout).toContain('Δ quality');
    for (const name of Object.keys(a.rodeo.by_category)) expect(table.stdout).toContain(name);
  });

  it('compare names what differs between the runs besides the engine', () => {
    const other = { ...goodReport.report, suite: 'public/train' } as BenchReport;
    expect(compareReports(badReport.report, other, 0.5).differences).toEqual([
      'suite: "public/dev" vs "public/train"',
    ]);
  });

  it('analyze: p50/p95 TTFT, TPS and latency per category over the completed tasks', {
    timeout: 60_000,
  }, async () => {
    const { report, path } = goodReport;
    const analysis = analyzeReport(report);
    expect(analysis.all.completed).toBe(report.rodeo.completed_tasks);
    expect(analysis.categories.map((c) => c.category)).toEqual(Object.keys(report.rodeo.by_category));
    const ttfts = report.results.map((r) => r.rodeo.ttft_ms! / 1000);
    expect(analysis.all.ttft_p50_s).toBe(percentile(ttfts, 0.5));
    expect(analysis.all.ttft_p95_s).toBe(percentile(ttfts, 0.95));
    expect(analysis.all.ttft_p50_s!).toBeLessThanOrEqual(analysis.all.ttft_p95_s!);
    expect(analysis.all.latency_p95_s!).toBeLessThanOrEqual(
      Math.max(...report.results.map((r) => r.latency_seconds)),
    );
    for (const c of analysis.categories) {
      expect(c.completed).toBe(report.rodeo.by_category[c.category]!.passed);
      expect(c.tps_p50).toBeGreaterThan(0);
    }
    const run = await rodeo(['bench', 'analyze', path, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(analysis)));
    const table = await rodeo(['bench', 'analyze', path]);
    expect(table.stdout).toContain('TTFT p95 s');
    expect(table.stdout).toContain('latency p50 s');
  });

  it('percentile by nearest rank', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
    expect(percentile([5], 0.95)).toBe(5);
  });
});
