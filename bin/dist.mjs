// Where the compiled build lives and whether it is fresh: used by bin/rodeo.mjs (to choose dist/ or the
// sources through tsx) and by bin/build.mjs (which makes dist/). Plain JS so it runs before anything is built.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = join(ROOT, 'dist');
/** Written last by the build: {"startedMs": N}, the time the build began reading the sources. */
export const STAMP = join(DIST, 'build-stamp.json');
/** The folders compiled into dist/: tsconfig.build.json's include. */
export const SOURCE_DIRS = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')).include;
/** Files read at run time next to the code (copied into dist/ beside the compiled modules). */
export const ASSET_DIRS = ['datasets/suites', 'validator/dashboard'];
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'bin/build.mjs'];

const isTest = (name) => name.endsWith('.test.ts');
const isAsset = (rel) => ASSET_DIRS.some((d) => rel === d || rel.startsWith(`${d}/`));

/**
 * The newest modification time (ms) among the files the build reads (Infinity when one cannot be read); stops
 * early at the first file newer than `enough`.
 */
export function newestSourceMtime(enough = Number.POSITIVE_INFINITY) {
  let newest = 0;
  const walk = (rel) => {
    if (!existsSync(join(ROOT, rel))) return;
    for (const entry of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      if (newest >= enough) return;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(child);
      } else if (isAsset(child) ? !isTest(entry.name) : entry.name.endsWith('.ts') && !isTest(entry.name)) {
        newest = Math.max(newest, statSync(join(ROOT, child)).mtimeMs);
      }
    }
  };
  try {
    for (const dir of SOURCE_DIRS) walk(dir);
    for (const file of BUILD_FILES) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return newest;
}

/** 'fresh' when dist/ was built from the sources as they are now; else 'absent' or 'stale'. */
export function distState() {
  let startedMs;
  try {
    startedMs = JSON.parse(readFileSync(STAMP, 'utf8')).startedMs;
  } catch {
    return 'absent';
  }
  return typeof startedMs === 'number' && newestSourceMtime(startedMs) < startedMs ? 'fresh' : 'stale';
}
