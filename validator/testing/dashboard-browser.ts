import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Test helpers for the dashboard in headless Chromium (Debian's chromium; playwright-core downloads nothing). */

const BROWSERS = [process.env.RODEO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => Boolean(p),
);
export const chromiumPath = BROWSERS.find((p) => existsSync(p));
export const NO_CHROMIUM = `no Chromium at ${BROWSERS.join(', ')} (install Debian's chromium: apt-get install -y chromium, or set RODEO_CHROMIUM)`;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of the browser tests: artifacts/dashboard/ at the repository root (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/dashboard/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, args: ARGS });
}

/** How many text lines an element spans (its height over its line height). */
export const linesOf = (locator: Locator) =>
  locator.evaluate((el) => {
    const style = getComputedStyle(el);
    const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.2;
    return Math.round(el.getBoundingClientRect().height / line);
  });

/**
 * The pool's events table against its chart: the newest event of each round (the table is newest first) leaves
 * the balance the chart shows for that round, and every rise of the chart falls in an accrual row's rounds.
 */
export async function expectPoolTableMatchesChart(page: Page) {
  const titles = await page.$$eval('svg.chart g.series[data-series="balance"] circle title', (ts) =>
    ts.map((t) => t.textContent ?? ''),
  );
  const chart = new Map(
    titles.map((t) => /round (\d+): (.+)$/.exec(t)!).map((m) => [Number(m[1]), m[2]!] as const),
  );
  const rows = await page.$$eval('#pool-events tbody tr', (trs) =>
    trs.map((tr) => {
      const cells = Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '');
      const [from, to] = cells[0]!.split('–').map(Number);
      return { kind: tr.getAttribute('data-kind'), from: from!, to: to ?? from!, balance: cells[4]! };
    }),
  );
  expect(rows.length).toBeGreaterThan(0);
  expect(chart.size).toBeGreaterThan(0);
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.to)) continue;
    seen.add(row.to);
    expect(row.balance, `balance after round ${row.to}`).toBe(chart.get(row.to));
  }
  const tao = (text: string) => Number(text.replace(/[^\d.]/g, ''));
  for (const [round, shown] of chart) {
    const before = chart.get(round - 1);
    if (tao(shown) > (before === undefined ? 0 : tao(before)))
      expect(
        rows.some((r) => r.kind === 'accrual' && r.from <= round && round <= r.to),
        `an accrual row covers round ${round}`,
      ).toBe(true);
  }
}
