import { BenchErrors, failedMeasurement, runBench } from '../bench/index.js';
import { gatherEvidence } from '../datasets/index.js';
import { signEpistulaHeaders } from '../protocol/index.js';
import type { ValidatorContext } from './context.js';
import { decideEligibility } from './eligibility.js';
import { checkedAddress, minerDispatcher } from './miner-connector.js';
import { type MeasurementsRecord, RECORD } from './record-types.js';
import { previousState, type RoundRecords } from './round-records.js';

/** Signals that abort with BENCH_ROUND_DEADLINE: the streams' share of the round, and the whole benchmark. */
export interface RoundDeadline {
  streams: AbortSignal;
  all: AbortSignal;
}

/**
 * Benchmarks every eligible miner of the round that has no measurements recorded yet (all of them, unless
 * the round is resuming after a crash), all miners at once, and records each miner's measurements as soon
 * as they are final. Whatever is still running at the deadline fails by name (BENCH_ROUND_DEADLINE) and is
 * recorded like any other failure.
 */
export async function measureMiners(
  ctx: ValidatorContext,
  rec: RoundRecords,
  disqualified: ReadonlyMap<string, string>,
  startDeadline: () => Promise<RoundDeadline>,
): Promise<void> {
  const { start, metagraph, submissions, tasks } = rec;
  if (!start || !metagraph || !submissions || !tasks) return;
  // from the ledger, not `rec`: the daemon reads rounds without their measurements (readRound)
  const done = new Set<string>();
  for await (const m of ctx.ledger.records<MeasurementsRecord>({
    round: rec.round,
    type: RECORD.measurements,
  }))
    done.add(m.data.hotkey);
  // the same decision deriveRound makes, with the same first commitments of the previous state
  const priority = (await previousState(ctx.ledger, rec.round))?.priority;
  const eligible = new Set(
    decideEligibility(metagraph.data.neurons, submissions.data.entries, disqualified, priority)
      .filter((e) => e.eligible)
      .map((e) => e.hotkey),
  );
  // every miner connection resolves once and connects only to the address it checked (no DNS rebinding)
  const connector = { allowPrivate: ctx.config.validator.allowPrivateEndpoints };
  const dispatcher = minerDispatcher(connector);
  // the bench's reader worker connects to the same checked addresses
  const connectAddress = checkedAddress(connector);
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
      connectAddress,
    }));
  if (!targets.length) return;
  const deadline = await startDeadline();
  ctx.logger.info(
    { round: rec.round, miners: targets.length, tasks: tasks.data.tasks.length },
    'benchmarking miners',
  );
  const write = (data: MeasurementsRecord) => recordMeasurements(ctx, rec.round, data);
  await runBench({
    tasks: tasks.data.tasks,
    targets,
    config: {
      ...ctx.config.bench,
      concurrency: {
        global: ctx.config.bench.concurrency.global,
        perTarget: ctx.config.validator.minerConcurrency,
      },
    },
    maxStoredCharsPerTarget: ctx.config.validator.maxStoredCharsPerMiner,
    gatherEvidence: (task, m) =>
      gatherEvidence(task, m, { sandbox: ctx.config.datasets.sandbox, judge: ctx.config.datasets.judge }),
    onMeasurement: (_t, _task, m) => ctx.observer.taskMeasured?.(!m.error, m.error?.code),
    onInternalError: (t, task, err) =>
      ctx.logger.error(
        { round: rec.round, hotkey: t.id, task: task.id, err },
        'a validator bug failed one task of this miner (BENCH_INTERNAL); the round goes on',
      ),
    // a shutdown writes nothing: the round resumes after the restart and measures these miners again
    onTargetDone: async (t, measurements) => {
      if (!ctx.signal.aborted) await write({ hotkey: t.id, uid: t.uid, endpoint: t.url, measurements });
    },
    signal: AbortSignal.any([ctx.signal, deadline.all]),
    streamSignal: deadline.streams,
  }).finally(() => dispatcher.close());
}

/**
 * Appends one miner's measurements. A record that cannot be written (it cannot be encoded, say) is
 * replaced by a quarantine record naming the miner and the reason, so one miner never blocks the others.
 */
async function recordMeasurements(ctx: ValidatorContext, round: number, data: MeasurementsRecord) {
  try {
    await ctx.ledger.append<MeasurementsRecord>(RECORD.measurements, round, data);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    ctx.logger.error(
      { round, hotkey: data.hotkey, reason },
      'measurements could not be recorded; this miner is quarantined for the round',
    );
    const failure = BenchErrors.QUARANTINED(reason);
    await ctx.ledger.append<MeasurementsRecord>(RECORD.measurements, round, {
      ...data,
      measurements: data.measurements.map((m) =>
        failedMeasurement(m.taskId, { url: data.endpoint, model: m.model }, failure),
      ),
      quarantined: reason,
    });
  }
}
