/** Small helpers the benchmarks share: percentiles and aligned printing. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

export function printRows(head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  for (const r of cells)
    process.stdout.write(`${r.map((c, i) => String(c).padStart(widths[i]!)).join('  ')}\n`);
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}
