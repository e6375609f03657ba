import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyVote, ELO_START } from '../../scoring/index.js';
import type { RunningValidatorApi } from '../http/index.js';
import {
  ARTIFACTS,
  chromiumPath,
  expectPoolTableMatchesChart,
  launchChromium,
  linesOf,
  NO_CHROMIUM,
} from '../testing/dashboard-browser.js';
import {
  type LedgerApi,
  type LedgerValidator,
  startLedgerApi,
  testAddress,
} from '../testing/ledger-validator.js';

if (!chromiumPath) console.warn(`dashboard browser test skipped: ${NO_CHROMIUM}`);

/** Miner text with markup in it: the page must show it as text, never as HTML. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"> <b>bold?</b> ';

/**
 * The dashboard over the real read model of a ledger of eight synthetic rounds (validator/testing/
 * ledger-validator.ts): strong-rider takes #1 in round 5 and is paid in round 6, a slow starter sends
 * keep-alives, a copycat reveals strong-rider's image, a broken engine fails every task.
 */
describe.skipIf(!chromiumPath)('dashboard in headless Chromium', () => {
  let v: LedgerValidator;
  let api: RunningValidatorApi;
  let running: LedgerApi | undefined;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** Where the page may load from: the API (and a second one started by a test). */
  const origins: string[] = [];
  const stranger = testAddress('stranger');

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    console.info(`dashboard screenshots: ${ARTIFACTS}`);
    running = await startLedgerApi({
      answers: [
        `${HOSTILE}The sky looks blue because air scatters short blue wavelengths of sunlight far more than red ones, so blue light reaches your eyes from every direction.`,
        'Sunlight bounces off gas molecules; blue light bounces the most (Rayleigh scattering), which paints the whole sky blue.',
      ],
      arena: { minViewMs: 1000 },
    });
    ({ validator: v, api } = running);
    origins.push(api.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Below the test timeout, so a stuck step fails with Playwright's message naming it.
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('request', (req) => {
      if (!origins.some((o) => req.url().startsWith(o))) problems.push(`external request: ${req.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const column = (index: number) =>
    page.$$eval(`#leaderboard tbody tr td:nth-child(${index})`, (cells) =>
      cells.map((c) => Number(c.textContent)),
    );

  it('shows the rankings and sorts them by any column, by mouse and keyboard', async () => {
    await page.goto(`${api.url}/`);
    await page.waitForSelector('main[data-ready] #leaderboard tbody tr');
    await page.screenshot({ path: `${ARTIFACTS}rankings.png` });
    expect(await page.locator('#leaderboard tbody tr').count()).toBe(6);
    await expect(page.locator('tr.champion td.name a').textContent()).resolves.toBe('strong-rider');
    await expect(page.locator('tr.ineligible .reason').first().textContent()).resolves.toMatch(
      /^copy of 5\w{4}…\w{4}'s submission \(same image digest\), committed later$/,
    );
    // the copycat's reason names the original's full hotkey: shortened, copyable, on at most two lines
    const reason = page.locator('tr.ineligible .reason').first();
    await expect(reason.locator('.key code').getAttribute('title')).resolves.toBe(v.hotkeys[0]);
    await expect(reason.locator('button.copy').getAttribute('aria-label')).resolves.toBe(
      `Copy key ${v.hotkeys[0]}`,
    );
    expect(await linesOf(reason)).toBeLessThanOrEqual(2);
    for (const key of await page.locator('#leaderboard .key').all()) expect(await linesOf(key)).toBe(1);
    // rounds come several times a day: "last evaluated" has the time under the date
    const when = page.locator('#leaderboard time.when').first();
    await expect(when.locator('.time').textContent()).resolves.toMatch(/^\d\d:\d\d UTC$/);
    await expect(when.getAttribute('title')).resolves.toMatch(/^round 8 · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await page
      .locator('tr.ineligible')
      .first()
      .screenshot({ path: `${ARTIFACTS}long-hotkey-row.png` });

    const quality = page.locator('th:has(button[data-sort="quality"])');
    await page.click('button[data-sort="quality"]');
    await expect(quality.getAttribute('aria-sort')).resolves.toBe('descending');
    const desc = await column(6);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.click('button[data-sort="quality"]');
    await expect(page.locator('th:has(button[data-sort="quality"])').getAttribute('aria-sort')).resolves.toBe(
      'ascending',
    );
    const asc = await column(6);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));

    await page.focus('button[data-sort="speed"]');
    await page.keyboard.press('Enter');
    await expect(page.locator('th:has(button[data-sort="speed"])').getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-sort'))).resolves.toBe(
      'speed',
    );
    const speed = await column(7);
    expect(speed).toEqual([...speed].sort((a, b) => b - a));
  });

  it('opens a miner page with its score chart and streaming profile, and follows live rounds', async () => {
    await page.click('#leaderboard a:text("slow-starter")');
    await page.waitForSelector('main[data-ready] svg.chart');
    expect(page.url()).toContain(`#/miner/${v.hotkeys[2]}`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('slow-starter');
    const series = page.locator('svg.chart').first().locator('g.series');
    expect(await series.count()).toBe(5);
    expect(await series.first().locator('circle').count()).toBe(8);
    expect(await page.locator('svg.timing g.event').count()).toBeGreaterThan(40);
    expect(await page.locator('svg.timing g.event[data-kind="k"]').count()).toBe(6);
    await expect(page.locator('pre.manifest').textContent()).resolves.toContain('"name": "slow-starter"');
    await shot('miner');

    await v.advance();
    await page.waitForFunction(
      () => document.querySelector('svg.chart g.series')?.querySelectorAll('circle').length === 9,
    );
    await expect(page.locator('#status-text').textContent()).resolves.toContain('round 9');

    await page.goto(`${api.url}/#/miner/${stranger}`);
    await expect(page.locator('#notice .alert').textContent()).resolves.toContain(
      `hotkey ${stranger} is not a miner`,
    );
  });

  it('shows the prize pool with its balance chart and payout hashes', async () => {
    await page.click('nav a:text("Prize pool")');
    await page.waitForSelector('main[data-ready] svg.chart');
    // the claim confirmed in round 6's state, and the transfer this validator sent for it
    expect(await page.locator('table.events .kind-payout').count()).toBe(2);
    await expect(
      page.locator('table.events tr:has(.kind-payout) td:last-child code').getAttribute('title'),
    ).resolves.toMatch(/^0x[0-9a-f]{64}$/);
    await expectPoolTableMatchesChart(page);
    await shot('pool');

    // a new round: the open accrual row grows to it, and still matches the chart
    await v.advance();
    await page.waitForFunction(
      () => document.querySelector('#pool-events tbody tr')?.getAttribute('data-round') === '10',
    );
    await expectPoolTableMatchesChart(page);
  });

  it('lists a round by rank: eligible miners by moving average, then the others', async () => {
    await page.goto(`${api.url}/#/round/8`);
    await page.waitForSelector('main[data-ready] table.events tbody tr');
    const rows = await page.$$eval('table.events tbody tr', (trs) =>
      trs.map((tr) => ({
        rank: tr.getAttribute('data-rank'),
        eligible: !tr.classList.contains('ineligible'),
        average: Number(tr.querySelectorAll('td')[5]?.textContent),
      })),
    );
    expect(rows.map((r) => r.rank)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(rows.map((r) => r.eligible)).toEqual([true, true, true, true, true, false]);
    const averages = rows.slice(0, 5).map((r) => r.average);
    expect(averages).toEqual([...averages].sort((a, b) => b - a));
    await expect(page.locator('.card time').textContent()).resolves.toMatch(
      /^started \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    await shot('round');
  });

  it('runs an arena battle: both answers stream as text, the vote reveals the miners and moves Elo', async () => {
    await page.click('nav a:text("Arena")');
    await page.waitForSelector('main[data-ready] #arena-prompt');
    await page.fill('#arena-prompt', 'Why is the sky blue?');
    await page.click('button:text("Start battle")');
    await page.waitForSelector('button[data-vote="a"]:enabled');
    const answers = await page.$$eval('.answer', (els) => els.map((e) => e.textContent ?? ''));
    expect(answers.some((t) => t.includes('<img src=x onerror'))).toBe(true);
    expect(answers.every((t) => t.length > 50)).toBe(true);
    expect(await page.locator('.answer img, .answer b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator('.contender h3').allTextContents()).resolves.toEqual(['Model A', 'Model B']);
    await shot('arena-battle');

    await page.click('button[data-vote="a"]');
    await page.waitForSelector('.elo-change[data-side="a"]');
    const win = applyVote(ELO_START, ELO_START, 'a');
    await expect(page.locator('.elo-change[data-side="a"]').textContent()).resolves.toBe(
      `Elo 1500 → ${win.a.toFixed(0)} (+${(win.a - ELO_START).toFixed(1)})`,
    );
    await expect(page.locator('.elo-change[data-side="b"]').textContent()).resolves.toContain(
      `→ ${win.b.toFixed(0)}`,
    );
    const names = await page.locator('.contender h3').allTextContents();
    expect(names.map((n) => n.replace(/^[AB]: /, '')).sort()).toEqual(['steady-mustang', 'strong-rider']);
    await expect(
      page.locator('#arena-ladder tbody tr').first().locator('td.elo').textContent(),
    ).resolves.toBe(win.a.toFixed(0));
    expect(v.store.votes()).toHaveLength(1);
    await shot('arena-reveal');
  });

  it("shows a failing miner's error in the arena without its upstream's address, beside the other answer", async () => {
    const second = await startLedgerApi({
      answers: [
        'A plain answer from a miner that works: the sky is blue because air scatters blue light the most.',
        {
          error:
            'upstream http://10.0.3.7:41234/sim/broken/v1/chat/completions answered HTTP 500 for model sim-broken: simulated upstream failure (sim-broken)',
        },
      ],
      arena: { minViewMs: 0 },
    });
    origins.push(second.api.url);
    try {
      await page.goto(`${second.api.url}/#/arena`);
      await page.waitForSelector('main[data-ready] #arena-prompt');
      await page.fill('#arena-prompt', 'Why is the sky blue?');
      await page.click('button:text("Start battle")');
      await page.waitForSelector('button[data-vote="a"]:enabled');
      const states = await page.locator('.contender .state').allTextContents();
      expect(states.filter((t) => t.startsWith('failed: '))).toEqual([
        'failed: the miner reported an error: upstream [address hidden] answered HTTP 500 for model sim-broken: simulated upstream failure (sim-broken)',
      ]);
      const answers = await page.locator('.answer').allTextContents();
      expect(answers.some((t) => t.includes('the sky is blue because air scatters'))).toBe(true);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/10\.0\.3\.7|41234|http:\/\//);
      await shot('arena-failing-miner');
    } finally {
      await second.close();
    }
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    // The one expected failure: the browser logs the 404 of the unknown miner's page.
    expect(problems.filter((p) => !p.includes(`/api/miners/${stranger}`))).toEqual([]);
  });
});
