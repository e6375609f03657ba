import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyVote, ELO_START } from '../../scoring/index.js';
import { apiTesting, type RunningValidatorApi } from '../http/index.js';

const { fixtureAddress, startFixtureApi } = apiTesting;
type FixtureApi = apiTesting.FixtureApi;
type FixtureValidator = apiTesting.FixtureValidator;

const BROWSERS = [process.env.RODEO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => Boolean(p),
);
const executablePath = BROWSERS.find((p) => existsSync(p));
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
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/dashboard/', import.meta.url));

if (!executablePath) {
  console.warn(
    `dashboard browser test skipped: no Chromium at ${BROWSERS.join(', ')} (install Debian's chromium: apt-get install -y chromium, or set RODEO_CHROMIUM)`,
  );
}

/** Miner text with markup in it: the page must show it as text, never as HTML. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"> <b>bold?</b> ';

describe.skipIf(!executablePath)('dashboard in headless Chromium', () => {
  let fx: FixtureValidator;
  let api: RunningValidatorApi;
  let running: FixtureApi | undefined;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const stranger = fixtureAddress('stranger');

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    running = await startFixtureApi({
      answers: [
        `${HOSTILE}The sky looks blue because air scatters short blue wavelengths of sunlight far more than red ones, so blue light reaches your eyes from every direction.`,
        'Sunlight bounces off gas molecules; blue light bounces the most (Rayleigh scattering), which paints the whole sky blue.',
      ],
      arena: { minViewMs: 1000 },
    });
    ({ fx, api } = running);
    browser = await chromium.launch({ executablePath, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Below the test timeout, so a stuck step fails with Playwright's message naming it.
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(api.url)) problems.push(`external request: ${req.url()}`);
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
      /^copy of 5\w{4}…\w{4}'s submission \(same image\), committed later$/,
    );

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
    expect(page.url()).toContain(`#/miner/${fx.hotkeys[2]}`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('slow-starter');
    const series = page.locator('svg.chart').first().locator('g.series');
    expect(await series.count()).toBe(5);
    expect(await series.first().locator('circle').count()).toBe(8);
    expect(await page.locator('svg.timing g.event').count()).toBeGreaterThan(40);
    expect(await page.locator('svg.timing g.event[data-kind="k"]').count()).toBe(6);
    await expect(page.locator('pre.manifest').textContent()).resolves.toContain('"name": "slow-starter"');
    await shot('miner');

    fx.advance();
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
    expect(await page.locator('table.events .kind-payout').count()).toBe(1);
    await expect(
      page.locator('table.events tr:has(.kind-payout) code').getAttribute('title'),
    ).resolves.toMatch(/^0x[0-9a-f]{64}$/);
    await shot('pool');
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
    expect(fx.store.recorded).toHaveLength(1);
    await shot('arena-reveal');
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    // The one expected failure: the browser logs the 404 of the unknown miner's page.
    expect(problems.filter((p) => !p.includes(`/api/miners/${stranger}`))).toEqual([]);
  });
});
