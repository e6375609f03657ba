import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../config/index.js';
import { burstyScript, type ScriptedUpstream, startScriptedUpstream } from '../../localnet/index.js';
import { type RunningMiner, serveMiner } from '../../miner-template/index.js';
import { ATTACKS, type Attack, type HostileMiner, startHostileMiner } from './miners.js';
import { reportPart } from './summary.js';

const rodeo = fileURLToPath(new URL('../../bin/rodeo.mjs', import.meta.url));
const TTFT_MS = 2000;
const REQUEST_MS = 6000;
/** Each CLI run is killed after this long: a hung `rodeo bench` is a failure, never a hung suite. */
const RUN_LIMIT_MS = 60_000;
const PARALLEL = 3;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  report: BenchReportJson | undefined;
  reportError: string | undefined;
}

interface ResultJson {
  task_id: string;
  success: boolean;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  rodeo: { error_code: string | null } & Record<string, unknown>;
}
interface BenchReportJson {
  total_tasks: number;
  failed_tasks: number;
  total_tokens: number;
  results: ResultJson[];
}

const dir = mkdtempSync(join(tmpdir(), 'rodeo-hostile-bench-'));

/** `rodeo bench` as a user runs it: 2 public_chat tasks, small deadlines, the report in a file. */
function runBenchCli(name: string, target: string): Promise<CliRun> {
  const output = join(dir, `${name}.json`);
  const args = [
    rodeo,
    'bench',
    '--target',
    target,
    '--suite',
    'public/dev',
    '--benchmark',
    'public_chat',
    '--subset',
    '15',
    '--seed',
    '7',
    '--ttft-timeout',
    String(TTFT_MS),
    '--timeout',
    String(REQUEST_MS),
    '--concurrency',
    '2',
    '--output',
    output,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString('utf8');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      let report: BenchReportJson | undefined;
      let reportError: string | undefined;
      try {
        report = JSON.parse(readFileSync(output, 'utf8')) as BenchReportJson;
      } catch (err) {
        reportError = existsSync(output) ? (err as Error).message : 'no report written';
      }
      resolve({ code, signal, stderr, report, reportError });
    });
  });
}

/** Runs `jobs` at most `n` at a time (2 cores shared by the CLI processes and the servers). */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

