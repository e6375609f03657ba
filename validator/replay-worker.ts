// A replay worker thread (replay-workers.ts): scores the rounds it is sent, one message per round.
import { parentPort } from 'node:worker_threads';
import type { ScoreJob, ScoreResult } from './replay-workers.js';
import { scoreMiners } from './score-miners.js';

parentPort?.on('message', (job: ScoreJob) => {
  let out: ScoreResult;
  try {
    out = { id: job.id, scores: scoreMiners(job.inputs) };
  } catch (err) {
    // the main thread scores this round itself, so it fails exactly as a replay without workers does
    out = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(out);
});
