#!/usr/bin/env node
// `npm run perf -- <name>` runs perf/<name>.ts (no name: lists them).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../perf/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  process.stdout.write(`usage: npm run perf -- <${names.join('|')}> [args]\n`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`, ...process.argv.slice(3)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