/** The first key named like usage_rejected / usageRejected anywhere in a result, with its value. */
function usageFlag(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (/^usage_?rejected$/i.test(k)) return v;
    const inner = usageFlag(v);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Why an attack's run is not contained, or undefined when it is. */
function problemOf(attack: Attack, run: CliRun, honest: BenchReportJson): string | undefined {
  if (run.signal === 'SIGKILL')
    return `rodeo bench did not finish within ${RUN_LIMIT_MS / 1000} s (killed); last output: ${run.stderr.trim().slice(-300)}`;
  // a run in which every task failed writes its report and exits 1 (BENCH_NOTHING_COMPLETED): the attack's
  // expected end; any other exit is not
  const allFailed = run.code === 1 && run.stderr.includes('BENCH_NOTHING_COMPLETED');
  if (run.code !== 0 && !allFailed)
    return `rodeo bench exited with ${run.code ?? run.signal}: ${run.stderr.trim().slice(-600)}`;
  if (allFailed && (attack.outcome === 'finishes' || attack.outcome === 'usage-flagged'))
    return `rodeo bench failed every task, but this attack's tasks must complete: ${run.stderr.trim().slice(-600)}`;
  if (!run.report) return `report: ${run.reportError}`;
  const r = run.report;
  const ids = r.results.map((x) => x.task_id);
  const honestIds = honest.results.map((x) => x.task_id);
  if (JSON.stringify(ids) !== JSON.stringify(honestIds))
    return `ran tasks ${ids.join(',')}, the honest miner ran ${honestIds.join(',')}`;
  for (const res of r.results) {
    const code = res.rodeo.error_code?.replace(/^BENCH_/, '') ?? null;
    if (attack.outcome === 'finishes') continue; // it ended within the limit with a result for every task
    if (attack.outcome === 'usage-flagged') {
      if (code !== null || !res.success) return `${res.task_id} failed (${code}); it must pass`;
      for (const [field, v] of [
        ['prompt_tokens', res.prompt_tokens],
        ['completion_tokens', res.completion_tokens],
        ['total_tokens', res.total_tokens],
      ] as const) {
        if (v !== null)
          return `${res.task_id}: absurd usage ${field}=${JSON.stringify(v)} copied into the report`;
      }
      const flag = usageFlag(res);
      const flagged = Array.isArray(flag) ? flag.map(String) : [];
      for (const field of ['prompt_tokens', 'completion_tokens', 'total_tokens'])
        if (!flagged.some((f) => f.includes(field)))
          return `${res.task_id}: usage field ${field} dropped without a flag (usage_rejected: ${JSON.stringify(flag)})`;
    } else if (!code || !attack.codes.includes(code)) {
      return `${res.task_id}: failed with ${code ?? 'no error'}, expected ${attack.codes.join(' or ')}`;
    }
  }
  if (attack.outcome === 'usage-flagged' && !Number.isFinite(r.total_tokens))
    return `total_tokens is ${r.total_tokens}`;
  return undefined;
}

/**
 * Every hostile miner of test/hostile/miners.ts through the real `rodeo bench` CLI, beside an honest miner
 * (miner-template in front of a scripted upstream) on the same tasks: the CLI never crashes, writes its
 * report, and each hostile task fails with its named code (absurd usage: passes, usage dropped and flagged).
 */
describe('hostile miners through rodeo bench', () => {
  const attacks = ATTACKS.filter((a) => a.stages.includes('bench'));
  let upstream: ScriptedUpstream;
  let honestMiner: RunningMiner;
  const hostile: HostileMiner[] = [];
  let honest: CliRun;
  const runs = new Map<string, CliRun>();
  const contained: Record<string, boolean> = {};

  beforeAll(async () => {
    let seed = 0;
    upstream = await startScriptedUpstream({
      answer: () =>
        burstyScript('the answer is 42 and here is why. '.repeat(4), { seed: ++seed, gapMs: [5, 40] }),
    });
    honestMiner = await serveMiner(
      ConfigSchema.shape.miner.parse({
        host: '127.0.0.1',
        port: 0,
        upstream: { baseUrl: upstream.url, apiKey: 'test' },
      }),
    );
    for (const attack of attacks)
      hostile.push(
        await startHostileMiner(attack, {
          ttftMs: TTFT_MS,
          requestMs: REQUEST_MS,
          honestUrl: honestMiner.url,
        }),
      );
    const results = await pool(
      [
        () => runBenchCli('honest', honestMiner.url),
        ...hostile.map((h) => () => runBenchCli(h.attack.name, h.url)),
      ],
      PARALLEL,
    );
    honest = results[0]!;
    for (const [i, h] of hostile.entries()) runs.set(h.attack.name, results[i + 1]!);
  }, 600_000);

  afterAll(async () => {
    for (const h of hostile) await h.close();
    await honestMiner?.close();
    await upstream?.close();
    if (runs.size) reportPart({ part: 'bench', attacks: contained });
  });

  it('the honest miner passes every task of the same run', () => {
    expect(honest.code, honest.stderr).toBe(0);
    expect(honest.report, honest.reportError).toBeDefined();
    expect(honest.report!.total_tasks).toBeGreaterThanOrEqual(2);
    expect(honest.report!.failed_tasks).toBe(0);
  });

  for (const attack of attacks) {
    const outcome =
      attack.outcome === 'fails'
        ? attack.codes.join(' | ')
        : attack.outcome === 'usage-flagged'
          ? 'passes, usage dropped and flagged'
          : `rodeo bench finishes within ${RUN_LIMIT_MS / 1000} s`;
    it(`${attack.name}: ${attack.what} -> ${outcome}`, () => {
      const run = runs.get(attack.name)!;
      const problem = problemOf(attack, run, honest.report!);
      contained[attack.name] = problem === undefined;
      expect(problem).toBeUndefined();
      expect(hostile.find((h) => h.attack === attack)!.requests()).toBeGreaterThan(0);
    });
  }
});
