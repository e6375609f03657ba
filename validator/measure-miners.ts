import { runBench, signEpistulaHeaders } from '../bench/index.js';
import { gatherEvidence } from '../datasets/index.js';
import type { ValidatorContext } from './context.js';
import { decideEligibility } from './eligibility.js';
import { minerDispatcher } from './miner-connector.js';
import { type MeasurementsRecord, RECORD } from './records.js';
import type { RoundRecords } from './round-records.js';

/**
 * Benchmarks every eligible miner of the round that has no measurements recorded yet (all of them, unless
 * the round is resuming after a crash), all miners at once, and records one measurements record per miner.
 */
export async function measureMiners(
  ctx: ValidatorContext,
  rec: RoundRecords,
  disqualified: ReadonlyMap<string, string>,
): Promise<void> {
  const { start, metagraph, submissions, tasks } = rec;
  if (!start || !metagraph || !submissions || !tasks) return;
  const done = new Set(rec.measurements.map((m) => m.data.hotkey));
  const eligible = new Set(
    decideEligibility(metagraph.data.neurons, submissions.data.entries, disqualified)
      .filter((e) => e.eligible)
      .map((e) => e.hotkey),
  );
  // every miner connection resolves once and connects only to the address it checked (no DNS rebinding)
  const dispatcher = minerDispatcher({ allowPrivate: ctx.config.validator.allowPrivateEndpoints });
  const targets = submissions.data.entries
    .filter((s) => eligible.has(s.hotkey) && !done.has(s.hotkey) && s.endpoint)
    .map((s) => ({
      id: s.hotkey,
      uid: s.uid,
      url: s.endpoint!,
      model: ctx.config.bench.model,
      // miners that require validator signatures (Epistula) check them; others ignore the headers
      sign: (body: string) => signEpistulaHeaders(ctx.hotkey, body, s.hotkey),
      dispatcher,
    }));
  if (!targets.length) return;
  ctx.logger.info(
    { round: rec.round, miners: targets.length, tasks: tasks.data.tasks.length },
    'benchmarking miners',
  );
  const results = await runBench({
    tasks: tasks.data.tasks,
    targets,
    config: {
      ...ctx.config.bench,
      concurrency: {
        global: ctx.config.bench.concurrency.global,
        perTarget: ctx.config.validator.minerConcurrency,
      },
    },
    gatherEvidence: (task, m) =>
      gatherEvidence(task, m, { sandbox: ctx.config.datasets.sandbox, judge: ctx.config.datasets.judge }),
    onMeasurement: (_t, _task, m) => ctx.observer.taskMeasured?.(!m.error, m.error?.code),
    signal: ctx.signal,
  }).finally(() => dispatcher.close());
  const records: MeasurementsRecord[] = targets.map((t) => ({
    hotkey: t.id,
    uid: t.uid,
    endpoint: t.url,
    measurements: results.get(t.id) ?? [],
  }));
  if (ctx.signal.aborted) return;
  await ctx.ledger.appendBatch(
    records.map((data) => ({ type: RECORD.measurements, round: rec.round, data })),
  );
}
