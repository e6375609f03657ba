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

  // One timer at a time: it is only moved earlier, never re-armed per event (a keep-alive deadline that
  // moved on just costs one idle poll), so passthrough streams do no timer work per event.
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  const fire = () => {
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    notify();
  };
  try {
    for (;;) {
      dirty = false;
      const { out, wakeAt, done, error } = core.poll(performance.now());
      for (const event of out) yield event;
      if (error !== undefined) throw error;
      if (done) return;
      if (dirty || core.hasImmediate) continue;
      if (wakeAt !== undefined && wakeAt < timerAt) {
        clearTimeout(timer);
        timerAt = wakeAt;
        // Whole ms: Node fires timers on its integer-ms loop clock anyway (a 29.4 ms timer fires at 30), and
        // equal durations share one timer list instead of allocating and queueing a list per fraction.
        timer = setTimeout(fire, Math.ceil(Math.max(0, wakeAt - performance.now())));
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    clearTimeout(timer);
    wake = undefined;
  }
}
