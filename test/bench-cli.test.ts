import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchRun } from '../cli/bench-command.js';
import { ConfigSchema } from '../config/index.js';
import { burstyScript, startScriptedUpstream } from '../localnet/index.js';
import { type RunningMiner, serveMiner } from '../miner-template/index.js';

const rodeo = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));

/** `rodeo bench` against a real miner-template server in front of a bursty scripted upstream. */
describe('rodeo bench', () => {
  let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>;
  let miner: RunningMiner;
  beforeAll(async () => {
    let seed = 0;
    upstream = await startScriptedUpstream({
      answer: () => burstyScript('the answer is 42 and here is why. '.repeat(8), { seed: ++seed }),
    });
    miner = await serveMiner(
      ConfigSchema.shape.miner.parse({
        host: '127.0.0.1',
        port: 0,
        upstream: { baseUrl: upstream.url, apiKey: 'test' },
      }),
    );
  });
  afterAll(async () => {
    await miner?.close();
    await upstream?.close();
  });

  it('streams a public/dev subset and writes a report with every janus-bench field plus ours', {
    timeout: 120_000,
  }, async () => {
    const output = join(tmpdir(), `bench-${Date.now()}.json`);
    const config = ConfigSchema.parse({
      bench: {
        target: miner.url,
        suite: 'public/dev',
        subset: 10,
        seed: 7,
        output,
        concurrency: { perTarget: 4 },
      },
    });
    const { report, path } = await benchRun(config);
    expect(path).toBe(output);
    const saved = JSON.parse(readFileSync(output, 'utf8'));
    for (const key of [
      'run_id',
      'suite',
      'target_url',
      'model',
      'started_at',
      'completed_at',
      'composite_score',
      'quality_score',
      'speed_score',
      'cost_score',
      'streaming_score',
      'multimodal_score',
      'total_tasks',
      'passed_tasks',
      'failed_tasks',
      'avg_latency_seconds',
      'p50_latency_seconds',
      'avg_ttft_seconds',
      'max_gap_seconds',
      'total_tokens',
      'total_cost_usd',
      'results',
      'weights',
      'benchmark_scores',
      'benchmark_metrics',
    ]) {
      expect(saved, key).toHaveProperty(key);
    }
    expect(report.total_tasks).toBeGreaterThanOrEqual(10);
    expect(report.failed_tasks).toBe(0);
    expect(report.results[0]!.streaming_metrics).toHaveProperty('continuity_score');
    expect(Object.keys(report.rodeo.by_category).length).toBeGreaterThan(5);
    const shown = execFileSync(process.execPath, [rodeo, 'bench', 'show', output], { encoding: 'utf8' });
    expect(shown).toContain('composite');
    expect(shown).toContain(`${report.rodeo.completed_tasks}/${report.total_tasks} completed`);
    expect(shown).toContain(
      `${report.rodeo.quality_pass.passed}/${report.total_tasks} passed on quality (score >= 0.50)`,
    );
  });
});
