#!/usr/bin/env node
// The `rodeo` command. Runs the compiled build (dist/, made by `npm ci` or `npm run build`) when it is fresher
// than every source file, else the TypeScript sources through tsx (slower to start, never out of date).
// RODEO_FROM_SOURCE=1 forces the sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, distState, ROOT } from './dist.mjs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // answered without loading the CLI (which loads the chain client and the servers)
  process.stdout.write(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
} else {
  const state = process.env.RODEO_FROM_SOURCE === '1' ? 'skipped' : distState();
  let entry;
  if (state === 'fresh') entry = pathToFileURL(join(DIST, 'cli', 'main.js')).href;
  else {
    if (state === 'stale' && process.stderr.isTTY)
      process.stderr.write(
        'rodeo: dist/ is older than the sources, so they run through tsx (`npm run build` to refresh)\n',
      );
    const { register } = await import('tsx/esm/api');
    register();
    entry = '../cli/main.ts';
  }
  const { main } = await import(entry);
  await main(process.argv);
}
