/** The process-wide monotonic clock in ms (process.hrtime): one clock on every thread, unlike performance.now(). */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
