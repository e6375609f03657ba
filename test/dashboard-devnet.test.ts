import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { SIM_PROFILES, type Simulator, startSimulator, TaskIndex } from '../localnet/index.js';
import {
  createArena,
  createValidatorMetrics,
  LedgerAdmin,
  LedgerArenaStore,
  ReadModel,
  type RunningValidatorApi,
  startValidatorApi,
} from '../validator/index.js';
import {
  ARTIFACTS,
  chromiumPath,
  expectPoolTableMatchesChart,
  launchChromium,
  linesOf,
  NO_CHROMIUM,
} from '../validator/testing/dashboard-browser.js';
import { testAddress } from '../validator/testing/ledger-validator.js';
import { writePoolStory } from '../validator/testing/pool-rounds.js';

/**
 * The dashboard over what a devnet validator really serves: the read model of a LevelDB ledger written round by
 * round (a champion, a challenger who takes #1 and is paid, a copycat), and an arena whose contestants are the
 * devnet's simulated miners. Screenshots: artifacts/dashboard/devnet-*.png.
 */

if (!chromiumPath) console.warn(`devnet dashboard browser test skipped: ${NO_CHROMIUM}`);

const hotkeys = {
  holder: testAddress('devnet-holder'),
  challenger: testAddress('devnet-challenger'),
  copycat: testAddress('devnet-copycat'),
};

describe.skipIf(!chromiumPath)(
  'dashboard over a devnet ledger and simulated miners, in headless Chromium',
  () => {
    let dir: string;
    let ledger: Ledger;
    let sim: Simulator;
    let api: RunningValidatorApi;
    let browser: Browser;
    let page: Page;
    let payoutRound = 0;
    const problems: string[] = [];

    const shot = (name: string) =>
      page.screenshot({ path: `${ARTIFACTS}devnet-${name}.png`, fullPage: true });

    beforeAll(async () => {
      console.info(`dashboard screenshots: ${ARTIFACTS}devnet-*.png`);
      await cryptoWaitReady();
      const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      dir = mkdtempSync(join(tmpdir(), 'rodeo-dashboard-devnet-'));
      sim = await startSimulator({
        host: '127.0.0.1',
        port: 0,
        profiles: [SIM_PROFILES.strong, SIM_PROFILES['slow-starter']],
        index: new TaskIndex({ rounds: 2 }),
      });
      ledger = await openLedger(join(dir, 'ledger'));
      const story = await writePoolStory(ledger, signer, hotkeys, {
        endpoints: { holder: sim.url('strong'), challenger: sim.url('slow-starter') },
      });
      payoutRound = story.payoutRound;
      const model = await ReadModel.load(ledger);
      const config = { ...ConfigSchema.parse({}).validator.api, port: 0 };
      const metrics = createValidatorMetrics();
      const store = await LedgerArenaStore.open(ledger, model);
      const arena = createArena({ store, config: { ...config.arena, minViewMs: 0 }, metrics });
      const admin = new LedgerAdmin({ ledger, by: signer.address, logger: silentLogger, observer: {} });
      api = await startValidatorApi({ view: model, admin, metrics, config, arena });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
      await api?.close();
      await sim?.close();
      await ledger?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("shows the copycat's reason with the original's hotkey shortened, on at most two lines", async () => {
      await page.goto(`${api.url}/`);
      await page.waitForSelector('main[data-ready] #leaderboard tbody tr');
      const reason = page.locator(`tr[data-hotkey="${hotkeys.copycat}"] .reason`);
      await expect(reason.textContent()).resolves.toMatch(
        /^copy of 5\w{4}…\w{4}'s submission \(same image digest\), committed later$/,
      );
      await expect(reason.locator('.key code').getAttribute('title')).resolves.toBe(hotkeys.holder);
      expect(await linesOf(reason)).toBeLessThanOrEqual(2);
      await expect(page.locator('#leaderboard time.when .time').first().textContent()).resolves.toMatch(
        /^\d\d:\d\d UTC$/,
      );
      await shot('rankings');
    });

    it('lists accruals, the claim and the payout in the pool table, matching the balance chart', async () => {
      await page.click('nav a:text("Prize pool")');
      await page.waitForSelector('main[data-ready] svg.chart');
      await expectPoolTableMatchesChart(page);
      const kinds = await page.$$eval('#pool-events tbody tr', (trs) => trs.map((tr) => tr.dataset.kind));
      expect(new Set(kinds)).toEqual(new Set(['accrual', 'claim', 'payout']));
      await expect(
        page
          .locator(`#pool-events tr[data-kind="payout"][data-round="${payoutRound}"] td:nth-child(5)`)
          .textContent(),
      ).resolves.toBe('0 τ');
      await expect(
        page.locator(`#pool-events tr[data-kind="payout"] td.detail`).textContent(),
      ).resolves.toMatch(/confirmed: paying 0\.5 τ$/);
      // the holders' hotkeys in the details are shortened too
      for (const key of await page.locator('#pool-events td.detail .key').all())
        expect(await linesOf(key)).toBe(1);
      await shot('pool');
    });

    it('lists the last round by rank', async () => {
      await page.goto(`${api.url}/#/round/${payoutRound + 2}`);
      await page.waitForSelector('main[data-ready] table.events tbody tr');
      const order = await page.$$eval('table.events tbody tr', (trs) => trs.map((tr) => tr.dataset.hotkey));
      // the challenger took #1; the copycat is not eligible
      expect(order).toEqual([hotkeys.challenger, hotkeys.holder, hotkeys.copycat]);
      await shot('round');
    });

    it("shows the simulated miners' labelled canned replies in the arena, each in its profile's shape", async () => {
      await page.click('nav a:text("Arena")');
      await page.waitForSelector('main[data-ready] #arena-prompt');
      await page.fill('#arena-prompt', 'Write a haiku about rodeo clowns.');
      await page.click('button:text("Start battle")');
      await page.waitForSelector('button[data-vote="a"]:enabled');
      const answers = (await page.locator('.answer').allTextContents()).sort();
      expect(answers).toHaveLength(2);
      expect(answers[0]).toMatch(/^\[simulated reply · sim-slow-starter\][\s\S]*slow: a slow start/);
      expect(answers[1]).toMatch(/^\[simulated reply · sim-strong\][\s\S]*fast: a quick first word/);
      await shot('arena-answers');
      await page.click('button[data-vote="tie"]');
      await page.waitForSelector('.elo-change[data-side="a"]');
      await shot('arena-reveal');
    });

    it('loaded nothing from elsewhere and logged no errors', () => {
      expect(problems).toEqual([]);
    });
  },
);
