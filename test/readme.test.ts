import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/main.js';
import { configReferenceMarkdown } from '../config/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays true to the code', () => {
  it('holds the configuration reference generated from the schemas (npm run docs regenerates it)', () => {
    expect(readme).toContain(configReferenceMarkdown());
  });

  it('names the two commands and every top-level command exists', () => {
    expect(readme).toContain('npm ci && npm link && rodeo devnet');
    expect(readme).toContain('npm ci && npm test');
    const commands = buildProgram().commands.map((c) => c.name());
    for (const name of [
      'devnet',
      'bench',
      'validator',
      'replay',
      'ledger',
      'miner',
      'weights',
      'metagraph',
      'config',
      'datasets',
      'chain',
    ]) {
      expect(commands).toContain(name);
    }
  });
});
