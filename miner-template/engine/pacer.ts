import { performance } from 'node:perf_hooks';
import type { EngineEvent, PacedEvent } from '../types.js';
import { PacerCore, type PacerOptions } from './pacer-core.js';

export type { PacerOptions } from './pacer-core.js';

/**
 * Re-emits `source` on the pacer's schedule (see PacerCore), adding keep-alives whenever nothing was sent
 * for keepAliveMs. An error of the source is thrown after the content that preceded it.
 */
export async function* pace(
  source: AsyncIterable<EngineEvent>,
  options: PacerOptions,
): AsyncGenerator<PacedEvent> {
  const core = new PacerCore(options, performance.now());
  let wake: (() => void) | undefined;
  let dirty = false;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    if (resolve) resolve();
    else dirty = true;
  };
  void (async () => {
    try {
      for await (const event of source) {
        core.push(event);
        notify();
      }
      core.end();
    } catch (err) {
      core.end(err);
    }
    notify();
  })();

  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      dirty = false;
      const { out, wakeAt, done, error } = core.poll(performance.now());
      for (const event of out) yield event;
      if (error !== undefined) throw error;
      if (done) return;
      if (dirty || core.hasImmediate) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (wakeAt !== undefined) timer = setTimeout(notify, Math.max(0, wakeAt - performance.now()));
      });
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    wake = undefined;
  }
}
