import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `rodeo devnet` on a real terminal: the command runs in a tmux pane (a pseudo-terminal with a terminal
 * emulator and a scrollback, as a person's would be) 160 and 80 columns wide, and the test reads the pane and
 * its whole scrollback as the terminal shows them. A stale frame is a copy of the live block that a redraw
 * failed to erase (because its lines wrapped, or it was taller than the screen): it stays in the scrollback
 * with its header line. So at every look there may be at most one header line in the whole scrollback (the
 * live block), none once the run is over, and more than one distinct header must have been seen (the block
 * really was redrawn).
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'rodeo.mjs');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `rodeo-test-${process.pid}`;
const HEADER = /^Rodeo devnet — round /;
const LOOKS = 600; // at most 10 minutes of looks, one a second

const tmux = (...args: string[]) => {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
/** The pane's scrollback and screen as the terminal shows them, wrapped lines joined (-J). */
const scrollback = (session: string) => tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-', '-E', '-');
/** The visible screen only, wrapped lines joined. */
const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-t', session);
const headers = (text: string) => text.split('\n').filter((l) => HEADER.test(l));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Watch {
  text: string;
  exit: number;
  distinctHeaders: Set<string>;
  /** Every live block seen on screen, its lines joined. */
  blocks: string[];
}

/**
 * Starts `rodeo devnet ARGS` in a pane `columns` x `rows`, looks at it once a second until the command exits
 * (checking the scrollback for stale frames and the live block for lines wider than the pane at each look),
 * and calls `onLook` with the screen so a test can press keys.
 */
async function watch(
  columns: number,
  rows: number,
  args: string[],
  onLook: (screenText: string) => void = () => undefined,
): Promise<Watch> {
  const session = `w${columns}`;
  const data = mkdtempSync(join(tmpdir(), `rodeo-devnet-tty-${columns}-`));
  const command = `${process.execPath} ${BIN} devnet --data ${data} --chain-port 0 ${args.join(' ')}; echo RODEO-EXIT=$?; sleep 3600`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', ROOT, command);
  const distinctHeaders = new Set<string>();
  const blocks: string[] = [];
  try {
    for (let look = 0; look < LOOKS; look++) {
      await sleep(1000);
      const all = scrollback(session);
      const live = headers(all);
      expect(
        live.length,
        `stale frames in the scrollback at ${columns} columns:\n${all}`,
      ).toBeLessThanOrEqual(1);
      for (const h of live) distinctHeaders.add(h);
      const shown = screen(session).split('\n');
      const top = shown.findIndex((l) => HEADER.test(l));
      if (top >= 0) {
        // the live block runs from its header to its dashboard line; none of its lines may wrap
        const end = shown.findIndex((l, i) => i > top && l.startsWith('dashboard: '));
        blocks.push(shown.slice(top, end + 1).join('\n'));
        for (const line of shown.slice(top, end + 1))
          expect(line.length, `a live line wider than ${columns}: ${line}`).toBeLessThanOrEqual(columns);
      }
      onLook(shown.join('\n'));
      const exit = /RODEO-EXIT=(\d+)/.exec(all);
      if (exit) return { text: all, exit: Number(exit[1]), distinctHeaders, blocks };
    }
    throw new Error(`rodeo devnet did not exit within ${LOOKS} s:\n${scrollback(session)}`);
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', session]);
  }
}

const title = hasTmux
  ? 'rodeo devnet on a terminal (tmux)'
  : 'rodeo devnet on a terminal: skipped, tmux is not installed (apt-get install tmux)';

describe.skipIf(!hasTmux)(title, () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    // the server leaves its socket file behind
    const uid = process.getuid?.() ?? 0;
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, SOCKET), { force: true });
  });

  it('160 columns: the full table redrawn in place, no stale frame, summary and hints that work after the run', {
    timeout: 660_000,
  }, async () => {
    const w = await watch(160, 40, ['--rounds', '2', '--tasks', '2']);
    expect(w.exit, w.text).toBe(0);
    expect(headers(w.text), 'the live block is cleared at the end').toEqual([]);
    expect(w.distinctHeaders.size, 'the live block was redrawn').toBeGreaterThan(1);
    expect(w.blocks.some((b) => b.includes('modality') && b.includes('5'))).toBe(true);
    expect([...w.distinctHeaders].every((h) => / of 2 /.test(h))).toBe(true);
    expect(w.text).toContain('devnet: OK');
    const ledger = /^ledger: (\S+)$/m.exec(w.text)?.[1];
    expect(ledger, 'the ledger path is printed at start').toBeDefined();
    expect(w.text).toContain(`again: rodeo replay --ledger ${ledger}`);
    // the chain is gone after the run: no hint may send the user to it
    expect(w.text).not.toMatch(/inspect.*rodeo weights --chain ws:/);
    expect(w.text).toContain('`rodeo devnet --keep` keeps it up');
  });

  it('80 columns with --keep: a compact table, "round N" without a total, Ctrl-C prints the summary and the ledger', {
    timeout: 660_000,
  }, async () => {
    let pressed = false;
    const w = await watch(80, 24, ['--rounds', '1', '--tasks', '2', '--keep'], (shown) => {
      // round 2 is past --rounds: the summary is out and the validator goes on; stop it as a person would
      if (!pressed && /^Rodeo devnet — round 2 /m.test(shown)) {
        tmux('send-keys', '-t', 'w80', 'C-c');
        pressed = true;
      }
    });
    expect(pressed, w.text).toBe(true);
    expect(w.exit, w.text).toBe(0);
    expect(headers(w.text)).toEqual([]);
    expect(w.distinctHeaders.size).toBeGreaterThan(1);
    for (const h of w.distinctHeaders) expect(h).not.toMatch(/ of \d/);
    // compact: the 160-column table's columns are not there
    expect(w.blocks.length).toBeGreaterThan(0);
    expect(w.blocks.some((b) => b.includes('modality'))).toBe(false);
    expect(w.blocks.some((b) => b.includes('implementation') && b.includes('weight'))).toBe(true);
    const ledger = /^ledger: (\S+)$/m.exec(w.text)?.[1];
    expect(ledger).toBeDefined();
    const started = w.text.indexOf(`ledger: ${ledger}`);
    const summary = w.text.indexOf('rounds sealed, more to come');
    const stopped = w.text.search(/Rodeo devnet stopped by SIGINT after \d+ rounds? sealed/);
    expect(started).toBeGreaterThanOrEqual(0);
    expect(summary).toBeGreaterThan(started);
    expect(stopped).toBeGreaterThan(summary);
    expect(w.text.slice(stopped)).toContain(`ledger: ${ledger}`);
    expect(w.text.slice(stopped)).toContain(`check it: rodeo replay --ledger ${ledger}`);
    // while it was up, the summary's chain hint named the running chain
    expect(w.text).toMatch(/inspect them while it is up: rodeo weights --chain ws:\/\/\S+ --netuid \d+/);
  });
});
