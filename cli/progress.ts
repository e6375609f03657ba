import cliProgress from 'cli-progress';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; otherwise a line every 10% (logs stay readable). */
export function progressBar(total: number, title: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${title} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted} | {label}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (label = '') => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let done = 0;
  let lastDecile = 0;
  return {
    tick: () => {
      done++;
      const decile = Math.floor((done / Math.max(1, total)) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${title}: ${done}/${total}\n`);
      }
    },
    stop: () => {},
  };
}
