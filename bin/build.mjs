#!/usr/bin/env node
// `npm run build` (and `npm ci`, through the prepare script): compiles the sources to dist/ with tsc
// (tsconfig.build.json) and copies the files read at run time beside them. bin/rodeo.mjs runs dist/ when it is
// fresher than every source file, else the sources through tsx. The build goes to a temporary folder that
// replaces dist/ only when complete, so a half-written dist/ is never run.
// --if-possible (the prepare script): without TypeScript (npm ci --omit=dev) or on a compile error, say so and
// leave no dist/ (rodeo then runs from the sources) instead of failing the install.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ASSET_DIRS, DIST, ROOT, STAMP } from './dist.mjs';

const lenient = process.argv.includes('--if-possible');
const say = (text) => process.stderr.write(`rodeo build: ${text}\n`);
const out = join(ROOT, `dist.build-${process.pid}`);
const giveUp = (why) => {
  rmSync(out, { recursive: true, force: true });
  rmSync(DIST, { recursive: true, force: true });
  say(`${why}; no dist/ was made, so rodeo runs from the TypeScript sources (about 2 s more per command)`);
  process.exit(lenient ? 0 : 1);
};

let tsc;
try {
  tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  giveUp('TypeScript is not installed (a production install?)');
}
// a margin for file systems whose timestamps lag the clock: a source saved during the build makes dist/ stale
const startedMs = Date.now() - 1000;
rmSync(out, { recursive: true, force: true });
try {
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) giveUp(`tsc failed (exit ${r.status ?? r.signal}; its errors are above)`);
  for (const dir of ASSET_DIRS) {
    cpSync(join(ROOT, dir), join(out, dir), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  }
  writeFileSync(join(out, 'build-stamp.json'), `${JSON.stringify({ startedMs })}\n`);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(out, DIST);
  if (!existsSync(STAMP)) giveUp('dist/ was replaced while building');
  say(`compiled to ${DIST}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
