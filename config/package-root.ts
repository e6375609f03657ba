import { fileURLToPath } from 'node:url';

/**
 * The package's folder (package.json, bin/): one level above config/ in the sources, two above dist/config/ when
 * running the compiled build.
 */
export const PACKAGE_ROOT = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url),
);
