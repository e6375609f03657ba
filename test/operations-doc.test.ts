import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSettings } from '../config/index.js';
import { createValidatorMetrics } from '../validator/index.js';
import { commandProblems, parseRodeoArgs, type RodeoCommand } from './cli-commands.js';
import { exportedNames, metricNames } from './promql.js';

const DOC = 'docs/operations.md';
const doc = readFileSync(new URL(`../${DOC}`, import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced code blocks of a Markdown text, with their language and the line each starts at. */
function codeBlocks(text: string): { lang: string; body: string; line: number }[] {
  const blocks: { lang: string; body: string; line: number }[] = [];
  for (const m of text.matchAll(/^[ \t]*```(\w*)\n([\s\S]*?)^[ \t]*```/gm)) {
    blocks.push({ lang: m[1]!, body: m[2]!, line: text.slice(0, m.index).split('\n').length });
  }
  return blocks;
}

/** Every `rodeo ...` command of the doc: in shell blocks (each command of a pipeline or list) and inline code. */
function rodeoCommands(text: string): RodeoCommand[] {
  const commands: RodeoCommand[] = [];
  const add = (command: string, where: string) => {
    const words = command
      .trim()
      .replace(/^sudo -u \S+ /, '')
      .split(/\s+/);
    // `rodeo ...` stands for any command
    if (words[0] === 'rodeo' && words.length > 1 && words[1] !== '...')
      commands.push(parseRodeoArgs(words.slice(1), where));
  };
  for (const block of codeBlocks(text).filter((b) => b.lang === 'sh')) {
    block.body.split('\n').forEach((line, i) => {
      const code = line.replace(/\s#\s.*$/, '');
      for (const part of code.split(/&&|\|\||[|;>]/)) add(part, `${DOC}:${block.line + 1 + i}`);
    });
  }
  const prose = text.replace(/^[ \t]*```\w*\n[\s\S]*?^[ \t]*```/gm, '');
  for (const m of prose.matchAll(/`(rodeo [^`]+)`/g)) add(m[1]!, `${DOC} (inline \`${m[1]}\`)`);
  return commands;
}

describe('docs/operations.md', () => {
  it('prints only rodeo commands that exist, with flags they take', async () => {
    const commands = rodeoCommands(doc);
    const paths = new Set(commands.map((c) => c.path.join(' ')));
    // the runbook covers running, the ledger's backup and restore, replay and the coldkey check
    for (const p of [
      'validator run',
      'ledger export',
      'ledger import',
      'ledger verify',
      'replay',
      'wallet unlock',
    ])
      expect(paths, p).toContain(p);
    const problems = (await Promise.all(commands.map(commandProblems))).flat();
    expect(problems).toEqual([]);
    // the extraction sees a mistyped command
    const typo = rodeoCommands('```sh\nsudo -u rodeo rodeo ledger exprt --ledger x > y\n```\n');
    expect((await Promise.all(typo.map(commandProblems))).flat()).toHaveLength(1);
  }, 600_000);

  it("reads in its alert rules only series the validator's registry exports", async () => {
    const exported = await exportedNames(createValidatorMetrics().registry);
    const exprs = codeBlocks(doc)
      .filter((b) => b.lang === 'yaml')
      .flatMap((b) => [...b.body.matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1]!));
    expect(exprs.length).toBeGreaterThanOrEqual(5);
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect(exported, `${name} in ${expr}`).toContain(name);
    }
  });

  it('names only RODEO_* variables that are settings, and the README links to it', () => {
    const known = new Set(listSettings().flatMap((s) => [s.env, ...s.envAliases]));
    for (const [name] of doc.matchAll(/\bRODEO_[A-Z0-9_]+/g)) expect(known, name).toContain(name);
    expect(readme).toContain('(docs/operations.md)');
  });
});
