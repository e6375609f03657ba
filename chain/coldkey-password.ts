import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ChainConfig } from '../config/index.js';
import { ChainErrors } from './errors.js';

/** A password and where it came from (named in errors; the password never is). */
export interface Password {
  value: string;
  source: string;
}

/** Asks for a password; the TTY prompt by default. Tests and callers without a terminal pass their own. */
export type AskPassword = (question: string) => Promise<string>;

export interface PasswordOptions {
  env?: NodeJS.ProcessEnv;
  /** Replaces the terminal prompt; false: never prompt. */
  ask?: AskPassword | false;
}

const expandHome = (path: string) =>
  path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;

// btcli trims what is typed at its prompt, so a password never starts or ends with white space
const clean = (text: string) => text.trim();

/**
 * The coldkey password: chain.wallet.passwordFile, else the variable chain.wallet.passwordEnv names, else a
 * prompt without echo when stdin and stderr are a terminal. A source that is set but unusable is an error (never
 * a silent fall-through to the next one).
 */
export async function coldkeyPassword(
  config: ChainConfig,
  file: string,
  options: PasswordOptions = {},
): Promise<Password> {
  const { passwordFile, passwordEnv } = config.wallet;
  if (passwordFile) {
    const path = expandHome(passwordFile);
    const source = `chain.wallet.passwordFile (${path})`;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw ChainErrors.COLDKEY_PASSWORD_UNAVAILABLE(
        source,
        code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code ?? 'error'})`,
      );
    }
    const value = clean(text);
    if (!value) throw ChainErrors.COLDKEY_PASSWORD_UNAVAILABLE(source, 'the file is empty');
    return { value, source };
  }
  if (passwordEnv) {
    const source = `the environment variable ${passwordEnv} (chain.wallet.passwordEnv)`;
    const value = clean((options.env ?? process.env)[passwordEnv] ?? '');
    if (!value) throw ChainErrors.COLDKEY_PASSWORD_UNAVAILABLE(source, 'it is not set or is empty');
    return { value, source };
  }
  const ask = options.ask ?? (process.stdin.isTTY && process.stderr.isTTY ? promptHidden : false);
  if (!ask) throw ChainErrors.COLDKEY_PASSWORD_NEEDED(file);
  const value = clean(await ask(`Password of the encrypted coldkey ${file}: `));
  if (!value) throw ChainErrors.COLDKEY_PASSWORD_UNAVAILABLE('the terminal prompt', 'nothing was typed');
  return { value, source: 'the terminal prompt' };
}

/**
 * Reads one line from the terminal in raw mode, echoing nothing. Enter ends it; Backspace and Ctrl-U edit;
 * Ctrl-C and Ctrl-D (on an empty line) cancel with a coded error.
 */
export function promptHidden(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw;
    let typed: string[] = [];
    const finish = (cancelled: boolean) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (cancelled) reject(ChainErrors.COLDKEY_PASSWORD_UNAVAILABLE('the terminal prompt', 'cancelled'));
      else resolve(typed.join(''));
      typed = [];
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish(false);
        if (ch === '\u0003' || (ch === '\u0004' && typed.length === 0)) return finish(true);
        if (ch === '\u007f' || ch === '\b') typed.pop();
        else if (ch === '\u0015') typed = [];
        else if (ch >= ' ') typed.push(ch);
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
