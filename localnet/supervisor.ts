/** `rodeo devnet` was stopped by a signal; everything it started has been stopped. */
export class DevnetStopped extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(
      `stopped by ${signal}: every validator, miner, the simulator and the chain it started were stopped`,
    );
  }

  get exitCode(): number {
    return signal128(this.signal);
  }
}

const signal128 = (signal: NodeJS.Signals) => 128 + (signal === 'SIGINT' ? 2 : 15);

/**
 * What `rodeo devnet` started and how to stop it: what every step started is stopped, last first, by
 * `close()`; SIGINT/SIGTERM make the step in progress throw DevnetStopped (what it started is still stopped,
 * even if it finishes later); a second signal exits at once.
 */
export interface DevnetSupervisor {
  /** Waits for a step unless a signal comes first; what the step started is stopped even if it ends later. */
  step<T>(p: Promise<T>, close?: (v: T) => Promise<unknown>): Promise<T>;
  /** Resolves at the first signal. */
  stopped: Promise<void>;
  /** The first signal received, if any. */
  signal(): NodeJS.Signals | undefined;
  /** Stops everything the steps started (last first) and stops listening for signals. */
  close(): Promise<void>;
}

export function superviseDevnet(say: (text: string) => void): DevnetSupervisor {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  let signal: NodeJS.Signals | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (sig: NodeJS.Signals) => {
    if (signal) process.exit(signal128(sig));
    signal = sig;
    say(`${sig}: stopping every validator, miner, the simulator and the chain (again to exit at once)`);
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const step = async <T>(p: Promise<T>, close?: (v: T) => Promise<unknown>): Promise<T> => {
    const owned = p.then((v) => {
      if (close && signal) void close(v).catch(() => undefined);
      else if (close) cleanups.push(() => close(v));
      return v;
    });
    return Promise.race([
      owned,
      stopped.then(() => {
        throw new DevnetStopped(signal!);
      }),
    ]);
  };
  return {
    step,
    stopped,
    signal: () => signal,
    async close() {
      await cleanup();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
