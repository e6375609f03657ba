import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** A `rodeo` command line as written in a deploy file or a doc: its subcommand path and the flags it passes. */
export interface RodeoCommand {
  /** e.g. ['validator', 'run'] */
  path: string[];
  /** long flags as typed, without values: ['--chain', '--wallet.name'] */
  flags: string[];
  /** where it was written, for messages */
  where: string;
}

const BIN = resolve(import.meta.dirname, '../bin/rodeo.mjs');

/** Splits the words after `rodeo` into the subcommand path (leading plain words) and the long flags. */
export function parseRodeoArgs(args: string[], where: string): RodeoCommand {
  const path: string[] = [];
  for (const a of args) {
    if (a.startsWith('-') || a.startsWith('<') || a.includes('/') || a.includes('$')) break;
    path.push(a);
  }
  const flags = args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!);
  return { path, flags, where };
}

const helps = new Map<string, Promise<{ code: number; text: string }>>();

/** `rodeo <path> --help` through the real bin (cached per path): its exit code and text. */
export function rodeoHelp(path: string[]): Promise<{ code: number; text: string }> {
  const key = path.join(' ');
  let help = helps.get(key);
  if (!help) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RODEO_')));
    help = promisify(execFile)(process.execPath, [BIN, ...path, '--help'], { env, timeout: 120_000 }).then(
      (r) => ({ code: 0, text: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof e.code === 'number' ? e.code : 1,
        text: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    helps.set(key, help);
  }
  return help;
}

/**
 * What is wrong with a command: an unknown subcommand (its --help fails or shows another command's usage) or a
 * flag that neither the subcommand's nor the program's --help lists. Empty when all is well.
 */
export async function commandProblems(cmd: RodeoCommand): Promise<string[]> {
  if (cmd.path.length === 0) return [`${cmd.where}: no subcommand`];
  const help = await rodeoHelp(cmd.path);
  const usage = `Usage: rodeo ${cmd.path.join(' ')} `;
  if (help.code !== 0 || !help.text.includes(usage))
    return [`${cmd.where}: \`rodeo ${cmd.path.join(' ')}\` is not a command (its --help: exit ${help.code})`];
  const global = await rodeoHelp([]);
  const listed = (text: string, flag: string) =>
    new RegExp(`(^|[\\s,])${flag.replaceAll('.', '\\.')}([\\s,=]|$)`, 'm').test(text);
  return cmd.flags
    .filter((f) => f !== '--help' && !listed(help.text, f) && !listed(global.text, f))
    .map((f) => `${cmd.where}: \`rodeo ${cmd.path.join(' ')}\` has no flag ${f}`);
}
