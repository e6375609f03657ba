// A replay worker thread (replay-workers.ts): scores the rounds it is sent, whole (one message per round) or
// streamed (the round's start and tasks, then each measurements record's stored line, then a finish).
import { parentPort } from 'node:worker_threads';
import type { MeasurementsRecord } from './record-types.js';
import type { ScoreJob, ScoreResult, StreamMessage } from './replay-workers.js';
import { MinerScorer, scoreMiners } from './score-miners.js';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Streamed rounds being scored: a scorer, or the first error (the main thread then scores the round itself). */
const streamed = new Map<number, { scorer: MinerScorer } | { error: string }>();

function onStream(msg: StreamMessage): void {
  if (msg.kind === 'begin') {
    streamed.set(msg.id, { scorer: new MinerScorer({ start: msg.start, tasks: msg.tasks }) });
    return;
  }
  const round = streamed.get(msg.id);
  if (msg.kind === 'add') {
    if (!round || !('scorer' in round)) return;
    try {
      // the line as stored: the same JSON the main thread parsed, so the same data
      round.scorer.add((JSON.parse(msg.line) as { data: MeasurementsRecord }).data);
    } catch (err) {
      streamed.set(msg.id, { error: errorText(err) });
    }
    return;
  }
  streamed.delete(msg.id);
  const out: ScoreResult =
    round && 'scorer' in round
      ? { id: msg.id, scores: round.scorer.result() }
      : { id: msg.id, error: round ? round.error : 'the round was not begun' };
  parentPort?.postMessage(out);
}

parentPort?.on('message', (job: ScoreJob | StreamMessage) => {
  if ('kind' in job) return onStream(job);
  let out: ScoreResult;
  try {
    out = { id: job.id, scores: scoreMiners(job.inputs) };
  } catch (err) {
    // the main thread scores this round itself, so it fails exactly as a replay without workers does
    out = { id: job.id, error: errorText(err) };
  }
  parentPort?.postMessage(out);
});
