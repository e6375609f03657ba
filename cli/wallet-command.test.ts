import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/rodeo.mjs');
const FIXTURE = resolve(import.meta.dirname, '../chain/fixtures/nacl-wallet/fixture');
const PASSWORD = 'rodeo fixture password 7';
const ADDRESS = '5ENgrqUm2AvgZHVxS8sTx1xBq3BUQzE55KWypvzs6UzdrJ7m';
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_')));

/** Runs a child to its end, collecting stdout and stderr as one text; `onOutput` sees the text as it grows. */
function run(child: ChildProcessWithoutNullStreams, onOutput?: (text: string) => void) {
  let text = '';
  const add = (b: Buffer) => {
    text += b.toString('utf8');
    onOutput?.(text);
  };
  child.stdout.on('data', add);
  child.stderr.on('data', add);
  return new Promise<{ code: number | null; text: string }>((done) =>
    child.on('close', (code) => done({ code, text })),
  );
}

describe('rodeo wallet unlock', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rodeo-unlock-'));
    cpSync(FIXTURE, join(root, 'fixture'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('without a terminal and without a password source, says how to give one', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'wallet', 'unlock', '--wallet.path', root, '--wallet.name', 'fixture'],
      {
        env: cleanEnv(),
      },
    );
    child.stdin.end();
    const out = await run(child);
    expect(out.code).toBe(1);
    expect(out.text).toContain('CHAIN_COLDKEY_PASSWORD_NEEDED');
    expect(out.text).toContain('--wallet.password-file');
  }, 120_000);

  it('on a terminal asks for the password without echoing it and unlocks the coldkey', async () => {
    // script(1) gives the command a pseudo-terminal; what we write to its stdin is typed into it
    const command = [
      process.execPath,
      BIN,
      'wallet',
      'unlock',
      '--wallet.path',
      root,
      '--wallet.name',
      'fixture',
    ]
      .map((a) => `'${a.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...cleanEnv(), TERM: 'dumb' } });
    let typed = false;
    const out = await run(child, (text) => {
      // type only once the prompt is up: raw mode is on then, so the terminal echoes nothing
      if (!typed && text.includes('Password of the encrypted coldkey')) {
        typed = true;
        child.stdin.write(`${PASSWORD}\r`);
      }
    });
    expect(typed).toBe(true);
    expect(out.code).toBe(0);
    expect(out.text).toContain(`coldkey unlocked: ${ADDRESS}`);
    expect(out.text).not.toContain(PASSWORD);
  }, 600_000);
});
